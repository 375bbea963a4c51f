package dev.netns.target;

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
    if (name.isPresent() && !name.get().isEmpty()) {
      return at(ns.scope().adopt(name.get()), s.peerIndex()).filter(p -> pointsBack(p, s));
    }
    // The peer's namespace has no ip netns name. The one such namespace we can name is the
    // target's own (a kind node's); locally that is the machine's, which is never handed out.
    Backend b = ns.scope().backend();
    if (ns.engineName() == null || b.hostIsStandIn()) return Optional.empty();
    NetnsImpl node = ns.scope().host();
    return at(node, s.peerIndex()).filter(p -> {
      LinkImpl l = (LinkImpl) p;
      LinkState ps = l.state();
      if (!pointsBack(p, s) || ps.linkNetnsId() < 0) return false;
      return engine.namespaceOfNsid(null, ps.linkNetnsId()).map(n -> n.equals(ns.engineName())).orElse(false);
    });
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
