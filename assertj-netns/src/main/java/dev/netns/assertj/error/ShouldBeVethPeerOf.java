package dev.netns.assertj.error;

import static dev.netns.assertj.error.NetnsStateRenderer.INDENT;
import static dev.netns.assertj.error.NetnsStateRenderer.describe;
import static dev.netns.assertj.error.NetnsStateRenderer.vethFacts;

import dev.netns.Link;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Failure of {@code isVethPeerOf}: lists every fact that breaks the pairing, then both links'
 * facts (kind, index, peer index, link-netnsid and the namespace it stands for).
 *
 * <pre>{@code
 * Expecting link veth-a in <red: jn-ab12c-red-1> on the local kernel
 * to be the veth peer of veth-d in <blue: jn-ab12c-blue-2> on the local kernel
 * but:
 *   - the peer of veth-a is ifindex 5, not veth-d's index 7
 *   - the peer of veth-d is ifindex 9, not veth-a's index 6
 * facts:
 *   veth-a  index 6  kind veth  peer ifindex 5  link-netnsid 0 (= jn-ab12c-blue-2)  in <red: jn-ab12c-red-1> on the local kernel
 *   veth-d  index 7  kind veth  peer ifindex 9  link-netnsid 1 (= jn-ab12c-red-1)  in <blue: jn-ab12c-blue-2> on the local kernel
 * }</pre>
 */
public class ShouldBeVethPeerOf extends NetnsErrorMessageFactory {

  /**
   * The message for {@code link} not being the veth peer of {@code other}.
   *
   * @param other    the other link as read now, or {@code null} when it no longer exists (link-netnsids are resolved now)
   * @param expected the other link as the caller named it
   * @param problems each fact that breaks the pairing, in words
   */
  public static ErrorMessageFactory shouldBeVethPeerOf(Link link, Link other, Link expected, List<String> problems) {
    return new ShouldBeVethPeerOf(LinkSnapshot.take(link), other == null ? null : LinkSnapshot.take(other), expected,
        problems);
  }

  /**
   * The message for {@code link} not being the veth peer of {@code other}, both as the check read them.
   *
   * @param other    the other link as read, or {@code null} when it no longer exists
   * @param expected the other link as the caller named it
   * @param problems each fact that breaks the pairing, in words
   */
  public static ErrorMessageFactory shouldBeVethPeerOf(LinkSnapshot link, LinkSnapshot other, Link expected,
                                                       List<String> problems) {
    return new ShouldBeVethPeerOf(link, other, expected, problems);
  }

  private ShouldBeVethPeerOf(LinkSnapshot link, LinkSnapshot other, Link expected, List<String> problems) {
    super(lines(link, other, expected, problems));
  }

  private static String[] lines(LinkSnapshot link, LinkSnapshot other, Link expected, List<String> problems) {
    List<String> lines = new ArrayList<>();
    lines.add("Expecting link " + describe(link.link()));
    lines.add("to be the veth peer of " + describe(expected));
    lines.add("but:");
    for (String p : problems) lines.add(INDENT + "- " + p);
    lines.add("facts:");
    lines.add(INDENT + vethFacts(link));
    lines.add(INDENT + (other == null ? expected.name() + "  (no such link now)" : vethFacts(other)));
    return lines.toArray(String[]::new);
  }
}
