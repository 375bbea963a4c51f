package dev.netns.internal.reach;

import dev.netns.ExecResult;
import dev.netns.internal.core.NetnsImpl;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One namespace whose packet-filter rules the watch reads: which {@code *-save} programs print
 * them (iptables-nft, iptables-legacy, and the IPv6 ones when a probe is IPv6) and the rules with
 * counters as last read.
 */
final class Watched {

  final NetnsImpl ns;
  final List<String> programs;
  private final RuleReader reader;
  volatile Map<String, RuleSet> rules = Map.of();
  /** Counters at the first read: rule key -> packets. */
  final Map<String, Long> baseline = new java.util.concurrent.ConcurrentHashMap<>();

  Watched(NetnsImpl ns, List<String> programs, RuleReader reader) {
    this.ns = ns;
    this.programs = programs;
    this.reader = reader;
  }

  String display() {
    return ns.display();
  }

  /** e.g. {@code iptables-nft} for {@code iptables-nft-save}. */
  String programLabel(String program) {
    String p = program.substring(program.lastIndexOf('/') + 1);
    p = p.endsWith("-save") ? p.substring(0, p.length() - 5) : p;
    if (p.equals("iptables") || p.equals("ip6tables")) return p;
    return p;
  }

  /** Reads every program's rules now. */
  void read() {
    Map<String, RuleSet> now = new LinkedHashMap<>();
    for (String p : programs) {
      ExecResult r = reader.save(ns, p);
      if (r.exitCode() != 0) continue; // a program that cannot read here blames nothing
      now.put(p, RuleSet.parse(p, r.stdout()));
    }
    rules = now;
  }

  void setBaseline() {
    for (RuleSet s : rules.values()) {
      for (FilterRule r : s.all) baseline.put(r.key(), r.packets);
    }
  }

  boolean hasDenyingRule() {
    return rules.values().stream().anyMatch(RuleSet::hasDenyingRule);
  }

  /** How a namespace's rules are read: {@code PROGRAM -c} run inside it, on its target. */
  interface RuleReader {
    ExecResult save(NetnsImpl ns, String program);

    /** Runs the program through the namespace's own exec (local kernel: this machine's program). */
    RuleReader EXEC = (ns, program) -> ns.exec(Duration.ofSeconds(20), List.of(program, "-c"));
  }
}
