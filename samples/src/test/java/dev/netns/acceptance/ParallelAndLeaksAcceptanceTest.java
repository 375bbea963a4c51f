package dev.netns.acceptance;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Parallel runs (junit.jupiter.execution.parallel.enabled=true) and leak checks: after a suite
 * of passing, failing and misconfigured tests, the root namespace's links and this run's
 * namespaces in {@code ip netns list} are what they were before.
 */
class ParallelAndLeaksAcceptanceTest {

  static final Set<String> NAMES = ConcurrentHashMap.newKeySet();
  static final AtomicInteger RUNNING = new AtomicInteger();
  static final AtomicInteger MAX_RUNNING = new AtomicInteger();

  static final Map<String, String> PARALLEL = Map.of(
      "junit.jupiter.execution.parallel.enabled", "true",
      "junit.jupiter.execution.parallel.mode.default", "concurrent",
      "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
      "junit.jupiter.execution.parallel.config.strategy", "fixed",
      "junit.jupiter.execution.parallel.config.fixed.parallelism", "4");

  @Test
  void parallelTestsWithIdenticalNamesAndAddressesDoNotCollide() {
    String prefix = BadInputAcceptanceTest.runPrefix();
    List<String> nsBefore = Kit.namespacesWithPrefix(prefix);
    List<String> linksBefore = Kit.rootLinks();
    NAMES.clear();
    MAX_RUNNING.set(0);

    EngineExecutionResults r = Kit.run(SameLabEightTimes.class, PARALLEL);

    List<Throwable> f = Kit.failures(r);
    org.assertj.core.api.Assertions.assertThat(f).as(() -> f.stream().map(Kit::fullMessage).reduce("", String::concat)).isEmpty();
    org.assertj.core.api.Assertions.assertThat(r.testEvents().succeeded().count()).isEqualTo(8);
    org.assertj.core.api.Assertions.assertThat(NAMES).hasSize(8 * 3);
    org.assertj.core.api.Assertions.assertThat(MAX_RUNNING.get()).as("tests really overlapped").isGreaterThan(1);
    org.assertj.core.api.Assertions.assertThat(Kit.namespacesWithPrefix(prefix)).isEqualTo(nsBefore);
    org.assertj.core.api.Assertions.assertThat(Kit.rootLinks()).isEqualTo(linksBefore);
  }

  @Test
  void severalClassesWithStaticNestedAndPerClassFixturesInParallel() {
    String prefix = BadInputAcceptanceTest.runPrefix();
    List<String> nsBefore = Kit.namespacesWithPrefix(prefix);
    List<String> linksBefore = Kit.rootLinks();

    EngineExecutionResults r = Kit.run(List.of(InjectionAcceptanceTest.FieldScoping.class,
        InjectionAcceptanceTest.Outer.class, InjectionAcceptanceTest.PerClass.class,
        InjectionAcceptanceTest.FieldPlusParameter.class, InjectionAcceptanceTest.Child.class,
        InjectionAcceptanceTest.RepeatedAndParameterized.class, SameLabEightTimes.class), PARALLEL);

    List<Throwable> f = Kit.failures(r);
    org.assertj.core.api.Assertions.assertThat(f).as(() -> f.stream().map(Kit::fullMessage).reduce("", String::concat)).isEmpty();
    org.assertj.core.api.Assertions.assertThat(r.testEvents().succeeded().count()).isEqualTo(2 + 2 + 2 + 1 + 1 + 5 + 8);
    org.assertj.core.api.Assertions.assertThat(Kit.namespacesWithPrefix(prefix)).isEqualTo(nsBefore);
    org.assertj.core.api.Assertions.assertThat(Kit.rootLinks()).isEqualTo(linksBefore);
  }

  @Test
  void suiteOfPassingFailingAndBadTestsLeavesNothing() {
    String prefix = BadInputAcceptanceTest.runPrefix();
    List<String> nsBefore = Kit.namespacesWithPrefix(prefix);
    List<String> linksBefore = Kit.rootLinks();

    EngineExecutionResults ok = Kit.run(Mixed.class);
    org.assertj.core.api.Assertions.assertThat(ok.testEvents().succeeded().count()).isEqualTo(2);
    org.assertj.core.api.Assertions.assertThat(ok.testEvents().failed().count()).isEqualTo(3);
    for (Class<?> c : List.of(BadInputAcceptanceTest.NoPrefix.class, BadInputAcceptanceTest.DuplicateName.class,
        BadInputAcceptanceTest.BadFieldAddress.class, BadInputAcceptanceTest.BadAddressLaterParameter.class)) {
      Kit.run(c);
    }

    org.assertj.core.api.Assertions.assertThat(Kit.namespacesWithPrefix(prefix)).as("ip netns list (this run)").isEqualTo(nsBefore);
    org.assertj.core.api.Assertions.assertThat(Kit.rootLinks()).as("root namespace links").isEqualTo(linksBefore);
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class SameLabEightTimes {
    @RepeatedTest(8)
    void lab(@HostNamespace Netns host, @NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
             @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                       leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable,
             @VethPair(left = "red", leftName = "uplink", rightName = "veth-host", leftAddress = "10.1.0.2/24",
                       rightAddress = "10.1.0.1/24") Veth up) throws InterruptedException {
      int now = RUNNING.incrementAndGet();
      MAX_RUNNING.accumulateAndGet(now, Math::max);
      try {
        NAMES.add(host.name());
        NAMES.add(red.name());
        NAMES.add(blue.name());
        assertThat(red).canPing("10.0.0.2").canPing("10.1.0.1");
        assertThat(blue).canPing("10.0.0.1").cannotPing("10.1.0.1", java.time.Duration.ofMillis(300));
        Thread.sleep(200);
      } finally {
        RUNNING.decrementAndGet();
      }
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class Mixed {
    @NetNamespace("s") static Netns shared;
    @VethPair(left = "s", leftName = "static0") static Veth staticVeth;

    @Test void passes(@NetNamespace("a") Netns a, @VethPair(left = "a", right = "b") Veth v) {
      assertThat(a).hasLink(v.left().name());
    }

    @Test void passesWithHostBridge(@HostNamespace Netns host, @VethPair(left = "p", rightName = "vh0") Veth v) {
      host.exec("ip", "link", "add", "br0", "type", "bridge").orThrow();
      host.exec("ip", "link", "set", "vh0", "master", "br0").orThrow();
    }

    @Test void assertionFails(@NetNamespace("a") Netns a, @VethPair(left = "a", leftAddress = "10.0.0.1/24") Veth v) {
      assertThat(a).canPing("10.0.0.2", java.time.Duration.ofMillis(200));
    }

    @Test void throwsMidway(@NetNamespace("a") Netns a) {
      a.exec("ip", "link", "add", "x0", "type", "bridge").orThrow();
      throw new IllegalStateException("boom");
    }

    @Test void kernelRefuses(@NetNamespace("a") Netns a) {
      a.exec("ip", "link", "add", "lo", "type", "bridge").orThrow(); // File exists
    }
  }
}
