package dev.netns.assertj.error;

import static dev.netns.assertj.error.NetnsStateRenderer.adminState;
import static dev.netns.assertj.error.NetnsStateRenderer.describe;
import static dev.netns.assertj.error.NetnsStateRenderer.links;

import dev.netns.Link;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Failure of {@code isUp}: the interface lacks the {@code UP} flag.
 *
 * <pre>{@code
 * Expecting link veth-red in <red: jn-ab12c-red-1> on the local kernel to be up
 * but it is DOWN (state DOWN, flags [BROADCAST, MULTICAST]);
 * links: ...
 * }</pre>
 */
public class ShouldBeUp extends NetnsErrorMessageFactory {

  /** The message for {@code link} being down; reads its namespace now for the links table. */
  public static ErrorMessageFactory shouldBeUp(Link link) {
    return new ShouldBeUp(link, NamespaceSnapshot.take(link.netns()));
  }

  /** The message for {@code link}, as read into {@code snapshot} (its namespace), being down. */
  public static ErrorMessageFactory shouldBeUp(Link link, NamespaceSnapshot snapshot) {
    return new ShouldBeUp(link, snapshot);
  }

  private ShouldBeUp(Link link, NamespaceSnapshot snapshot) {
    super("Expecting link " + describe(link) + " to be up", "but it is " + adminState(link) + ";", links(snapshot));
  }
}
