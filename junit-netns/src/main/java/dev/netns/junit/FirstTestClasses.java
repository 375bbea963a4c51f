package dev.netns.junit;

import java.util.List;

/**
 * The classes the first test of a run loads on its way from {@code beforeEach} to its first
 * assertion (taken from {@code -Xlog:class+load} of a seed-lab test), loaded and initialised by
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
      "dev.netns.assertj.NetnsAssert", "dev.netns.assertj.Retry", "dev.netns.assertj.Args");

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
