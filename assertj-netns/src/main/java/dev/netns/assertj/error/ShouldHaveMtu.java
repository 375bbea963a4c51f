package dev.netns.assertj.error;

import static dev.netns.assertj.error.NetnsStateRenderer.describe;
import static dev.netns.assertj.error.NetnsStateRenderer.links;

import dev.netns.Link;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Failure of {@code hasMtu}.
 *
 * <pre>{@code
 * Expecting link veth-red in <red: jn-ab12c-red-1> on the local kernel to have mtu 1400
 * but it has mtu 1500;
 * links: ...
 * }</pre>
 */
public class ShouldHaveMtu extends NetnsErrorMessageFactory {

  /** The message for {@code link} not having {@code mtu}; reads its namespace now for the links table. */
  public static ErrorMessageFactory shouldHaveMtu(Link link, int mtu) {
    return new ShouldHaveMtu(link, mtu, NamespaceSnapshot.take(link.netns()));
  }

  /** The message for {@code link}, as read into {@code snapshot} (its namespace), not having {@code mtu}. */
  public static ErrorMessageFactory shouldHaveMtu(Link link, int mtu, NamespaceSnapshot snapshot) {
    return new ShouldHaveMtu(link, mtu, snapshot);
  }

  private ShouldHaveMtu(Link link, int mtu, NamespaceSnapshot snapshot) {
    super("Expecting link " + describe(link) + " to have mtu " + mtu, "but it has mtu " + link.mtu() + ";",
        links(snapshot));
  }
}
