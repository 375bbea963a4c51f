package dev.netns.assertj.error;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.ProbeResult;
import dev.netns.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Renders the state of a namespace the way failure messages show it: its links (name, admin
 * state, operstate, MTU, addresses, veth peer or bridge master) as a table, and its main routing
 * table as {@code ip route} prints it. Every error factory of this package uses it, so all
 * failures describe a namespace the same way.
 *
 * <pre>{@code
 * links:
 *   lo         UP    state UNKNOWN  mtu 65536  127.0.0.1/8 ::1/128
 *   veth-blue  UP    state UP       mtu 1500   10.0.0.2/24  peer veth-red in <red: jn-ab12c-red-1>
 * routes (main table):
 *   10.0.0.0/24 dev veth-blue proto kernel scope link src 10.0.0.2
 * }</pre>
 *
 * <p>Only the public model is used ({@link Netns#links()}, {@link Netns#routes()},
 * {@link Netns#namespaceNameOfNsid(int)}), so messages look the same on every target. Reading
 * state for a message never throws: what cannot be read is reported in the message instead, so
 * that the assertion's own failure is never hidden.
 */
public final class NetnsStateRenderer {

  static final String INDENT = "  ";

  private NetnsStateRenderer() {
  }

  /**
   * A namespace as messages name it, with its target: {@code <red: jn-ab12c-red-1> on the local kernel}.
   */
  public static String describe(Netns ns) {
    if (ns == null) return "<null namespace>";
    String target = safely(() -> ns.target().location(), "an unknown target");
    return namespaceName(ns) + " on the " + target;
  }

  /** {@code <red: jn-ab12c-red-1>}, {@code <jn-ab12c-1>}, or {@code <host: the target's own namespace>}. */
  public static String namespaceName(Netns ns) {
    String name = safely(ns::name, "?");
    String logical = safely(ns::logicalName, name);
    if (name.isEmpty()) return "<" + logical + ": the target's own namespace>";
    return logical == null || logical.isEmpty() || logical.equals(name) ? "<" + name + ">" : "<" + logical + ": " + name + ">";
  }

  /** A link as messages name it: {@code veth-red in <red: jn-ab12c-red-1> on the local kernel}. */
  public static String describe(Link link) {
    return link.name() + " in " + describe(link.netns());
  }

  /** {@code UP (state UP, flags [BROADCAST, MULTICAST, UP, LOWER_UP])}: the admin state and what explains it. */
  public static String adminState(Link l) {
    return (l.isUp() ? "UP" : "DOWN") + " (state " + l.operState() + ", flags " + l.flags() + ")";
  }

  /** The links block: a {@code links:} header and one line per link; reads the namespace now. */
  public static String links(Netns ns) {
    try {
      return links(ns, ns.links());
    } catch (RuntimeException e) {
      return "links: (could not be read: " + e.getMessage() + ")";
    }
  }

  /** The links block for links already read from {@code ns}. */
  public static String links(Netns ns, List<Link> links) {
    StringBuilder b = new StringBuilder("links:");
    if (links.isEmpty()) return b.append(System.lineSeparator()).append(INDENT).append("(none)").toString();
    int nameWidth = width(links, Link::name);
    int stateWidth = width(links, l -> "state " + l.operState());
    int mtuWidth = width(links, l -> "mtu " + l.mtu());
    int addrWidth = width(links, NetnsStateRenderer::addresses);
    PeerNames peers = new PeerNames(ns, links);
    for (Link l : links) {
      String extra = peers.describe(l);
      String line = INDENT + pad(l.name(), nameWidth) + "  " + pad(l.isUp() ? "UP" : "DOWN", 4)
          + "  " + pad("state " + l.operState(), stateWidth) + "  " + pad("mtu " + l.mtu(), mtuWidth)
          + "  " + pad(addresses(l), extra.isEmpty() ? 0 : addrWidth) + (extra.isEmpty() ? "" : "  " + extra);
      b.append(System.lineSeparator()).append(line.stripTrailing());
    }
    return b.toString();
  }

  /** The routes of the main table, one per line, indented, as {@code ip route} prints them. */
  public static String routeLines(List<Route> routes) {
    if (routes.isEmpty()) return INDENT + "(no routes)";
    StringBuilder b = new StringBuilder();
    for (Route r : routes) {
      if (b.length() > 0) b.append(System.lineSeparator());
      b.append(INDENT).append(r);
    }
    return b.toString();
  }

  /** The routes block: a {@code routes (main table):} header and the routes; reads the namespace now. */
  public static String routes(Netns ns) {
    try {
      return "routes (main table):" + System.lineSeparator() + routeLines(ns.routes());
    } catch (RuntimeException e) {
      return "routes (main table): (could not be read: " + e.getMessage() + ")";
    }
  }

  /** Links then routes of the namespace, read now. */
  public static String state(Netns ns) {
    return links(ns) + System.lineSeparator() + routes(ns);
  }

  /**
   * What a probe saw: {@code outcome (after 1.004 s):} then the probe's output, one indented line
   * each (blank lines dropped).
   *
   * @param outcome e.g. {@code "but the probe saw"}
   */
  public static String probe(String outcome, ProbeResult r) {
    StringBuilder b = new StringBuilder(outcome).append(" (after ").append(duration(r.elapsed())).append("):");
    String detail = r.detail() == null || r.detail().isBlank() ? "(no detail)" : r.detail();
    detail.lines().map(String::strip).filter(l -> !l.isEmpty())
        .forEach(l -> b.append(System.lineSeparator()).append(INDENT).append(l));
    r.deniedBy().ifPresent(rule -> b.append(System.lineSeparator()).append("denied by the rule:")
        .append(System.lineSeparator()).append(INDENT).append(rule));
    return b.toString();
  }

  /** {@code 250 ms}, {@code 1 s}, {@code 1.5 s}, {@code 2 min}: short and exact enough for a message. */
  public static String duration(Duration d) {
    if (d == null) return "?";
    if (d.isNegative()) return "-" + duration(d.negated());
    long ms = d.toMillis();
    if (ms < 1000) return ms + " ms";
    if (ms % 60_000 == 0) return ms / 60_000 + " min";
    if (ms % 1000 == 0) return ms / 1000 + " s";
    return String.format(java.util.Locale.ROOT, "%.3f s", ms / 1000.0).replaceAll("0+ s$", " s");
  }

  /**
   * The facts that decide whether two links are a veth pair, one line:
   * {@code veth-a  index 7  kind veth  peer ifindex 5  link-netnsid 0 (= jn-ab12c-blue-2)  in <red: jn-ab12c-red-1>}.
   */
  public static String vethFacts(Link l) {
    StringBuilder b = new StringBuilder(l.name()).append("  index ").append(l.index())
        .append("  kind ").append(l.kind().isEmpty() ? "(none)" : l.kind());
    OptionalInt peer = l.peerIndex();
    b.append("  peer ifindex ").append(peer.isPresent() ? Integer.toString(peer.getAsInt()) : "(none)");
    OptionalInt nsid = l.linkNetnsId();
    if (nsid.isPresent()) {
      b.append("  link-netnsid ").append(nsid.getAsInt()).append(" (= ")
          .append(nsidName(l.netns(), nsid.getAsInt()).map(n -> n.isEmpty() ? "the target's own namespace" : n)
              .orElse("no ip netns name"))
          .append(")");
    } else {
      b.append("  link-netnsid (none: peer in the same namespace)");
    }
    return b.append("  in ").append(describe(l.netns())).toString();
  }

  /** The {@code ip netns} name a netns id of {@code ns} refers to; empty when unknown or unreadable. */
  public static Optional<String> nsidName(Netns ns, int nsid) {
    try {
      return ns.namespaceNameOfNsid(nsid);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String addresses(Link l) {
    return l.addresses().isEmpty() ? "-" : String.join(" ", l.addresses());
  }

  private static int width(List<Link> links, java.util.function.Function<Link, String> column) {
    int w = 0;
    for (Link l : links) w = Math.max(w, column.apply(l).length());
    return w;
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static <T> T safely(Supplier<T> read, T fallback) {
    try {
      T v = read.get();
      return v == null ? fallback : v;
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  /** Resolves veth peers to names, reading each peer namespace at most once. */
  private static final class PeerNames {
    private final Netns ns;
    private final List<Link> local;
    private final Map<Integer, Optional<Netns>> byNsid = new HashMap<>();
    private final Map<Netns, List<Link>> linksOf = new HashMap<>();

    PeerNames(Netns ns, List<Link> local) {
      this.ns = ns;
      this.local = local;
    }

    String describe(Link l) {
      List<String> parts = new ArrayList<>();
      if (!l.kind().isEmpty() && !"veth".equals(l.kind())) parts.add(l.kind());
      // read from the flags, which change at once: operstate follows only when linkwatch runs
      if (l.isUp() && !l.flags().contains("LOWER_UP")) parts.add("no carrier");
      if (l.peerIndex().isPresent()) parts.add(peer(l, l.peerIndex().getAsInt()));
      l.master().ifPresent(m -> parts.add("master " + m));
      return String.join("  ", parts);
    }

    private String peer(Link l, int peerIndex) {
      if (l.linkNetnsId().isEmpty()) {
        return "peer " + nameIn(local, peerIndex).orElse("ifindex " + peerIndex);
      }
      int nsid = l.linkNetnsId().getAsInt();
      Optional<Netns> peerNs = byNsid.computeIfAbsent(nsid, this::resolve);
      if (peerNs.isEmpty()) {
        Optional<String> name = nsidName(ns, nsid);
        return "peer ifindex " + peerIndex + " in "
            + (name.isPresent() && name.get().isEmpty() ? "the target's own namespace" : "netns id " + nsid);
      }
      Netns p = peerNs.get();
      List<Link> theirs = linksOf.computeIfAbsent(p, n -> safely(n::links, List.of()));
      return "peer " + nameIn(theirs, peerIndex).orElse("ifindex " + peerIndex) + " in " + namespaceName(p);
    }

    private Optional<Netns> resolve(int nsid) {
      Optional<String> name = nsidName(ns, nsid);
      if (name.isEmpty() || name.get().isEmpty()) return Optional.empty();
      return safely(() -> ns.target().namespace(name.get()), Optional.empty());
    }

    private static Optional<String> nameIn(List<Link> links, int index) {
      return links.stream().filter(x -> x.index() == index).map(Link::name).findFirst();
    }
  }
}
