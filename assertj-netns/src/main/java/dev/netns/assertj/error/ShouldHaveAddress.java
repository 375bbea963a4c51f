package dev.netns.assertj.error;

import static dev.netns.assertj.error.NetnsStateRenderer.describe;
import static dev.netns.assertj.error.NetnsStateRenderer.links;

import dev.netns.Link;
import dev.netns.Netns;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Failure of {@code hasAddress}, on a namespace (some interface must hold the address with that
 * prefix length) or on one link. When the address is held with another prefix length, the
 * message says where.
 *
 * <pre>{@code
 * Expecting namespace <red: jn-ab12c-red-1> on the local kernel to have address 10.0.0.1/16 on some interface
 * but none holds it (10.0.0.1 is held as 10.0.0.1/24 on veth-red);
 * links: ...
 * }</pre>
 */
public class ShouldHaveAddress extends NetnsErrorMessageFactory {

  /**
   * The message for namespace {@code ns} whose interfaces {@code links} do not hold {@code cidr}.
   *
   * @param sameAddress where the address is held with another prefix, e.g. {@code 10.0.0.1/24 on veth-red}
   */
  public static ErrorMessageFactory shouldHaveAddress(Netns ns, String cidr, List<Link> links, List<String> sameAddress) {
    return shouldHaveAddress(NamespaceSnapshot.of(ns, links, List.of()), cidr, sameAddress);
  }

  /**
   * The message for the namespace read into {@code snapshot}, none of whose interfaces holds {@code cidr}.
   *
   * @param sameAddress where the address is held with another prefix, e.g. {@code 10.0.0.1/24 on veth-red}
   */
  public static ErrorMessageFactory shouldHaveAddress(NamespaceSnapshot snapshot, String cidr, List<String> sameAddress) {
    return new ShouldHaveAddress("Expecting namespace " + describe(snapshot.netns()) + " to have address " + cidr
        + " on some interface", "but none holds it" + otherPrefix(cidr, sameAddress) + ";", links(snapshot));
  }

  /** The message for {@code link} not holding {@code cidr}; reads the link's namespace now for the links table. */
  public static ErrorMessageFactory shouldHaveAddress(Link link, String cidr) {
    return shouldHaveAddress(link, cidr, NamespaceSnapshot.take(link.netns()));
  }

  /** The message for {@code link}, as read into {@code snapshot} (its namespace), not holding {@code cidr}. */
  public static ErrorMessageFactory shouldHaveAddress(Link link, String cidr, NamespaceSnapshot snapshot) {
    List<String> held = new ArrayList<>(link.addresses());
    return new ShouldHaveAddress("Expecting link " + describe(link) + " to have address " + cidr,
        "but it holds " + (held.isEmpty() ? "no address" : String.join(" ", held)) + ";", links(snapshot));
  }

  private ShouldHaveAddress(String... lines) {
    super(lines);
  }

  private static String otherPrefix(String cidr, List<String> sameAddress) {
    if (sameAddress.isEmpty()) return "";
    return " (" + dev.netns.Cidr.parse(cidr, "address").address() + " is held as " + String.join(", ", sameAddress) + ")";
  }
}
