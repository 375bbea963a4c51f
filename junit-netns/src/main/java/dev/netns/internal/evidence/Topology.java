package dev.netns.internal.evidence;

import dev.netns.Neighbour;
import dev.netns.Route;
import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.spi.LinkState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the kernel shows for the namespaces of one test, read once when its evidence is written:
 * links with addresses, routes, neighbours, the sysctls that decide forwarding and filtering, the
 * packet-filter rules, and which veth ends are pairs. The state text, the reproducer script and
 * the picture are all made from this one snapshot. Reading never throws: what cannot be read is
 * kept as an error line, so that the test's own failure is never hidden.
 */
record Topology(List<Ns> namespaces) {

  /** Global sysctls that decide how a namespace forwards and answers (as {@code sysctl} names them). */
  static final List<String> SYSCTLS = List.of("net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding",
      "net.ipv4.conf.all.rp_filter", "net.ipv4.conf.default.rp_filter", "net.ipv4.conf.all.proxy_arp",
      "net.ipv4.conf.all.arp_ignore", "net.ipv4.conf.all.arp_announce", "net.ipv4.conf.all.accept_local",
      "net.ipv4.conf.all.route_localnet", "net.ipv4.icmp_echo_ignore_all", "net.ipv6.conf.all.disable_ipv6",
      "net.ipv6.conf.all.accept_dad", "net.ipv6.conf.default.accept_dad");
  /** Per-interface sysctls (under {@code net/ipv4/conf/IF/}). */
  static final List<String> LINK_SYSCTLS = List.of("rp_filter", "proxy_arp", "forwarding");

  /**
   * One namespace.
   *
   * @param name    the {@code ip netns} name
   * @param label   the test's logical name for it ({@code red}, {@code host})
   * @param peers   ifindex of a veth end here to its peer: namespace name and interface name
   */
  record Ns(String name, String label, List<LinkState> links, List<Route> routes, List<Neighbour> neighbours,
            Map<String, String> sysctls, Map<Integer, Peer> peers, String filterRules, List<String> errors) {

    Optional<LinkState> link(String device) {
      return links.stream().filter(l -> l.name().equals(device)).findFirst();
    }

    Optional<LinkState> link(int index) {
      return links.stream().filter(l -> l.index() == index).findFirst();
    }

    /** {@code red (jn-ab12c-red-1)} or the name alone. */
    String display() {
      return label == null || label.isEmpty() || label.equals(name) ? name : label + " (" + name + ")";
    }
  }

  /** A veth end's peer; {@code namespace} is {@code ""} for the target's own namespace, {@code null} when unknown. */
  record Peer(String namespace, String name, int index) {
  }

  /** Reads every namespace ({@code ip netns} name to logical name, in the order given). */
  static Topology read(Engine engine, Map<String, String> labels) {
    List<Ns> out = new ArrayList<>();
    Map<String, List<LinkState>> linksByNs = new HashMap<>();
    for (Map.Entry<String, String> e : labels.entrySet()) {
      String ns = e.getKey();
      List<String> errors = new ArrayList<>();
      List<LinkState> links = safely(() -> engine.links(ns), List.of(), "links", errors);
      linksByNs.put(ns, links);
      List<Route> routes = safely(() -> engine.routes(ns), List.of(), "routes", errors);
      List<Neighbour> neighbours = safely(() -> engine.neighbours(ns), List.of(), "neighbours", errors);
      Map<String, String> sysctls = new LinkedHashMap<>();
      for (String k : SYSCTLS) {
        try {
          sysctls.put(k, engine.readSysctl(ns, k).strip());
        } catch (RuntimeException ignored) {
          // absent on this kernel (e.g. IPv6 disabled): nothing to show or rebuild
        }
      }
      for (LinkState l : links) {
        if (l.name().equals("lo")) continue;
        for (String k : LINK_SYSCTLS) {
          try {
            sysctls.put("net/ipv4/conf/" + l.name() + "/" + k, engine.readSysctl(ns, "net/ipv4/conf/" + l.name() + "/" + k).strip());
          } catch (RuntimeException ignored) {
            // not every device has every key
          }
        }
      }
      String rules = "";
      try {
        var r = engine.exec(ns, ExecRequest.of(Duration.ofSeconds(10), List.of("iptables-save")));
        if (r.exitCode() == 0) rules = r.stdout();
      } catch (RuntimeException ignored) {
        // no iptables on this target: no rules to show
      }
      out.add(new Ns(ns, e.getValue(), links, routes, neighbours, sysctls, new HashMap<>(), rules, errors));
    }
    for (Ns n : out) {
      for (LinkState l : n.links()) {
        if (l.peerIndex() < 0 || !"veth".equals(l.kind())) continue;
        String peerNs = n.name();
        if (l.linkNetnsId() >= 0) {
          try {
            peerNs = engine.namespaceOfNsid(n.name(), l.linkNetnsId()).orElse(null);
          } catch (RuntimeException e) {
            peerNs = null;
          }
        }
        String peerName = null;
        List<LinkState> there = peerNs == null ? null : linksByNs.get(peerNs);
        if (there != null) {
          for (LinkState p : there) if (p.index() == l.peerIndex()) peerName = p.name();
        }
        n.peers().put(l.index(), new Peer(peerNs, peerName, l.peerIndex()));
      }
    }
    return new Topology(out);
  }

  Optional<Ns> namespace(String name) {
    return namespaces.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  private interface Read<T> {
    T get();
  }

  private static <T> T safely(Read<T> read, T fallback, String what, List<String> errors) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      errors.add(what + " could not be read: " + e.getMessage());
      return fallback;
    }
  }
}
