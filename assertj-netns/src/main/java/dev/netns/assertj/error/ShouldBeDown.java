package dev.netns.assertj.error;

import static dev.netns.assertj.error.NetnsStateRenderer.adminState;
import static dev.netns.assertj.error.NetnsStateRenderer.describe;
import static dev.netns.assertj.error.NetnsStateRenderer.links;

import dev.netns.Link;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Failure of {@code isDown}: the interface has the {@code UP} flag.
 *
 * <pre>{@code
 * Expecting link veth-red in <red: jn-ab12c-red-1> on the local kernel to be down
 * but it is UP (state UP, flags [BROADCAST, MULTICAST, UP, LOWER_UP]);
 * links: ...
 * }</pre>
 */
public class ShouldBeDown extends NetnsErrorMessageFactory {

  /** The message for {@code link} being up; reads its namespace now for the links table. */
  public static ErrorMessageFactory shouldBeDown(Link link) {
    return new ShouldBeDown(link, NamespaceSnapshot.take(link.netns()));
  }

  /** The message for {@code link}, as read into {@code snapshot} (its namespace), being up. */
  public static ErrorMessageFactory shouldBeDown(Link link, NamespaceSnapshot snapshot) {
    return new ShouldBeDown(link, snapshot);
  }

  private ShouldBeDown(Link link, NamespaceSnapshot snapshot) {
    super("Expecting link " + describe(link) + " to be down", "but it is " + adminState(link) + ";", links(snapshot));
  }
}
