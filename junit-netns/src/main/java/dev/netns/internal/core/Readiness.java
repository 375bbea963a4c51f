package dev.netns.internal.core;

import dev.netns.internal.spi.LinkState;
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
    await(ns, devices, null, false, () -> false);
  }

  /** Waiting stopped because a sibling step (the other end of the pair) failed. */
  static final class Abandoned extends NetnsException {
    private static final long serialVersionUID = 1L;

    Abandoned(String message) {
      super(message);
    }
  }

  /**
   * @param first  link states already read (saves one round trip), or {@code null}
   * @param strict the peer is being brought up too, so a missing carrier is waited for as well
   */
  static void await(NetnsImpl ns, List<String> devices, List<LinkState> first, boolean strict,
                    java.util.function.BooleanSupplier abandoned) {
    long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000;
    long sleepMicros = 50;
    while (true) {
      List<String> waiting = new ArrayList<>();
      List<LinkState> states = first != null ? first : ns.linkStates();
      first = null;
      for (String d : devices) {
        LinkState s = states.stream().filter(l -> l.name().equals(d)).findFirst().orElse(null);
        if (s == null) {
          throw new NetnsException("link " + d + " vanished from " + ns.display() + " while waiting for it to be ready");
        }
        boolean carrier = s.flags().contains("LOWER_UP");
        if (s.isUp() && !s.isReady() && (carrier || strict)) {
          waiting.add(d + " (state " + s.operState() + ", qdisc " + s.qdisc() + ")");
        }
        // not strict and no carrier: the peer is down, nothing to wait for until the test brings it up
      }
      if (waiting.isEmpty()) return;
      if (abandoned.getAsBoolean()) {
        throw new Abandoned("stopped waiting for " + waiting + " in " + ns.display() + ": the other end failed");
      }
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
