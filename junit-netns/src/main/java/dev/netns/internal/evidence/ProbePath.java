package dev.netns.internal.evidence;

import dev.netns.Route;
import dev.netns.internal.spi.LinkState;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The path a failed probe took, as far as the snapshot tells: the source namespace is the one of
 * the test the failure message names, the destination the first address it names that is not the
 * source's own; from the source, each hop is the main-table route with the longest matching
 * prefix, across veth pairs, until a namespace holds the destination, no route matches, or a
 * namespace repeats. Links on the way are marked as {@code namespace/interface}; {@code holder}
 * is the namespace of the test that holds the destination ({@code null}: none does).
 */
record ProbePath(String source, String destination, List<String> hops, boolean reached, String holder) {

  private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(\\d{1,3}(?:\\.\\d{1,3}){3})(?![\\d.]|/\\d)");

  static Optional<ProbePath> of(String failure, Topology t) {
    if (failure == null) return Optional.empty();
    Topology.Ns src = null;
    int at = Integer.MAX_VALUE;
    for (Topology.Ns n : t.namespaces()) {
      int i = failure.indexOf(n.name());
      if (i >= 0 && i < at) {
        at = i;
        src = n;
      }
    }
    if (src == null) return Optional.empty();
    Set<String> own = new HashSet<>();
    for (LinkState l : src.links()) for (String a : l.addresses()) own.add(a.split("/")[0]);
    Matcher m = IPV4.matcher(failure);
    String dst = null;
    while (m.find()) {
      String ip = m.group(1);
      if (!own.contains(ip) && new IPAddressString(ip).isIPv4()) {
        dst = ip;
        break;
      }
    }
    if (dst == null) return Optional.empty();
    IPAddress target = new IPAddressString(dst).getAddress();
    List<String> hops = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    Topology.Ns here = src;
    boolean reached = false;
    while (here != null && seen.add(here.name())) {
      if (holds(here, dst)) {
        reached = true;
        break;
      }
      Route best = null;
      int bestLen = -1;
      for (Route r : here.routes()) {
        if (r.family() != 4 || r.device() == null) continue;
        int len;
        if (r.isDefault()) len = 0;
        else {
          IPAddress net = new IPAddressString(r.destination()).getAddress();
          if (net == null || !net.toPrefixBlock().contains(target)) continue;
          len = net.getNetworkPrefixLength() == null ? 32 : net.getNetworkPrefixLength();
        }
        if (len > bestLen) {
          best = r;
          bestLen = len;
        }
      }
      if (best == null) break;
      hops.add(here.name() + "/" + best.device());
      Optional<LinkState> out = here.link(best.device());
      Topology.Ns cur = here;
      Topology.Peer p = out.map(l -> cur.peers().get(l.index())).orElse(null);
      if (p == null || p.name() == null || p.namespace() == null) break;
      hops.add(p.namespace() + "/" + p.name());
      here = t.namespace(p.namespace()).orElse(null);
    }
    String holder = null;
    for (Topology.Ns n : t.namespaces()) if (holds(n, dst)) holder = n.display();
    return Optional.of(new ProbePath(src.display(), dst, hops, reached, holder));
  }

  private static boolean holds(Topology.Ns n, String ip) {
    for (LinkState l : n.links()) for (String a : l.addresses()) if (a.split("/")[0].equals(ip)) return true;
    return false;
  }
}
