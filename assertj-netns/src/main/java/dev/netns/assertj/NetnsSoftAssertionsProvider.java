package dev.netns.assertj;

import dev.netns.Link;
import dev.netns.Netns;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Soft assertions on namespaces and links, to mix into any AssertJ soft assertions class:
 * failures are collected and reported together by {@code assertAll()}.
 *
 * <pre>{@code
 * class MySoftAssertions extends SoftAssertions implements NetnsSoftAssertionsProvider {
 * }
 *
 * MySoftAssertions softly = new MySoftAssertions();
 * softly.assertThat(red).canPing("10.0.0.2").hasRouteVia("10.0.0.254");
 * softly.assertThat(red).link("veth-red").isUp().hasMtu(1400);
 * softly.assertAll();
 * }</pre>
 *
 * <p>Link assertions made with {@code link(name)} collect into the same provider; a missing link
 * is reported once and the checks chained after it are skipped.
 */
public interface NetnsSoftAssertionsProvider extends SoftAssertionsProvider {

  /**
   * Creates soft assertions on a namespace.
   *
   * @param actual the namespace under test
   * @return a proxied assertion that collects failures instead of throwing them
   */
  default NetnsAssert assertThat(Netns actual) {
    NetnsAssert soft = proxy(NetnsAssert.class, Netns.class, actual);
    soft.softly(this);
    return soft;
  }

  /**
   * Creates soft assertions on a link.
   *
   * @param actual the link under test
   * @return a proxied assertion that collects failures instead of throwing them
   */
  default LinkAssert assertThat(Link actual) {
    return proxy(LinkAssert.class, Link.class, actual);
  }
}
