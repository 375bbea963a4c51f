package dev.netns.internal.evidence;

import dev.netns.Neighbour;
import dev.netns.Route;
import dev.netns.internal.spi.LinkState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A bash script that rebuilds a test's network as the kernel showed it when the test failed:
 * namespaces (under fresh names, so that it never meets the framework's own), links (veth pairs
 * across namespaces, bridges and their ports, dummies) with MAC and MTU, sysctls, addresses,
 * routes, permanent neighbours and packet-filter rules, with {@code ip}, {@code sysctl} and
 * {@code iptables-restore}. {@code bash repro.sh} builds it, {@code bash repro.sh cleanup} removes
 * it again; a failure half-way removes what was made. Every value is single-quoted.
 */
final class Reproducer {

  /** Link kinds the script can make without more facts than a link dump gives. */
  private static final Set<String> SIMPLE_KINDS = Set.of("bridge", "dummy", "ifb");

  private Reproducer() {
  }

  /** {@code 'text'} for bash, with every {@code '} written as {@code '\''}. */
  static String q(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** The fresh namespace names the script uses: {@code jnr<id>-<label>}. */
  static Map<String, String> freshNames(Topology t, String id) {
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    for (Topology.Ns n : t.namespaces()) {
      String clean = n.label().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "");
      if (clean.isEmpty()) clean = "ns";
      if (clean.length() > 16) clean = clean.substring(0, 16);
      String name = "jnr" + id + "-" + clean;
      for (int i = 2; !taken.add(name); i++) name = "jnr" + id + "-" + clean + i;
      out.put(n.name(), name);
    }
    return out;
  }

  static String render(String testName, Topology t, String id) {
    Map<String, String> fresh = freshNames(t, id);
    Map<String, String> var = new LinkedHashMap<>();
    int i = 0;
    for (Topology.Ns n : t.namespaces()) var.put(n.name(), "ns" + i++);
    StringBuilder b = new StringBuilder();
    b.append("#!/usr/bin/env bash\n");
    b.append("# junit-netns: rebuilds the network of ").append(oneLine(testName)).append("\n");
    b.append("# as the kernel showed it when the test failed, in fresh namespaces. Run as root:\n");
    b.append("#   bash repro.sh           builds it (and prints how to enter it)\n");
    b.append("#   bash repro.sh cleanup   removes it again\n");
    b.append("set -euo pipefail\n\n");
    for (Topology.Ns n : t.namespaces()) {
      b.append(var.get(n.name())).append('=').append(q(fresh.get(n.name()))).append("  # was ")
          .append(oneLine(n.display())).append('\n');
    }
    b.append("all=(");
    for (String v : var.values()) b.append("\"$").append(v).append("\" ");
    b.append(")\n\n");
    b.append("cleanup() {\n  local n\n  for n in \"${all[@]}\"; do\n"
        + "    if [ -e \"/run/netns/$n\" ]; then ip netns del \"$n\"; fi\n  done\n}\n");
    b.append("case \"${1:-}\" in\n  cleanup) cleanup; echo \"removed: ${all[*]}\"; exit 0 ;;\n  '') ;;\n"
        + "  *) echo \"usage: $0 [cleanup]\" >&2; exit 2 ;;\nesac\n");
    b.append("for n in \"${all[@]}\"; do\n  if [ -e \"/run/netns/$n\" ]; then echo \"namespace $n exists already;"
        + " run: $0 cleanup\" >&2; exit 1; fi\ndone\n");
    b.append("trap 'echo \"rebuilding failed at line $LINENO; removing what was made\" >&2; cleanup' ERR\n");
    // the first packet must not be lost in the rebuilt network either: wait until the kernel has
    // activated each device that was up (operstate UP and a real qdisc instead of noop)
    b.append("ready() {\n  local i out\n  for i in $(seq 1 50); do\n"
        + "    out=\"$(ip -n \"$1\" -o link show dev \"$2\")\"\n"
        + "    case \"$out\" in *'qdisc noop'*) ;; *'state UP'*) return 0 ;; esac\n"
        + "    sleep 0.1\n  done\n  echo \"$2 in $1 is not ready after 5 s\" >&2\n}\n\n");

    // `ip netns add` goes back into the namespace it started in; from a throw-away one it also
    // works as root of a user namespace (rootless), which may not enter the machine's own
    b.append("# namespaces (made from a throw-away namespace, so that this also runs rootless)\n");
    for (Topology.Ns n : t.namespaces()) {
      String v = "\"$" + var.get(n.name()) + "\"";
      b.append("unshare --net -- ip netns add ").append(v).append('\n');
      b.append("ip -n ").append(v).append(" link set dev lo up\n");
    }
    b.append("\n# sysctls (before the links, so that new devices inherit the defaults)\n");
    for (Topology.Ns n : t.namespaces()) {
      String v = "\"$" + var.get(n.name()) + "\"";
      for (Map.Entry<String, String> e : n.sysctls().entrySet()) {
        if (e.getKey().startsWith("net/ipv4/conf/")) continue;
        b.append("ip netns exec ").append(v).append(" sysctl -qw ").append(q(e.getKey() + "=" + e.getValue()))
            .append(" || true\n");
      }
    }

    b.append("\n# links\n");
    Set<String> madePairs = new HashSet<>();
    List<String> later = new ArrayList<>();
    for (Topology.Ns n : t.namespaces()) {
      String v = "\"$" + var.get(n.name()) + "\"";
      for (LinkState l : n.links()) {
        if (l.name().equals("lo")) continue;
        if (SIMPLE_KINDS.contains(l.kind())) {
          b.append("ip -n ").append(v).append(" link add name ").append(q(l.name())).append(" type ").append(l.kind()).append('\n');
        } else if ("veth".equals(l.kind())) {
          Topology.Peer p = n.peers().get(l.index());
          String pairKey = n.name() + "/" + l.name();
          if (madePairs.contains(pairKey)) {
            // made with its peer: only its own MAC and MTU below
          } else if (p != null && p.name() != null && var.containsKey(p.namespace())) {
            madePairs.add(p.namespace() + "/" + p.name());
            b.append("ip -n ").append(v).append(" link add name ").append(q(l.name())).append(" type veth peer name ")
                .append(q(p.name())).append(" netns \"$").append(var.get(p.namespace())).append("\"\n");
          } else {
            String peerName = p != null && p.name() != null ? p.name() : l.name() + "p";
            b.append("# the peer of ").append(oneLine(l.name())).append(" was ")
                .append(p == null || p.namespace() == null ? "in a namespace the test did not own"
                    : p.namespace().isEmpty() ? "in the target's own namespace" : "in " + oneLine(p.namespace()))
                .append("; it is made in the same namespace here\n");
            madePairs.add(n.name() + "/" + peerName);
            b.append("ip -n ").append(v).append(" link add name ").append(q(l.name())).append(" type veth peer name ")
                .append(q(peerName)).append('\n');
          }
        } else {
          b.append("# not rebuilt: ").append(oneLine(l.name())).append(" (kind ")
              .append(l.kind().isEmpty() ? "unknown" : oneLine(l.kind())).append(") needs facts a link dump does not give\n");
          continue;
        }
        List<String> set = new ArrayList<>();
        if (!l.mac().isEmpty() && !"bridge".equals(l.kind())) set.add("address " + q(l.mac()));
        if (l.mtu() > 0 && l.mtu() != 1500) set.add("mtu " + l.mtu());
        if (!set.isEmpty()) later.add("ip -n " + v + " link set dev " + q(l.name()) + " " + String.join(" ", set));
      }
    }
    for (String s : later) b.append(s).append('\n');
    for (Topology.Ns n : t.namespaces()) {
      String v = "\"$" + var.get(n.name()) + "\"";
      for (LinkState l : n.links()) {
        if (l.master() != null && !l.master().isEmpty() && rebuilt(l)) {
          b.append("ip -n ").append(v).append(" link set dev ").append(q(l.name())).append(" master ").append(q(l.master())).append('\n');
        }
      }
    }
    b.append("\n# per-device sysctls\n");
    for (Topology.Ns n : t.namespaces()) {
      String v = "\"$" + var.get(n.name()) + "\"";
      for (Map.Entry<String, String> e : n.sysctls().entrySet()) {
        if (!e.getKey().startsWith("net/ipv4/conf/")) continue;
        String dev = e.getKey().split("/")[3];
        if (n.link(dev).map(Reproducer::rebuilt).orElse(false)) {
          b.append("ip netns exec ").append(v).append(" sysctl -qw ").append(q(e.getKey() + "=" + e.getValue())).append('\n');
        }
      }
    }
    b.append("\n# addresses and state\n");
    for (Topology.Ns n : t.namespaces()) {
      String v = "\"$" + var.get(n.name()) + "\"";
      for (LinkState l : n.links()) {
        if (!rebuilt(l) && !l.name().equals("lo")) continue;
        for (String a : l.addresses()) {
          if (a.startsWith("fe80:") || a.equals("127.0.0.1/8") || a.equals("::1/128")) continue; // the kernel's own
          b.append("ip -n ").append(v).append(" addr add ").append(q(a)).append(" dev ").append(q(l.name()))
              .append(a.contains(":") ? " nodad" : "").append('\n');
        }
        if (l.isUp() && !l.name().equals("lo")) {
          b.append("ip -n ").append(v).append(" link set dev ").append(q(l.name())).append(" up\n");
        }
      }
    }
    b.append("\n# wait until the devices that were up are ready\n");
    for (Topology.Ns n : t.namespaces()) {
      String v = "\"$" + var.get(n.name()) + "\"";
      for (LinkState l : n.links()) {
        if (rebuilt(l) && "UP".equals(l.operState())) {
          b.append("ready ").append(v).append(' ').append(q(l.name())).append('\n');
        }
      }
    }
    b.append("\n# routes (those the kernel did not make for an address)\n");
    for (Topology.Ns n : t.namespaces()) {
      String v = "\"$" + var.get(n.name()) + "\"";
      List<Route> ordered = new ArrayList<>();
      for (Route r : n.routes()) if (r.gateway() == null) ordered.add(r);
      for (Route r : n.routes()) if (r.gateway() != null) ordered.add(r);
      for (Route r : ordered) {
        if ("kernel".equals(r.protocol()) || (r.table() != null && !"main".equals(r.table()))) continue;
        if (r.device() != null && n.link(r.device()).map(l -> !rebuilt(l) && !l.name().equals("lo")).orElse(true)) {
          b.append("# not rebuilt: route ").append(oneLine(r.toString())).append(" (its device is not rebuilt)\n");
          continue;
        }
        b.append("ip -n ").append(v).append(r.family() == 6 ? " -6" : " -4").append(" route replace ")
            .append(q(r.destination()));
        if (r.gateway() != null) b.append(" via ").append(q(r.gateway()));
        if (r.device() != null) b.append(" dev ").append(q(r.device()));
        if (r.source() != null) b.append(" src ").append(q(r.source()));
        b.append('\n');
      }
    }
    b.append("\n# neighbours\n");
    for (Topology.Ns n : t.namespaces()) {
      String v = "\"$" + var.get(n.name()) + "\"";
      for (Neighbour nb : n.neighbours()) {
        if (nb.isPermanent() && nb.mac() != null && n.link(nb.device()).map(Reproducer::rebuilt).orElse(false)) {
          b.append("ip -n ").append(v).append(" neigh replace ").append(q(nb.address())).append(" lladdr ")
              .append(q(nb.mac())).append(" dev ").append(q(nb.device())).append(" nud permanent\n");
        } else {
          b.append("# learned, not rebuilt: ").append(oneLine(nb.toString())).append('\n');
        }
      }
    }
    for (Topology.Ns n : t.namespaces()) {
      String rules = filterRules(n.filterRules());
      if (rules.isEmpty()) continue;
      String delimiter = "JUNIT_NETNS_RULES";
      while (rules.contains(delimiter)) delimiter += "_";
      b.append("\n# packet-filter rules of ").append(oneLine(n.display())).append('\n');
      b.append("ip netns exec \"$").append(var.get(n.name())).append("\" iptables-restore <<'").append(delimiter).append("'\n")
          .append(rules).append('\n').append(delimiter).append('\n');
    }
    b.append("\ntrap - ERR\necho \"rebuilt: ${all[*]}\"\n");
    b.append("echo \"enter one with: ip netns exec NAME bash; remove them with: $0 cleanup\"\n");
    return b.toString();
  }

  /** Whether the script makes this link (so commands on it can follow). */
  private static boolean rebuilt(LinkState l) {
    return SIMPLE_KINDS.contains(l.kind()) || "veth".equals(l.kind());
  }

  /** The rules of an {@code iptables-save} dump, or {@code ""} when it holds no rule (only empty tables). */
  static String filterRules(String save) {
    if (save == null) return "";
    StringBuilder b = new StringBuilder();
    boolean any = false;
    for (String line : save.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) continue;
      if (line.startsWith("-A ")) any = true;
      b.append(line).append('\n');
    }
    return any ? b.toString().strip() : "";
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]", " ");
  }
}
