package dev.netns.internal.reach;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of one namespace as one {@code *-save -c} program printed them: tables, chains,
 * rules with counters, built-in chain policies. Finds the rules that may decide a packet.
 */
final class RuleSet {

  private static final Set<String> BUILTIN = Set.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");

  final String program;
  /** table -> chain -> rules in order. */
  final Map<String, Map<String, List<FilterRule>>> chains = new LinkedHashMap<>();
  /** table -> built-in chain -> its policy. */
  final Map<String, Map<String, FilterRule>> policies = new LinkedHashMap<>();
  final List<FilterRule> all = new ArrayList<>();

  private RuleSet(String program) {
    this.program = program;
  }

  static RuleSet parse(String program, String save) {
    RuleSet s = new RuleSet(program);
    String table = null;
    for (String raw : save.split("\\R")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.equals("COMMIT")) continue;
      if (line.startsWith("*")) {
        table = line.substring(1);
        s.chains.put(table, new LinkedHashMap<>());
        s.policies.put(table, new LinkedHashMap<>());
        continue;
      }
      if (table == null) continue;
      if (line.startsWith(":")) {
        String[] p = line.substring(1).split("\\s+");
        s.chains.get(table).putIfAbsent(p[0], new ArrayList<>());
        if (!p[1].equals("-")) {
          long pkts = 0;
          if (p.length > 2 && p[2].startsWith("[")) pkts = Long.parseLong(p[2].substring(1, p[2].indexOf(':')));
          FilterRule pol = FilterRule.policy(program, table, p[0], p[1], pkts);
          s.policies.get(table).put(p[0], pol);
          s.all.add(pol);
        }
        continue;
      }
      int a = line.indexOf("-A ");
      if (a < 0) continue;
      String chain = FilterRule.tokens(line.substring(a)).get(1);
      List<FilterRule> list = s.chains.get(table).computeIfAbsent(chain, k -> new ArrayList<>());
      try {
        FilterRule r = FilterRule.parse(program, table, list.size() + 1, line);
        list.add(r);
        s.all.add(r);
      } catch (RuntimeException e) {
        // a line this parser does not understand never blames anything
      }
    }
    return s;
  }

  boolean hasDenyingRule() {
    return all.stream().anyMatch(FilterRule::denies);
  }

  /** The hooks a namespace's own traffic passes (it sends or receives it). */
  static final Set<String> END = Set.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");
  /** The hooks traffic passing through a namespace (routed by it) passes. */
  static final Set<String> TRANSIT = Set.of("PREROUTING", "FORWARD", "POSTROUTING");
  /** Traffic to one of a namespace's own addresses: it never leaves. */
  static final Set<String> LOCAL = Set.of("INPUT", "OUTPUT");

  /** Every rule (or policy) that may drop or reject {@code p} in the built-in chains {@code hooks} of any table. */
  void denyCandidates(Tuple p, List<FilterRule> out, Set<String> hooks) {
    for (var t : chains.entrySet()) {
      for (String chain : t.getValue().keySet()) {
        if (!BUILTIN.contains(chain) || !hooks.contains(chain)) continue;
        Walk w = walk(t.getKey(), chain, p, 0);
        out.addAll(w.candidates);
        if (!w.accepted && !w.denied) {
          FilterRule pol = policies.get(t.getKey()).get(chain);
          if (pol != null && pol.denies()) out.add(pol);
        }
      }
    }
  }

  /** The destinations a DNAT of the nat table may send {@code p} to (the flow as filters after it see it). */
  List<Tuple> translations(Tuple p) {
    List<Tuple> out = new ArrayList<>();
    Map<String, List<FilterRule>> nat = chains.get("nat");
    if (nat == null) return out;
    for (String hook : List.of("PREROUTING", "OUTPUT")) collectDnat(nat, hook, p, out, 0);
    return out;
  }

  private void collectDnat(Map<String, List<FilterRule>> nat, String chain, Tuple p, List<Tuple> out, int depth) {
    if (depth > 16) return;
    for (FilterRule r : nat.getOrDefault(chain, List.of())) {
      FilterRule.Match m = r.match(p);
      if (m == FilterRule.Match.NO) continue;
      if (r.verdict == FilterRule.Verdict.DNAT && r.dnatTo != null) out.add(p.translated(r.dnatTo, r.dnatPort));
      if ((r.verdict == FilterRule.Verdict.JUMP || r.verdict == FilterRule.Verdict.GOTO) && r.jumpTo != null) {
        collectDnat(nat, r.jumpTo, p, out, depth + 1);
      }
    }
  }

  private record Walk(List<FilterRule> candidates, boolean accepted, boolean denied, boolean returned) {
  }

  private Walk walk(String table, String chain, Tuple p, int depth) {
    List<FilterRule> cands = new ArrayList<>();
    if (depth > 32) return new Walk(cands, false, false, false);
    for (FilterRule r : chains.get(table).getOrDefault(chain, List.of())) {
      FilterRule.Match m = r.match(p);
      if (m == FilterRule.Match.NO) continue;
      boolean sure = m == FilterRule.Match.YES;
      switch (r.verdict) {
        case ACCEPT -> {
          if (sure) return new Walk(cands, true, false, false);
        }
        case DROP, REJECT -> {
          cands.add(r);
          if (sure) return new Walk(cands, false, true, false);
        }
        case RETURN -> {
          if (sure) return new Walk(cands, false, false, true);
        }
        case JUMP, GOTO -> {
          Walk sub = walk(table, r.jumpTo, p, depth + 1);
          cands.addAll(sub.candidates);
          if (sure && (sub.accepted || sub.denied)) return new Walk(cands, sub.accepted, sub.denied, false);
          if (sure && r.verdict == FilterRule.Verdict.GOTO) return new Walk(cands, false, false, true);
        }
        default -> { }
      }
    }
    return new Walk(cands, false, false, false);
  }
}
