package dev.netns.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.ProbeResult;
import dev.netns.internal.core.Backend;
import dev.netns.internal.core.Fixtures;
import dev.netns.internal.core.NetnsImpl;
import dev.netns.internal.core.Scope;
import dev.netns.internal.local.LocalBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The first ping right after a fixture is set up must never be lost: builds
 * {@code netns.stress.fixtures} (default 2,000) veth fixtures one after another through the
 * library's own path and sends exactly one echo from each, IPv4 and IPv6 in turn.
 */
@Tag("stress")
@org.junit.jupiter.api.parallel.Isolated
class FirstPingStressTest {

  @Test
  void noFirstPingIsLost() {
    int fixtures = Integer.getInteger("netns.stress.fixtures", 10_000);
    Backend backend = LocalBackend.get();
    List<String> lost = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < fixtures; i++) {
      boolean v6 = i % 2 == 1;
      try (Scope scope = new Scope(backend, null, "first-ping-" + i)) {
        List<NetnsImpl> ns = scope.createNamespaces(List.of("red", "blue"));
        Fixtures.createVeth(scope, ns.get(0), null, ns.get(1), null, 0,
            List.of(v6 ? "fd00::1/64" : "10.0.0.1/24"), List.of(v6 ? "fd00::2/64" : "10.0.0.2/24"));
        ProbeResult p = ns.get(0).ping(v6 ? "fd00::2" : "10.0.0.2", Duration.ofSeconds(1));
        if (!p.success()) lost.add("fixture " + i + ": " + p.detail());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("first-ping stress on %s: %d fixtures in %.1f s (%.2f ms each), %d first pings lost%n",
        backend.engine().describe(), fixtures, seconds, seconds * 1000 / fixtures, lost.size());
    assertThat(lost).as("first pings lost").isEmpty();
  }
}
