package dev.netns.assertj.error;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.Route;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;

/**
 * The far side of a failed probe: the bug is as often there (its address, its link down, its
 * routes) or on the node in between as on the prober's side. Renders the namespace of the test
 * that holds the destination address with its links, addresses and routes (or says that none
 * does), and, when the prober's route to the destination leads through a gateway that another
 * namespace of the test holds, that hop too.
 *
 * <pre>{@code
 * far side: 10.0.0.2 is held by veth-blue in <blue: jn-ab12c-blue-2>
 *   links:
 *     lo         UP    state UNKNOWN  mtu 65536  127.0.0.1/8 ::1/128
 *     veth-blue  DOWN  state DOWN     mtu 1500   10.0.0.2/24  peer veth-red in <red: jn-ab12c-red-1>
 *   routes (main table):
 *     (no routes)
 * }</pre>
 *
 * <p>It formats a {@link FarSideSnapshot} taken when the probe failed and reads nothing itself; what
 * could not be read is said in the text, never thrown, so the assertion's own failure is never hidden.
 */
final class FarSide {

  private static final String NL = System.lineSeparator();

  private FarSide() {
  }

  /** The far-side block for a probe from {@code prober} to {@code ip}, read now. */
  static String of(Netns prober, String ip) {
    return render(FarSideSnapshot.take(NamespaceSnapshot.take(prober), ip));
  }

  /** The far-side block of a snapshot: formats what was read, reads nothing; empty when there is none. */
  static String render(FarSideSnapshot snapshot) {
    String ip = snapshot.ip();
    IPAddress target = address(ip);
    if (target == null) return "";
    if (snapshot.listError().isPresent()) {
      return "far side: (the test's namespaces could not be listed: " + snapshot.listError().get() + ")";
    }
    NamespaceSnapshot prober = snapshot.prober();
    List<NamespaceSnapshot> snapshots = snapshot.namespaces();
    StringBuilder b = new StringBuilder();
    Holder far = holder(snapshots, target);
    if (far == null) {
      b.append("far side: no namespace of this test holds ").append(ip);
    } else if (far.snapshot.netns().equals(prober.netns())) {
      b.append("far side: ").append(ip).append(" is held by ").append(far.link.name())
          .append(" in the probing namespace itself");
    } else {
      b.append("far side: ").append(ip).append(" is held by ").append(far.link.name()).append(" in ")
          .append(NetnsStateRenderer.namespaceName(far.snapshot.netns())).append(NL).append(render(far.snapshot));
    }
    if (prober.routesError().isPresent()) return b.toString();
    Route via = bestRoute(prober.routes(), target);
    if (via == null) {
      b.append(NL).append("next hop: the probing namespace has no route to ").append(ip);
    } else if (via.gateway() != null) {
      IPAddress gw = address(via.gateway());
      Holder hop = gw == null ? null : holder(snapshots, gw);
      b.append(NL).append("next hop: ").append(via.gateway()).append(" (route ").append(via).append(")");
      if (hop == null) {
        b.append(" is held by no namespace of this test");
      } else if (far == null || !hop.snapshot.netns().equals(far.snapshot.netns())) {
        b.append(" is held by ").append(hop.link.name()).append(" in ")
            .append(NetnsStateRenderer.namespaceName(hop.snapshot.netns()));
        if (!hop.snapshot.netns().equals(prober.netns())) b.append(NL).append(render(hop.snapshot));
      }
    }
    return b.toString();
  }

  /** One namespace's links and routes, indented under the far-side line. */
  private static String render(NamespaceSnapshot s) {
    if (s.error().isPresent()) return "  (could not be read: " + s.error().get() + ")";
    String block = NetnsStateRenderer.links(s) + NL + "routes (main table):" + NL
        + NetnsStateRenderer.routeLines(s.routes());
    return block.lines().map(l -> "  " + l).reduce((x, y) -> x + NL + y).orElse("");
  }

  private record Holder(NamespaceSnapshot snapshot, Link link) {
  }

  private static Holder holder(List<NamespaceSnapshot> snapshots, IPAddress ip) {
    for (NamespaceSnapshot s : snapshots) {
      if (s.error().isPresent()) continue; // as before: a namespace that could not be read holds nothing
      for (Link l : s.links()) {
        for (String cidr : l.addresses()) {
          IPAddress a = address(cidr);
          if (a != null && a.withoutPrefixLength().equals(ip)) return new Holder(s, l);
        }
      }
    }
    return null;
  }

  /** The route the kernel's main table would pick by longest prefix (metrics and policy rules aside). */
  static Route bestRoute(List<Route> routes, IPAddress ip) {
    Route best = null;
    int bestLength = -1;
    for (Route r : routes) {
      if ((r.family() == 6) != ip.isIPv6()) continue;
      int length;
      if (r.isDefault()) {
        length = 0;
      } else {
        IPAddress prefix = address(r.destination().contains("/") ? r.destination()
            : r.destination() + (ip.isIPv6() ? "/128" : "/32"));
        if (prefix == null || !prefix.toPrefixBlock().contains(ip)) continue;
        length = prefix.getNetworkPrefixLength() == null ? ip.getBitCount() : prefix.getNetworkPrefixLength();
      }
      if (length > bestLength) {
        best = r;
        bestLength = length;
      }
    }
    return best;
  }

  private static IPAddress address(String text) {
    IPAddress a = new IPAddressString(text).getAddress();
    return a == null ? null : (a.getNetworkPrefixLength() == null ? a : a);
  }
}
