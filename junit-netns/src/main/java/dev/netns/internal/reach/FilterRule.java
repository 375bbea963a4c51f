package dev.netns.internal.reach;

import java.util.ArrayList;
import java.util.List;

/**
 * One rule (or a built-in chain's policy) as {@code iptables-save -c} prints it, with its packet
 * counter and what it tests, so that the probes it may decide can be found.
 */
final class FilterRule {

  /** A rule's verdict. */
  enum Verdict { ACCEPT, DROP, REJECT, RETURN, JUMP, GOTO, DNAT, OTHER }

  /** Whether a rule matches a tuple: surely, surely not, or it cannot be told from here. */
  enum Match { YES, NO, MAYBE }

  final String program;
  final String table;
  final String chain;
  /** 1-based position in its chain; 0 for a chain's policy. */
  final int position;
  final String text;
  /** Packets counted so far (updated in place when counters are re-read over netlink). */
  volatile long packets;
  final Verdict verdict;
  final String jumpTo;
  final String dnatTo;
  final int dnatPort;
  private final List<String[]> tests;

  FilterRule(String program, String table, String chain, int position, String text, long packets, Verdict verdict,
             String jumpTo, String dnatTo, int dnatPort, List<String[]> tests) {
    this.program = program;
    this.table = table;
    this.chain = chain;
    this.position = position;
    this.text = text;
    this.packets = packets;
    this.verdict = verdict;
    this.jumpTo = jumpTo;
    this.dnatTo = dnatTo;
    this.dnatPort = dnatPort;
    this.tests = tests;
  }

  boolean denies() {
    return verdict == Verdict.DROP || verdict == Verdict.REJECT;
  }

  /** Identity across snapshots: where it is and what it says. */
  String key() {
    return program + "|" + table + "|" + chain + "|" + position + "|" + text;
  }

  /** Parses one {@code [pkts:bytes] -A CHAIN ...} line. */
  static FilterRule parse(String program, String table, int position, String line) {
    long packets = 0;
    String rest = line;
    if (rest.startsWith("[")) {
      int end = rest.indexOf(']');
      packets = Long.parseLong(rest.substring(1, rest.indexOf(':')));
      rest = rest.substring(end + 1).strip();
    }
    List<String> t = tokens(rest);
    String chain = t.get(1);
    Verdict verdict = Verdict.OTHER;
    String jumpTo = null;
    String dnatTo = null;
    int dnatPort = 0;
    List<String[]> tests = new ArrayList<>();
    boolean negate = false;
    for (int i = 2; i < t.size(); i++) {
      String tok = t.get(i);
      if (tok.equals("!")) {
        negate = true;
        continue;
      }
      if (tok.equals("-j") || tok.equals("-g")) {
        String target = t.get(++i);
        switch (target) {
          case "ACCEPT" -> verdict = Verdict.ACCEPT;
          case "DROP" -> verdict = Verdict.DROP;
          case "REJECT" -> verdict = Verdict.REJECT;
          case "RETURN" -> verdict = Verdict.RETURN;
          case "DNAT" -> verdict = Verdict.DNAT;
          default -> {
            if (target.chars().allMatch(ch -> Character.isUpperCase(ch) || Character.isDigit(ch) || ch == '-' || ch == '_')
                && !List.of("LOG", "MARK", "MASQUERADE", "SNAT", "CT", "NFLOG", "TRACE", "CONNMARK", "NOTRACK",
                    "TCPMSS", "CHECKSUM", "CLASSIFY", "NFQUEUE", "TPROXY", "REDIRECT", "SET", "AUDIT").contains(target)) {
              verdict = tok.equals("-g") ? Verdict.GOTO : Verdict.JUMP;
              jumpTo = target;
            } else {
              verdict = Verdict.OTHER;
            }
          }
        }
        // the target's own options (--reject-with, --to-destination, ...) follow
        while (i + 1 < t.size() && t.get(i + 1).startsWith("--")) {
          String opt = t.get(++i);
          String val = i + 1 < t.size() ? t.get(++i) : "";
          if (opt.equals("--to-destination")) {
            String v = val;
            int colon = v.lastIndexOf(':');
            if (colon > 0 && !v.startsWith("[") && v.indexOf(':') == colon) {
              dnatPort = parsePort(v.substring(colon + 1));
              v = v.substring(0, colon);
            } else if (v.startsWith("[")) {
              int close = v.indexOf(']');
              if (close + 1 < v.length() && v.charAt(close + 1) == ':') dnatPort = parsePort(v.substring(close + 2));
              v = v.substring(1, close);
            }
            dnatTo = v.contains("-") ? null : v; // a range: where it goes cannot be known ahead
          }
        }
        continue;
      }
      if (tok.equals("-m")) {
        i++; // the module name; its options follow as tests
        continue;
      }
      if (tok.startsWith("-")) {
        String val = i + 1 < t.size() && !t.get(i + 1).startsWith("-") ? t.get(++i) : "";
        // "--comment" and friends never decide
        if (!tok.equals("--comment")) tests.add(new String[] {negate ? "!" : "", tok, val});
      }
      negate = false;
    }
    return new FilterRule(program, table, chain, position, rest, packets, verdict, jumpTo, dnatTo, dnatPort, tests);
  }

  /** A chain's policy, as {@code :CHAIN POLICY [pkts:bytes]}. */
  static FilterRule policy(String program, String table, String chain, String policy, long packets) {
    Verdict v = policy.equals("DROP") ? Verdict.DROP : policy.equals("ACCEPT") ? Verdict.ACCEPT : Verdict.OTHER;
    return new FilterRule(program, table, chain, 0, ":" + chain + " " + policy + " (the chain's policy)", packets, v,
        null, null, 0, List.of());
  }

  Match match(Tuple p) {
    Match all = Match.YES;
    for (String[] test : tests) {
      Match m = test(test[1], test[2], p);
      if (!test[0].isEmpty()) m = m == Match.YES ? Match.NO : m == Match.NO ? Match.YES : Match.MAYBE;
      if (m == Match.NO) return Match.NO;
      if (m == Match.MAYBE) all = Match.MAYBE;
    }
    return all;
  }

  private static Match test(String opt, String val, Tuple p) {
    switch (opt) {
      case "-s", "--source":
        return p.src() == null ? Match.MAYBE : Cidrs.contains(val, p.src());
      case "-d", "--destination":
        return Cidrs.contains(val, p.dst());
      case "-p", "--protocol": {
        String v = val.toLowerCase(java.util.Locale.ROOT);
        if (v.equals("all") || v.equals("0")) return Match.YES;
        String proto = p.proto();
        boolean same = v.equals(proto) || (proto.equals("tcp") && v.equals("6")) || (proto.equals("udp") && v.equals("17"))
            || (proto.equals("icmp") && (v.equals("1") || v.equals("58") || v.equals("ipv6-icmp") || v.equals("icmpv6")));
        return same ? Match.YES : Match.NO;
      }
      case "--dport", "--destination-port":
        return ports(val, p.dport());
      case "--sport", "--source-port":
        return p.sport() == 0 ? Match.MAYBE : ports(val, p.sport());
      case "--dports", "--destination-ports":
        return anyPort(val, p.dport());
      case "--sports", "--source-ports":
        return p.sport() == 0 ? Match.MAYBE : anyPort(val, p.sport());
      case "--ports":
        return anyPort(val, p.dport()) == Match.YES || (p.sport() > 0 && anyPort(val, p.sport()) == Match.YES)
            ? Match.YES : p.sport() == 0 ? Match.MAYBE : Match.NO;
      case "--icmp-type", "--icmpv6-type": {
        if (!p.proto().equals("icmp")) return Match.NO;
        String v = val.split("/")[0];
        if (v.equals("any")) return Match.YES;
        int type = switch (v) {
          case "echo-request", "8", "128" -> 8;
          case "echo-reply", "0", "129" -> 0;
          default -> -2;
        };
        return type == -2 ? Match.NO : type == p.icmpType() ? Match.YES : Match.NO;
      }
      case "--state", "--ctstate": {
        boolean has = false;
        for (String s : val.split(",")) {
          if ((!p.reply() && s.equals("NEW")) || (p.reply() && s.equals("ESTABLISHED"))) has = true;
          if (s.equals("DNAT") || s.equals("SNAT")) return Match.MAYBE;
        }
        return has ? Match.YES : Match.NO;
      }
      default:
        return Match.MAYBE; // interfaces, marks, address types, ...: cannot be told from the tuple alone
    }
  }

  private static Match ports(String val, int port) {
    if (port == 0) return Match.MAYBE;
    String[] r = val.split(":");
    int lo = r[0].isEmpty() ? 0 : parsePort(r[0]);
    int hi = r.length > 1 ? (r[1].isEmpty() ? 65535 : parsePort(r[1])) : lo;
    if (lo < 0 || hi < 0) return Match.MAYBE;
    return port >= lo && port <= hi ? Match.YES : Match.NO;
  }

  private static Match anyPort(String val, int port) {
    if (port == 0) return Match.MAYBE;
    for (String part : val.split(",")) {
      Match m = ports(part, port);
      if (m != Match.NO) return m;
    }
    return Match.NO;
  }

  private static int parsePort(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1; // a service name: cannot be told
    }
  }

  /** Splits like a shell would for iptables-save's output: whitespace, double quotes keep spaces. */
  static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\' && quoted && i + 1 < s.length()) {
        cur.append(s.charAt(++i));
      } else if (ch == '"') {
        quoted = !quoted;
        any = true;
      } else if (Character.isWhitespace(ch) && !quoted) {
        if (any || cur.length() > 0) out.add(cur.toString());
        cur.setLength(0);
        any = false;
      } else {
        cur.append(ch);
        any = true;
      }
    }
    if (any || cur.length() > 0) out.add(cur.toString());
    return out;
  }
}
