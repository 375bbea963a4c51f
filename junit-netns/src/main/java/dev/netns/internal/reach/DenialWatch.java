package dev.netns.internal.reach;

import dev.netns.ProbeResult;
import dev.netns.internal.spi.ProbeSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Proves denials instead of waiting for them: reads the packet-filter rules (with counters) of
 * the namespaces that could decide the probes before the first packet leaves, knows each probe's
 * flow (both directions, and where a DNAT may send it), and while probes are pending re-reads the
 * counters. When a rule that may drop or reject a pending probe has counted a packet since the
 * start, that probe ends at once as denied by that rule. A probe that failed on its own
 * ("connection refused") waits for one more read only when a rule could explain it (a
 * {@code REJECT} looks like a closed port).
 *
 * <p>Without any rule that drops or rejects in the watched namespaces, the watch is inactive and
 * probes behave exactly as without it.
 */
final class DenialWatch implements AutoCloseable {

  private final List<Watched> watched;
  private final List<Cell> cells = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Object wake = new Object();
  private volatile boolean closed;
  private Thread poller;

  private DenialWatch(List<Watched> watched) {
    this.watched = watched;
  }

  static final DenialWatch INACTIVE = new DenialWatch(List.of());

  /**
   * Reads the rules of {@code candidates} (those that have any) and keeps the namespaces with a
   * rule or policy that drops or rejects.
   */
  static DenialWatch open(List<Watched> candidates) {
    if (candidates.isEmpty()) return INACTIVE;
    List<CompletableFuture<Void>> reads = new ArrayList<>();
    for (Watched w : candidates) {
      if (w.localPath != null) w.useNetlinkCounters();
      if (candidates.size() == 1) {
        w.read();
      } else {
        reads.add(CompletableFuture.runAsync(w::read, GridRunner.THREADS));
      }
    }
    reads.forEach(CompletableFuture::join);
    List<Watched> active = new ArrayList<>();
    for (Watched w : candidates) {
      if (w.hasDenyingRule()) {
        w.setBaseline();
        active.add(w);
      } else {
        w.close();
      }
    }
    return active.isEmpty() ? INACTIVE : new DenialWatch(active);
  }

  boolean active() {
    return !watched.isEmpty();
  }

  /** Finds the rules that may deny {@code c}; call once its flow is known, before its first packet. */
  void prepare(Cell c) {
    if (!active()) return;
    Tuple req = c.request();
    List<Tuple> flows = new ArrayList<>(List.of(req));
    for (Watched w : watched) {
      for (RuleSet s : w.rules.values()) flows.addAll(s.translations(req));
    }
    Map<String, Cell.Blame> found = new LinkedHashMap<>();
    // the kernel picks the destination itself as source for its own addresses: that packet never leaves
    boolean self = c.src != null && c.src.equals(c.dst);
    for (Watched w : watched) {
      boolean isSource = w.ns.equals(c.source);
      if (self && !isSource) continue;
      java.util.Set<String> hooks = self ? RuleSet.LOCAL
          : isSource || flows.stream().anyMatch(t -> w.holds(t.dst())) ? RuleSet.END : RuleSet.TRANSIT;
      for (RuleSet s : w.rules.values()) {
        List<FilterRule> out = new ArrayList<>();
        for (Tuple t : flows) {
          s.denyCandidates(t, out, hooks);
          s.denyCandidates(t.reversed(), out, hooks);
        }
        for (FilterRule r : out) found.putIfAbsent(w.ns.name() + "|" + r.key(), new Cell.Blame(w, r));
      }
    }
    c.candidates = List.copyOf(found.values());
    cells.add(c);
  }

  /** The probe of {@code c} ended with {@code r}: completes it now, or after a read when a rule may explain the failure. */
  void settle(Cell c, ProbeResult r) {
    if (r.success() || !active() || c.candidates.isEmpty() || closed) {
      c.complete(r);
      return;
    }
    c.pollsWaited = 0;
    c.awaitingExplanation = r;
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  /** Starts re-reading counters until every prepared cell is done or the watch is closed. */
  void start() {
    if (!active()) return;
    poller = new Thread(this::pollLoop, "netns-denial-watch");
    poller.setDaemon(true);
    poller.start();
  }

  private void pollLoop() {
    try {
      polls();
    } catch (RuntimeException e) {
      if (!closed) {
        // reading rules failed (a namespace went away): the probes end on their own, unexplained
        java.util.logging.Logger.getLogger(DenialWatch.class.getName()).fine("denial watch stopped: " + e);
      }
    }
  }

  private void polls() {
    while (!closed) {
      if (cells.stream().allMatch(Cell::done)) {
        synchronized (wake) {
          if (closed) return;
          try {
            wake.wait(50);
          } catch (InterruptedException e) {
            return;
          }
        }
        continue;
      }
      List<CompletableFuture<Void>> reads = new ArrayList<>();
      for (Watched w : watched) {
        if (watched.size() == 1) w.read(); else reads.add(CompletableFuture.runAsync(w::read, GridRunner.THREADS));
      }
      reads.forEach(CompletableFuture::join);
      Set<String> risen = new HashSet<>();
      for (Watched w : watched) {
        for (RuleSet s : w.rules.values()) {
          for (FilterRule r : s.all) {
            if (r.denies() && r.packets > w.baseline.getOrDefault(r.key(), 0L)) risen.add(w.ns.name() + "|" + r.key());
          }
        }
      }
      for (Cell c : cells) {
        if (c.done()) continue;
        for (Cell.Blame b : c.candidates) {
          if (risen.contains(b.ns().ns.name() + "|" + b.rule().key())) {
            c.deny(b, c.awaitingExplanation);
            break;
          }
        }
        ProbeResult waiting = c.awaitingExplanation;
        if (!c.done() && waiting != null && ++c.pollsWaited >= 2) c.complete(waiting);
      }
      if (watched.stream().allMatch(Watched::fast)) {
        synchronized (wake) {
          try {
            wake.wait(2); // netlink reads take microseconds: pace them instead of spinning
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  /** The namespaces it reads, for messages. */
  List<ProbeSource> namespaces() {
    return watched.stream().map(w -> w.ns).toList();
  }

  @Override
  public void close() {
    closed = true;
    synchronized (wake) {
      wake.notifyAll();
    }
    if (poller != null && poller != Thread.currentThread()) {
      try {
        poller.join(5_000); // its read in progress ends first: the sockets it reads close after it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    watched.forEach(Watched::close);
    for (Cell c : cells) {
      ProbeResult waiting = c.awaitingExplanation;
      if (waiting != null) c.complete(waiting);
    }
  }
}
