package dev.netns.assertj.error;

import static dev.netns.assertj.error.NetnsStateRenderer.describe;
import static dev.netns.assertj.error.NetnsStateRenderer.links;

import dev.netns.Link;
import dev.netns.Netns;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Failure of {@code hasLink} (and of {@code link(name)} or a link check when the link is gone).
 *
 * <pre>{@code
 * Expecting namespace <red: jn-ab12c-red-1> on the local kernel to have a link named veth9
 * but it has no such link;
 * links:
 *   lo        UP    state UNKNOWN  mtu 65536  127.0.0.1/8 ::1/128
 *   veth-red  UP    state UP       mtu 1500   10.0.0.1/24  peer veth-blue in <blue: jn-ab12c-blue-2>
 * }</pre>
 */
public class ShouldHaveLink extends NetnsErrorMessageFactory {

  /**
   * The message for {@code ns}, whose interfaces are {@code links}, lacking {@code name}; the veth
   * peers' names are resolved now (use {@link #shouldHaveLink(NamespaceSnapshot, String)} to read nothing).
   */
  public static ErrorMessageFactory shouldHaveLink(Netns ns, String name, List<Link> links) {
    return new ShouldHaveLink(NamespaceSnapshot.of(ns, links, List.of()), name);
  }

  /** The message for the namespace read into {@code snapshot} lacking a link named {@code name}. */
  public static ErrorMessageFactory shouldHaveLink(NamespaceSnapshot snapshot, String name) {
    return new ShouldHaveLink(snapshot, name);
  }

  private ShouldHaveLink(NamespaceSnapshot snapshot, String name) {
    super("Expecting namespace " + describe(snapshot.netns()) + " to have a link named " + name,
        "but it has no such link;",
        links(snapshot));
  }
}
