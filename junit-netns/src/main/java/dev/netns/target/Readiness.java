package dev.netns.target;

import dev.netns.NetnsException;
import java.util.ArrayList;
import java.util.List;

/**
 * Waits until links can carry their first packet ({@link LinkState#isReady()}). A veth end whose
 * peer is down has no carrier and is not waited for: it can never become ready by itself.
 */
final class Readiness {

  static final long TIMEOUT_MS = Long.getLong("netns.ready.timeout.ms", 5000);

  private Readiness() {
  }

  static void await(NetnsImpl ns, List<String> devices) {
    long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000;
    long sleepMicros = 50;
    while (true) {
      List<String> waiting = new ArrayList<>();
      List<LinkState> states = ns.linkStates();
      for (String d : devices) {
        LinkState s = states.stream().filter(l -> l.name().equals(d)).findFirst().orElse(null);
        if (s == null) {
          throw new NetnsException("link " + d + " vanished from " + ns.display() + " while waiting for it to be ready");
        }
        if (s.isUp() && s.flags().contains("LOWER_UP") && !s.isReady()) {
          waiting.add(d + " (state " + s.operState() + ", qdisc " + s.qdisc() + ")");
        } else if (s.isUp() && !s.flags().contains("LOWER_UP") && "veth".equals(s.kind()) && s.flags().contains("NO-CARRIER")) {
          // peer down: no carrier until the test brings the peer up
          continue;
        }
      }
      if (waiting.isEmpty()) return;
      if (System.nanoTime() > deadline) {
        throw new NetnsException("links of " + ns.display() + " not ready after " + TIMEOUT_MS + " ms: " + waiting);
      }
      // parkNanos, not Thread.sleep(0, nanos): before JDK 21 that rounds any nanos up to a whole millisecond
      java.util.concurrent.locks.LockSupport.parkNanos(sleepMicros * 1000);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new NetnsException("interrupted while waiting for links of " + ns.display());
      }
      sleepMicros = Math.min(sleepMicros * 2, 20_000);
    }
  }
}
