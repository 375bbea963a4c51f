package dev.netns.assertj;

import dev.netns.Link;

/**
 * Assertions on a {@link Link}; obtain one with {@link NetnsAssertions#assertThat(Link)} or
 * {@link AbstractNetnsAssert#link(String)}.
 *
 * <pre>{@code
 * assertThat(cable.left()).isUp().hasAddress("10.0.0.1/24").isVethPeerOf(cable.right());
 * }</pre>
 *
 * @see AbstractLinkAssert for every check
 */
public class LinkAssert extends AbstractLinkAssert<LinkAssert, Link> {

  /**
   * Creates an assertion on {@code actual} (public for AssertJ's soft assertion proxies).
   *
   * @param actual the link under test
   */
  public LinkAssert(Link actual) {
    super(actual, LinkAssert.class);
  }
}
