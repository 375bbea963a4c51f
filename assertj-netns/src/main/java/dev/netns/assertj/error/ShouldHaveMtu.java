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

  /** The message for {@code link}, as read now, not having {@code mtu}. */
  public static ErrorMessageFactory shouldHaveMtu(Link link, int mtu) {
    return new ShouldHaveMtu(link, mtu);
  }

  private ShouldHaveMtu(Link link, int mtu) {
    super("Expecting link " + describe(link) + " to have mtu " + mtu, "but it has mtu " + link.mtu() + ";",
        links(link.netns()));
  }
}
