package dev.netns.assertj;

import dev.netns.Netns;

/**
 * Assertions on a {@link Netns}; obtain one with {@link NetnsAssertions#assertThat(Netns)}.
 *
 * <pre>{@code
 * assertThat(blue).hasAddress("10.0.0.2/24").canPing("10.0.0.1");
 * assertThat(red).eventually().hasRouteVia("10.0.0.254");
 * }</pre>
 *
 * @see AbstractNetnsAssert for every check
 */
public class NetnsAssert extends AbstractNetnsAssert<NetnsAssert, Netns> {

  /**
   * Creates an assertion on {@code actual} (public for AssertJ's soft assertion proxies).
   *
   * @param actual the namespace under test
   */
  public NetnsAssert(Netns actual) {
    super(actual, NetnsAssert.class);
  }
}
