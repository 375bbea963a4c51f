package dev.netns.assertj;

import static dev.netns.assertj.error.NetnsStateRenderer.namespaceName;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.assertj.error.LinkSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** The facts that make two links the ends of one veth pair, and what breaks them, in words. */
final class VethPairing {

  private VethPairing() {
  }

  /**
   * Every reason why {@code me} and {@code them} are not one veth pair; empty when they are.
   *
   * @param mine     this link as read, with its link-netnsid resolved
   * @param theirs   the other link as read, or {@code null} when it is gone
   * @param expected the other link as the caller named it
   */
  static List<String> problems(LinkSnapshot mine, LinkSnapshot theirs, Link expected) {
    List<String> problems = new ArrayList<>();
    Link me = mine.link();
    Link them = theirs == null ? null : theirs.link();
    if (them == null) {
      problems.add(namespaceName(expected.netns()) + " has no link named " + expected.name() + " now");
      return problems;
    }
    String target = me.netns().target().describe();
    String theirTarget = them.netns().target().describe();
    if (!target.equals(theirTarget)) {
      problems.add(me.name() + " is on the " + target + " but " + them.name() + " is on the " + theirTarget);
      return problems;
    }
    kind(me, problems);
    kind(them, problems);
    peerIndex(me, them, problems);
    peerIndex(them, me, problems);
    peerNamespace(mine, them, problems);
    peerNamespace(theirs, me, problems);
    return problems;
  }

  private static void kind(Link l, List<String> problems) {
    if (!"veth".equals(l.kind())) {
      problems.add(l.name() + " is not a veth (kind " + (l.kind().isEmpty() ? "none" : l.kind()) + ")");
    }
  }

  private static void peerIndex(Link l, Link other, List<String> problems) {
    OptionalInt peer = l.peerIndex();
    if (peer.isEmpty()) {
      problems.add(l.name() + " has no peer index");
    } else if (peer.getAsInt() != other.index()) {
      problems.add("the peer of " + l.name() + " is ifindex " + peer.getAsInt() + ", not " + other.name()
          + "'s index " + other.index());
    }
  }

  /** Where {@code l}'s peer lives must be the namespace that holds {@code other}. */
  private static void peerNamespace(LinkSnapshot read, Link other, List<String> problems) {
    Link l = read.link();
    Netns theirs = other.netns();
    if (l.linkNetnsId().isEmpty()) {
      if (!Objects.equals(l.netns().name(), theirs.name())) {
        problems.add(l.name() + " has no link-netnsid, so its peer is in its own namespace "
            + namespaceName(l.netns()) + ", but " + other.name() + " is in " + namespaceName(theirs));
      }
      return;
    }
    int nsid = l.linkNetnsId().getAsInt();
    Optional<String> peerNs = read.peerNamespace();
    if (peerNs.isEmpty()) {
      problems.add("the link-netnsid " + nsid + " of " + l.name() + " names no ip netns namespace on the target,"
          + " so it is not " + namespaceName(theirs));
    } else if (!peerNs.get().equals(theirs.name())) {
      problems.add("the peer of " + l.name() + " lives in namespace "
          + (peerNs.get().isEmpty() ? "(the target's own)" : peerNs.get()) + " (link-netnsid " + nsid + "), not in "
          + namespaceName(theirs) + " where " + other.name() + " is");
    }
  }
}
