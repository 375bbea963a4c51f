package dev.netns.internal.evidence;

import dev.netns.Neighbour;
import dev.netns.Route;
import dev.netns.internal.spi.LinkState;
import java.util.Map;

/**
 * The state of every namespace of a failed test as failure messages show it: a table of links
 * (admin state, operstate, MTU, MAC, addresses, veth peer or bridge master), the main routing
 * table as {@code ip route} prints it, the neighbours as {@code ip neigh} does, the sysctls that
 * decide forwarding and filtering, and the packet-filter rules when there are any.
 */
final class StateText {

  private StateText() {
  }

  static String render(String testName, String failure, Topology t) {
    StringBuilder b = new StringBuilder();
    b.append("junit-netns evidence of ").append(testName).append('\n');
    if (failure != null) b.append("failure: ").append(failure.strip().replace("\n", "\n  ")).append('\n');
    for (Topology.Ns n : t.namespaces()) {
      b.append("\nnamespace ").append(n.display()).append('\n');
      for (String e : n.errors()) b.append("  (").append(e).append(")\n");
      b.append("  links:\n");
      int width = 4;
      for (LinkState l : n.links()) width = Math.max(width, l.name().length());
      for (LinkState l : n.links()) {
        b.append("    ").append(pad(l.name(), width)).append("  ").append(pad(l.isUp() ? "UP" : "DOWN", 4))
            .append("  state ").append(pad(l.operState(), 7)).append("  mtu ").append(pad(String.valueOf(l.mtu()), 5));
        if (!l.kind().isEmpty()) b.append("  ").append(l.kind());
        if (!l.mac().isEmpty()) b.append("  ").append(l.mac());
        if (!l.addresses().isEmpty()) b.append("  ").append(String.join(" ", l.addresses()));
        Topology.Peer p = n.peers().get(l.index());
        if (p != null) {
          b.append("  peer ").append(p.name() != null ? p.name() : "ifindex " + p.index()).append(" in ")
              .append(p.namespace() == null ? "an unknown namespace" : p.namespace().isEmpty()
                  ? "the target's own namespace" : p.namespace());
        }
        if (l.master() != null && !l.master().isEmpty()) b.append("  master ").append(l.master());
        b.append('\n');
      }
      b.append("  routes (main table):\n");
      if (n.routes().isEmpty()) b.append("    (none)\n");
      for (Route r : n.routes()) b.append("    ").append(r).append('\n');
      b.append("  neighbours:\n");
      if (n.neighbours().isEmpty()) b.append("    (none)\n");
      for (Neighbour nb : n.neighbours()) b.append("    ").append(nb).append('\n');
      b.append("  sysctls:\n");
      for (Map.Entry<String, String> e : n.sysctls().entrySet()) {
        b.append("    ").append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
      }
      String rules = Reproducer.filterRules(n.filterRules());
      if (!rules.isEmpty()) {
        b.append("  packet-filter rules (iptables-save):\n");
        for (String line : rules.split("\n")) b.append("    ").append(line).append('\n');
      }
    }
    return b.toString();
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }
}
