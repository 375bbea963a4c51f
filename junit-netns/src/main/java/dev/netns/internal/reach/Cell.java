package dev.netns.internal.reach;

import dev.netns.ProbeResult;
import dev.netns.internal.spi.ProbeSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One probe of a grid (or a single probe): its source, destination and flow, the rules that may
 * decide it, and its outcome, which the probe itself or the denial watch completes (first wins).
 */
final class Cell {

  final String from;
  final String to;
  final ProbeSource source;
  final String dst;
  final int port;
  final String proto;
  /** When the first packet left (reset by {@link #launched()}); elapsed times count from here. */
  volatile long start = System.nanoTime();
  final CompletableFuture<ProbeResult> result = new CompletableFuture<>();
  /** The source address the kernel picks (null when unknown); set before the first packet leaves. */
  volatile String src;
  /** The source namespace's file as this JVM can enter it; null when the target is remote. */
  final String sourcePath;
  volatile int sport;
  /** Rules (with their namespace) that may drop or reject this probe; set before the first packet leaves. */
  volatile List<Blame> candidates = List.of();
  /** A failed probe waiting for the watch to say whether a rule's counter explains it. */
  volatile ProbeResult awaitingExplanation;
  volatile int pollsWaited;

  /** A rule and the namespace whose rule it is. */
  record Blame(Watched ns, FilterRule rule) {
    String describe() {
      return ns.display() + " " + ns.programLabel(rule.program) + " table " + rule.table + ", chain " + rule.chain + ": "
          + rule.text;
    }
  }

  Cell(String from, String to, ProbeSource source, String dst, int port, String proto) {
    this.from = from;
    this.to = to;
    this.source = source;
    this.dst = dst;
    this.port = port;
    this.proto = proto;
    this.sourcePath = source.localPath().orElse(null);
  }

  /** Marks the moment the probe's first packet leaves. */
  void launched() {
    start = System.nanoTime();
  }

  String target() {
    String a = dst.contains(":") ? "[" + dst + "]" : dst;
    return proto.equals("icmp") ? dst : a + ":" + port;
  }

  /** The request's direction. */
  Tuple request() {
    return new Tuple(proto, src, sport, dst, proto.equals("icmp") ? 0 : port, proto.equals("icmp") ? 8 : -1, false);
  }

  boolean done() {
    return result.isDone();
  }

  void complete(ProbeResult r) {
    result.complete(r);
  }

  void deny(Blame b, ProbeResult seen) {
    Duration d = Duration.ofNanos(System.nanoTime() - start);
    String verdict = b.rule().verdict == FilterRule.Verdict.REJECT ? "rejected" : "dropped";
    String detail = verdict + " by a packet-filter rule (its counter rose " + d.toMillis() + " ms after the probe started)"
        + (seen != null && seen.detail() != null && !seen.detail().isBlank() ? "; the probe saw: " + seen.detail() : "");
    result.complete(new ProbeResult(false, target(), seen != null ? seen.elapsed() : d, detail, b.describe()));
  }
}
