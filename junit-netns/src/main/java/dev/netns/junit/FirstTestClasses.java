package dev.netns.junit;

import java.util.List;

/**
 * The classes the first test of a run loads on its way from {@code beforeEach} to its end (ours,
 * JUnit Jupiter's per-test machinery, the evidence and pollution check; taken from
 * {@code -Xlog:class+load} of a seed-lab test, 2026-11-30), loaded and initialised by
 * the warm-up thread while JUnit is still discovering tests: on a small machine each costs the
 * first test a fraction of a millisecond of class loading and verification. Classes that are not
 * on the class path (assertj-netns is optional) are skipped.
 */
final class FirstTestClasses {

  static final List<String> NAMES = List.of(
      "dev.netns.internal.core.Scope", "dev.netns.internal.core.Scope$Step", "dev.netns.internal.core.Ownership",
      "dev.netns.internal.core.NetnsImpl", "dev.netns.internal.core.Fixtures", "dev.netns.internal.core.VethImpl",
      "dev.netns.internal.core.Readiness", "dev.netns.internal.core.Readiness$Abandoned",
      "dev.netns.internal.core.ScopedTarget", "dev.netns.internal.core.LinkImpl", "dev.netns.junit.Plan",
      "dev.netns.junit.Injection", "dev.netns.junit.Injector", "dev.netns.junit.Injectables",
      "dev.netns.junit.ScopeLifecycle", "dev.netns.junit.Stores", "dev.netns.junit.FailureNotes",
      "dev.netns.internal.Names", "dev.netns.internal.spi.VethSpec", "dev.netns.internal.spi.NetOp$LinkUp",
      "dev.netns.internal.spi.NetOp$AddAddress", "dev.netns.internal.spi.NetOp$LinkDown",
      "dev.netns.internal.spi.NetOp$SetMtu", "dev.netns.internal.spi.NetOp$SetAlias",
      "dev.netns.internal.netlink.Inet$Prefix", "dev.netns.ProbeResult", "dev.netns.Bridge",
      "dev.netns.assertj.AbstractRetryingAssert", "dev.netns.assertj.AbstractNetnsAssert",
      "dev.netns.assertj.NetnsAssert", "dev.netns.assertj.Retry", "dev.netns.assertj.Args",
      "org.junit.jupiter.engine.descriptor.TestTemplateInvocationTestDescriptor",
      "org.junit.jupiter.engine.execution.InterceptingExecutableInvoker$ReflectiveInterceptorCall$VoidMethodInterceptorCall",
      "org.junit.platform.engine.support.hierarchical.NodeTestTask$DynamicTaskState",
      "org.junit.jupiter.api.extension.TestWatcher", "org.junit.jupiter.engine.extension.RepetitionExtension",
      "org.junit.jupiter.engine.descriptor.MethodExtensionContext",
      "org.junit.jupiter.engine.execution.ExtensionContextSupplier",
      "org.junit.jupiter.engine.execution.ExtensionContextSupplier$ScopeBasedExtensionContextSupplier",
      "org.junit.jupiter.engine.descriptor.DefaultTestInstanceFactoryContext",
      "org.junit.jupiter.api.extension.TestInstancePreConstructCallback",
      "org.junit.jupiter.engine.execution.InterceptingExecutableInvoker$ReflectiveInterceptorCall",
      "org.junit.jupiter.engine.execution.ParameterResolutionUtils",
      "org.junit.jupiter.api.extension.ParameterContext",
      "org.junit.jupiter.engine.execution.ConstructorInvocation",
      "org.junit.jupiter.engine.execution.InvocationInterceptorChain$InterceptorCall",
      "org.junit.jupiter.engine.execution.InvocationInterceptorChain$ValidatingInvocation",
      "org.junit.jupiter.engine.execution.InvocationInterceptorChain$InterceptedInvocation",
      "org.junit.jupiter.engine.execution.DefaultTestInstances",
      "org.junit.jupiter.api.extension.TestInstancePostProcessor",
      "org.junit.jupiter.api.extension.ExtensionContext$Store$CloseableResource",
      "org.junit.jupiter.engine.extension.TempDirectory$FailureTracker",
      "org.junit.platform.engine.support.store.NamespacedHierarchicalStore$StoredValue$Value",
      "dev.netns.junit.ScopeLifecycle$Stored", "dev.netns.junit.EvidenceCallbacks",
      "dev.netns.junit.EvidenceCallbacks$EvidenceLocation", "dev.netns.junit.EvidenceCallbacks$Settings",
      "dev.netns.internal.evidence.EvidenceSettings", "dev.netns.internal.evidence.EvidenceSettings$Mode",
      "dev.netns.internal.evidence.EvidenceSettings$Pollution", "dev.netns.internal.evidence.PollutionCheck",
      "dev.netns.internal.core.ScopeListener", "dev.netns.internal.evidence.TestEvidence",
      "dev.netns.internal.evidence.Capture", "dev.netns.internal.spi.SentProbes$Sent",
      "dev.netns.internal.evidence.HostSnapshot", "dev.netns.internal.netlink.HostReads", "dev.netns.SysctlKey",
      "dev.netns.internal.spi.ExecRequest", "dev.netns.internal.spi.NamespacePrograms", "dev.netns.ExecResult",
      "dev.netns.junit.EvidenceCallbacks$AfterTest", "dev.netns.junit.Injectables$Param",
      "dev.netns.InterfaceName", "dev.netns.internal.core.JournalEntry$Namespace", "com.kenai.jffi.LastError",
      "com.kenai.jffi.LastError$SingletonHolder", "dev.netns.internal.netlink.PacketSocket$Calls",
      "dev.netns.internal.evidence.Capture$Source", "dev.netns.internal.spi.SentProbes",
      "dev.netns.internal.evidence.Capture$Poller", "dev.netns.internal.spi.NetOp$DeleteAddress",
      "dev.netns.internal.spi.NetOp$AddRoute", "dev.netns.internal.spi.NetOp$DeleteRoute",
      "dev.netns.internal.spi.NetOp$AddNeighbour", "dev.netns.internal.spi.NetOp$DeleteNeighbour",
      "dev.netns.internal.spi.NetOp$Sysctl", "dev.netns.internal.netlink.AddressHandler",
      "inet.ipaddr.format.AddressDivisionGroupingBase$ValueCache",
      "org.junit.jupiter.api.extension.BeforeTestExecutionCallback",
      "org.junit.jupiter.engine.execution.DefaultParameterContext",
      "org.junit.jupiter.engine.execution.MethodInvocation",
      "org.junit.jupiter.engine.extension.TimeoutExtension$TimeoutProvider",
      "org.junit.jupiter.engine.extension.TimeoutConfiguration",
      "org.junit.platform.engine.support.store.NamespacedHierarchicalStore$StoredValue$DeferredOptionalValue",
      "org.junit.jupiter.engine.extension.TimeoutDurationParser",
      "org.junit.jupiter.engine.extension.TimeoutConfiguration$TimeoutMode",
      "org.junit.jupiter.engine.extension.TimeoutConfiguration$TimeoutMode$1",
      "org.junit.jupiter.engine.extension.TimeoutConfiguration$TimeoutMode$2",
      "org.junit.jupiter.engine.extension.TimeoutConfiguration$TimeoutMode$3",
      "dev.netns.internal.reach.GridRunner", "dev.netns.internal.reach.Cell",
      "dev.netns.internal.netlink.PacketSocket$Frame", "dev.netns.internal.evidence.Capture$Packet",
      "dev.netns.internal.reach.DenialWatch", "dev.netns.internal.reach.Watched",
      "org.junit.jupiter.api.extension.AfterTestExecutionCallback",
      "dev.netns.internal.netlink.PacketSocket$Closer", "org.junit.jupiter.api.AutoClose",
      "org.junit.platform.engine.support.store.NamespacedHierarchicalStore$EvaluatedValue",
      "dev.netns.internal.evidence.PollutionCheck$LastLook", "org.junit.platform.engine.TestExecutionResult",
      "org.junit.platform.engine.TestExecutionResult$Status",
      "org.junit.jupiter.engine.descriptor.TestMethodTestDescriptor$1");

  private FirstTestClasses() {
  }

  static void load(ClassLoader loader) {
    for (String n : NAMES) {
      try {
        Class.forName(n, true, loader);
      } catch (ClassNotFoundException | LinkageError absent) {
        // optional module not on the class path, or renamed: nothing to load ahead
      }
    }
  }
}
