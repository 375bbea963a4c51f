package dev.netns.internal.core;

import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.LinkState;
import dev.netns.Link;
import java.util.Optional;

/**
 * Finds the other end of a veth across namespaces, as {@code ip link} shows it: {@code @ifN} is
 * the peer's index in the peer's namespace, {@code link-netnsid} that namespace's id as seen from
 * the link's own namespace.
 */
final class Peers {

  private Peers() {
  }

  static Optional<Link> peerOf(NetnsImpl ns, LinkState s) {
    if (!"veth".equals(s.kind()) || s.peerIndex() <= 0) return Optional.empty();
    Engine engine = ns.scope().backend().engine();
    if (s.linkNetnsId() < 0) {
      // no link-netnsid: both ends in the same namespace
      return at(ns, s.peerIndex()).filter(p -> pointsBack(p, s));
    }
    Optional<String> name = engine.namespaceOfNsid(ns.engineName(), s.linkNetnsId());
    if (name.isEmpty()) return Optional.empty(); // a namespace without an ip netns name (a process's)
    if (!name.get().isEmpty()) {
      return at(ns.scope().adopt(name.get()), s.peerIndex()).filter(p -> pointsBack(p, s));
    }
    // the target's own namespace: a kind node's is its host side; the local machine's is never handed out
    if (ns.engineName() == null || ns.scope().backend().hostIsStandIn()) return Optional.empty();
    return at(ns.scope().host(), s.peerIndex()).filter(p -> pointsBack(p, s));
  }

  private static Optional<Link> at(NetnsImpl ns, int index) {
    for (LinkState l : ns.linkStates()) {
      if (l.index() == index) return Optional.of(new LinkImpl(ns, l));
    }
    return Optional.empty();
  }

  private static boolean pointsBack(Link candidate, LinkState s) {
    return "veth".equals(candidate.kind()) && ((LinkImpl) candidate).state().peerIndex() == s.index();
  }
}
