package dev.netns.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.ExecResult;
import dev.netns.NetnsException;
import dev.netns.ProbeResult;
import dev.netns.Route;
import dev.netns.internal.core.Backend;
import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.core.Fixtures;
import dev.netns.internal.spi.LinkState;
import dev.netns.internal.spi.NetOp;
import dev.netns.internal.core.NetnsImpl;
import dev.netns.internal.core.Ownership;
import dev.netns.internal.core.Scope;
import dev.netns.internal.spi.VethSpec;
import dev.netns.internal.local.LocalBackend;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Set-up failing halfway, at every step: an engine wrapper fails the N-th kernel operation, for
 * N = 1, 2, ... until the fixture builds. After each failure the scope's cleanup must leave
 * nothing behind.
 */
@Tag("stress")
@org.junit.jupiter.api.parallel.Isolated
class FaultInjectionStressTest {

  /** Fails the {@code failAt}-th changing call (reads are never failed). */
  static final class FaultyEngine implements Engine {
    final Engine real;
    final int failAt;
    final AtomicInteger calls = new AtomicInteger();

    FaultyEngine(Engine real, int failAt) {
      this.real = real;
      this.failAt = failAt;
    }

    void step(String what) {
      if (calls.incrementAndGet() == failAt) throw new NetnsException("injected fault at step " + failAt + ": " + what);
    }

    @Override public String describe() { return "faulty " + real.describe(); }
    @Override public void createNamespaces(List<String> names) { step("createNamespaces"); real.createNamespaces(names); }
    @Override public void deleteNamespaces(List<String> names) { real.deleteNamespaces(names); }
    @Override public List<String> listNamespaces() { return real.listNamespaces(); }
    @Override public ExecResult exec(String ns, ExecRequest r) { step("exec"); return real.exec(ns, r); }
    @Override public void createVeth(VethSpec s) { step("createVeth " + s.leftName()); real.createVeth(s); }
    @Override public void apply(String ns, List<NetOp> ops) { step("apply " + ops); real.apply(ns, ops); }
    @Override public List<LinkState> applyAndRead(String ns, List<NetOp> ops) { step("apply " + ops); return real.applyAndRead(ns, ops); }
    @Override public List<LinkState> links(String ns) { return real.links(ns); }
    @Override public List<Route> routes(String ns) { return real.routes(ns); }
    @Override public ProbeResult ping(String ns, String ip, Duration t) { return real.ping(ns, ip, t); }
    @Override public ProbeResult connect(String ns, String ip, int port, Duration t) { return real.connect(ns, ip, port, t); }
    @Override public Optional<String> namespaceOfNsid(String ns, int nsid) { return real.namespaceOfNsid(ns, nsid); }
    @Override public String readSysctl(String ns, String key) { return real.readSysctl(ns, key); }
  }

  static final class FaultyBackend extends Backend {
    FaultyBackend(Engine e) {
      super(e, "local");
    }

    @Override public String describe() { return "local kernel (fault injection)"; }
    @Override public boolean hostIsStandIn() { return true; }
  }

  /** The mini container network: host stand-in, two pods, a bridge, routes, a sysctl. */
  static void build(Scope scope) {
    List<NetnsImpl> ns = scope.createNamespaces(List.of("pod1", "pod2"), true);
    NetnsImpl host = scope.host();
    Fixtures.createVeth(scope, ns.get(0), "eth0", host, "veth0", 1400, List.of("10.244.0.2/24"), List.of());
    Fixtures.createVeth(scope, ns.get(1), "eth0", host, "veth1", 0, List.of("10.244.0.3/24", "fd00::3/64"), List.of());
    host.bridge("cni0").address("10.244.0.1/24").up().attach("veth0").attach("veth1");
    ns.get(0).addRoute("default", "10.244.0.1", null);
    host.sysctl("net.ipv4.ip_forward", "1");
  }

  @Test
  void failureAtEveryStepLeavesNothingBehind() {
    Engine real = LocalBackend.get().engine();
    String run = Ownership.get().runId();
    List<String> before = StressSupport.namespacesOf(run);
    int failures = 0;
    for (int failAt = 1; failAt < 100; failAt++) {
      FaultyEngine engine = new FaultyEngine(real, failAt);
      Scope scope = new Scope(new FaultyBackend(engine), null, "fault at " + failAt);
      try {
        build(scope);
        scope.close();
        assertThat(failures).as("faults injected before the build succeeded").isGreaterThan(5);
        assertThat(StressSupport.namespacesOf(run)).isEqualTo(before);
        System.out.printf("fault injection: %d steps, each failure cleaned up%n", failures);
        return;
      } catch (NetnsException e) {
        assertThat(e.getMessage()).contains("injected fault at step " + failAt);
        failures++;
        scope.close();
        assertThat(StressSupport.namespacesOf(run)).as("after a fault at step %d", failAt).isEqualTo(before);
      }
    }
    throw new AssertionError("the build never succeeded");
  }

  @Test
  void aFailingCleanupIsReportedNotSwallowed() {
    Scope scope = new Scope(LocalBackend.get(), null, "cleanup failure");
    scope.createNamespaces(List.of("a"));
    scope.onClose(null, "a step that fails", () -> {
      throw new IllegalStateException("teardown broke");
    });
    assertThatThrownBy(scope::close).hasMessageContaining("a step that fails").hasMessageContaining("teardown broke");
    assertThat(StressSupport.namespacesOf(Ownership.get().runId())).isEmpty();
  }
}
