package dev.netns.assertj.error;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One reading of a namespace, taken by an assertion at the moment its check failed: the links
 * and the main routing table, what could not be read (in words), and the names of the veth peers
 * of its links. Error factories format a snapshot and never read the kernel, so what a message
 * shows is the state that failed, and a failed attempt under {@code eventually()} reads the
 * namespace once.
 *
 * <pre>{@code
 * List<Link> links = ns.links();                                  // what the check decided on
 * if (absent) throw assertionError(shouldHaveLink(NamespaceSnapshot.withLinks(ns, links), "veth9"));
 * }</pre>
 *
 * <p>Immutable; the {@link Netns} is kept only to name the namespace in the message. Taking a
 * snapshot never throws: what cannot be read is recorded and shown in the message instead, so
 * that the assertion's own failure is never hidden.
 */
public final class NamespaceSnapshot {

  private final Netns netns;
  private final List<Link> links;
  private final List<Route> routes;
  private final String linksError;
  private final String routesError;
  /** Link index to its veth peer as the message names it ({@code peer veth-blue in <blue: ...>}). */
  private final Map<Integer, String> peers;

  private NamespaceSnapshot(Netns netns, List<Link> links, String linksError, List<Route> routes, String routesError) {
    this.netns = Objects.requireNonNull(netns, "netns");
    this.links = List.copyOf(links);
    this.routes = List.copyOf(routes);
    this.linksError = linksError;
    this.routesError = routesError;
    this.peers = Map.copyOf(resolvePeers(netns, this.links));
  }

  /** Reads the links and the main routing table of {@code ns} now, once each. */
  public static NamespaceSnapshot take(Netns ns) {
    Objects.requireNonNull(ns, "ns");
    List<Link> links = List.of();
    String linksError = null;
    try {
      links = ns.links();
    } catch (RuntimeException e) {
      linksError = String.valueOf(e.getMessage());
    }
    return withLinks(ns, links, linksError);
  }

  /** The links a check already read from {@code ns} (not read again), and the routes, read now once. */
  public static NamespaceSnapshot withLinks(Netns ns, List<Link> links) {
    Objects.requireNonNull(links, "links");
    return withLinks(ns, links, null);
  }

  private static NamespaceSnapshot withLinks(Netns ns, List<Link> links, String linksError) {
    List<Route> routes = List.of();
    String routesError = null;
    try {
      routes = ns.routes();
    } catch (RuntimeException e) {
      routesError = String.valueOf(e.getMessage());
    }
    return new NamespaceSnapshot(ns, links, linksError, routes, routesError);
  }

  /** The routes a check already read from {@code ns} (not read again), and the links, read now once. */
  public static NamespaceSnapshot withRoutes(Netns ns, List<Route> routes) {
    Objects.requireNonNull(ns, "ns");
    Objects.requireNonNull(routes, "routes");
    List<Link> links = List.of();
    String linksError = null;
    try {
      links = ns.links();
    } catch (RuntimeException e) {
      linksError = String.valueOf(e.getMessage());
    }
    return new NamespaceSnapshot(ns, links, linksError, routes, null);
  }

  /**
   * Links and routes already read from {@code ns}; neither is read again (only the veth peers'
   * names are resolved, from the peers' namespaces).
   */
  public static NamespaceSnapshot of(Netns ns, List<Link> links, List<Route> routes) {
    Objects.requireNonNull(links, "links");
    Objects.requireNonNull(routes, "routes");
    return new NamespaceSnapshot(ns, links, null, routes, null);
  }

  /** The namespace read, for naming it in a message. */
  public Netns netns() {
    return netns;
  }

  /** Its links as read (empty when they could not be read). */
  public List<Link> links() {
    return links;
  }

  /** Its main routing table as read (empty when it could not be read). */
  public List<Route> routes() {
    return routes;
  }

  /** Why the links could not be read, if they could not. */
  public Optional<String> linksError() {
    return Optional.ofNullable(linksError);
  }

  /** Why the routes could not be read, if they could not. */
  public Optional<String> routesError() {
    return Optional.ofNullable(routesError);
  }

  /** The first read error (links, then routes), if any. */
  public Optional<String> error() {
    return linksError != null ? linksError() : routesError();
  }

  /** The link named {@code name} as read. */
  public Optional<Link> link(String name) {
    return links.stream().filter(l -> l.name().equals(name)).findFirst();
  }

  /** The veth peer of {@code l} as the links table names it, resolved when the snapshot was taken. */
  String peerOf(Link l) {
    String p = peers.get(l.index());
    return p != null ? p : "peer ifindex " + l.peerIndex().orElse(0);
  }

  @Override
  public String toString() {
    return NetnsStateRenderer.state(this);
  }

  /** Names each veth peer, reading each peer namespace at most once. */
  private static Map<Integer, String> resolvePeers(Netns ns, List<Link> local) {
    Map<Integer, String> out = new HashMap<>();
    Map<Integer, Optional<Netns>> byNsid = new HashMap<>();
    Map<Netns, List<Link>> linksOf = new HashMap<>();
    for (Link l : local) {
      if (l.peerIndex().isEmpty()) continue;
      int peerIndex = l.peerIndex().getAsInt();
      String text;
      if (l.linkNetnsId().isEmpty()) {
        text = "peer " + nameIn(local, peerIndex).orElse("ifindex " + peerIndex);
      } else {
        int nsid = l.linkNetnsId().getAsInt();
        Optional<Netns> peerNs = byNsid.computeIfAbsent(nsid, id -> resolve(ns, id));
        if (peerNs.isEmpty()) {
          Optional<String> name = NetnsStateRenderer.nsidName(ns, nsid);
          text = "peer ifindex " + peerIndex + " in "
              + (name.isPresent() && name.get().isEmpty() ? "the target's own namespace" : "netns id " + nsid);
        } else {
          Netns p = peerNs.get();
          List<Link> theirs = linksOf.computeIfAbsent(p, NamespaceSnapshot::linksOrNone);
          text = "peer " + nameIn(theirs, peerIndex).orElse("ifindex " + peerIndex) + " in "
              + NetnsStateRenderer.namespaceName(p);
        }
      }
      out.put(l.index(), text);
    }
    return out;
  }

  private static Optional<Netns> resolve(Netns ns, int nsid) {
    Optional<String> name = NetnsStateRenderer.nsidName(ns, nsid);
    if (name.isEmpty() || name.get().isEmpty()) return Optional.empty();
    try {
      Optional<Netns> found = ns.target().namespace(name.get());
      return found == null ? Optional.empty() : found;
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static List<Link> linksOrNone(Netns n) {
    try {
      List<Link> l = n.links();
      return l == null ? List.of() : new ArrayList<>(l);
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static Optional<String> nameIn(List<Link> links, int index) {
    return links.stream().filter(x -> x.index() == index).map(Link::name).findFirst();
  }
}
