package dev.netns.assertj.error;

import dev.netns.Link;
import java.util.Objects;
import java.util.Optional;

/**
 * One link as a check read it, with the {@code ip netns} name its {@code link-netnsid} stood for
 * at that moment (the one fact about a veth that is not in the {@link Link} itself). The veth
 * pairing check decides on it and its failure message shows it, so both see the same reading.
 *
 * @param link          the link as read
 * @param peerNamespace the {@code ip netns} name its link-netnsid refers to ({@code ""}: the
 *                      target's own namespace); empty when it has no link-netnsid or the id names
 *                      no namespace
 */
public record LinkSnapshot(Link link, Optional<String> peerNamespace) {

  /** @throws NullPointerException when an argument is null */
  public LinkSnapshot {
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(peerNamespace, "peerNamespace");
  }

  /** Resolves {@code link}'s link-netnsid now (nothing to read when it has none). */
  public static LinkSnapshot take(Link link) {
    Objects.requireNonNull(link, "link");
    if (link.linkNetnsId().isEmpty()) return new LinkSnapshot(link, Optional.empty());
    return new LinkSnapshot(link, NetnsStateRenderer.nsidName(link.netns(), link.linkNetnsId().getAsInt()));
  }
}
