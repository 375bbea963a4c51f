package dev.netns.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.ProbeResult;
import dev.netns.Veth;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import dev.netns.internal.core.Ownership;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * 1,000 fixtures (two namespaces, a veth, IPv4 and IPv6 addresses), in parallel on all cores, each
 * probed with ONE echo right after set-up: not a single first ping may be lost, and nothing of this
 * run may remain afterwards. Run with {@code mvn -Pstress -pl junit-netns -am test}.
 */
@Tag("stress")
@NetnsTest
@Execution(ExecutionMode.CONCURRENT)
class ThousandFixturesStressTest {

  static final AtomicInteger probes = new AtomicInteger();
  static final long started = System.nanoTime();

  @RepeatedTest(1000)
  void firstPingIsNeverLost(@NetNamespace("red") Netns red,
                            @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                                      leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth v4,
                            @VethPair(left = "red", right = "blue", leftAddress = "fd00::1/64",
                                      rightAddress = "fd00::2/64") Veth v6) {
    ProbeResult first = red.ping("10.0.0.2", Duration.ofSeconds(1));
    assertThat(first.success()).as("first IPv4 ping after set-up: %s", first.detail()).isTrue();
    ProbeResult first6 = red.ping("fd00::2", Duration.ofSeconds(1));
    assertThat(first6.success()).as("first IPv6 ping after set-up: %s", first6.detail()).isTrue();
    probes.addAndGet(2);
  }

  @AfterAll
  static void nothingOfThisRunRemains() {
    assertThat(StressSupport.namespacesOf(Ownership.get().runId())).isEmpty();
    System.out.printf("stress: %d probes, 0 lost, %.1f s%n", probes.get(), (System.nanoTime() - started) / 1e9);
  }
}
