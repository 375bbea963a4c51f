package dev.netns.assertj;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The namespace assertions, passing and failing, on one lab shared by the class (nothing here
 * changes it): red (10.0.0.1/24, fd00::1/64, default routes via .254 and fd00::fe) and blue
 * (10.0.0.2/24, fd00::2/64, no default route), joined by a veth pair.
 */
@NetnsTest
class NetnsAssertTest {

  private static final Duration SHORT = Duration.ofMillis(300);

  @NetNamespace("red")
  static Netns red;
  @NetNamespace("blue")
  static Netns blue;
  @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
      leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24")
  static Veth cable;

  @BeforeAll
  static void ipv6AndRoutes() {
    red.addAddress("veth-red", "fd00::1/64");
    blue.addAddress("veth-blue", "fd00::2/64");
    red.addRoute("default", "10.0.0.254", "veth-red");
    red.addRoute("default", "fd00::fe", "veth-red");
  }

  @Test
  void canPingOverIpv4AndIpv6() {
    assertThat(red).canPing("10.0.0.2").canPing("fd00::2").canPing("127.0.0.1").canPing("::1");
    assertThat(blue).canPing("10.0.0.1", Duration.ofSeconds(2)).canPing("fd00::1");
  }

  @Test
  void canPingFailureShowsWhatTheProbeSawAndTheNamespace() {
    assertThatThrownBy(() -> assertThat(red).withProbeTimeout(SHORT).canPing("10.0.0.9"))
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("Expecting namespace <red: " + red.name() + "> on the local kernel to be able to ping 10.0.0.9")
        .contains("(one ICMP echo, timeout 300 ms)")
        // the probe's own words follow (they differ between the ip and the native engine)
        .containsPattern("but the probe saw \\(after \\d+ ms\\):\n  \\S.*0 received")
        .contains("links:")
        .containsPattern("\n  veth-red +UP +state UP +mtu 1500 +10\\.0\\.0\\.1/24 fd00::1/64 .*  peer veth-blue in <blue: "
            + blue.name() + ">")
        .containsPattern("\n  lo +UP +state UNKNOWN +mtu 65536 +127\\.0\\.0\\.1/8 ::1/128")
        .contains("routes (main table):")
        .contains("\n  default via 10.0.0.254 dev veth-red")
        .contains("\n  10.0.0.0/24 dev veth-red proto kernel scope link src 10.0.0.1")
        .contains("\n  default via fd00::fe dev veth-red");
  }

  @Test
  void cannotPing() {
    assertThat(red).cannotPing("10.0.0.9", SHORT).withProbeTimeout(SHORT).cannotPing("fd00::9");
    assertThatThrownBy(() -> assertThat(red).cannotPing("fd00::2"))
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("Expecting namespace <red: " + red.name() + "> on the local kernel not to be able to ping fd00::2")
        .contains("but it answered (after ")
        .containsPattern("fd00::2.*(1 received|icmp_seq|time=)");
  }

  @Test
  void hasRouteVia() {
    assertThat(red).hasRouteVia("10.0.0.254").hasRouteVia("fd00::fe").hasRouteVia("FD00:0::FE");
    assertThatThrownBy(() -> assertThat(blue).hasRouteVia("10.0.0.254"))
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("Expecting namespace <blue: " + blue.name() + "> on the local kernel to have a route via 10.0.0.254\n"
            + "but its main table has:\n"
            + "  10.0.0.0/24 dev veth-blue proto kernel scope link src 10.0.0.2\n")
        .contains("fd00::/64 dev veth-blue proto kernel")
        .containsPattern("links:\n  lo .*\n  veth-blue +UP .*peer veth-red in <red: " + red.name() + ">");
  }

  @Test
  void hasDefaultRouteViaLooksAtTheGatewaysFamily() {
    assertThat(red).hasDefaultRouteVia("10.0.0.254").hasDefaultRouteVia("fd00::fe");
    assertThatThrownBy(() -> assertThat(red).hasDefaultRouteVia("10.0.0.253"))
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("to have its IPv4 default route via 10.0.0.253\n"
            + "but its IPv4 default route is:\n"
            + "  default via 10.0.0.254 dev veth-red\n"
            + "links:");
    assertThatThrownBy(() -> assertThat(blue).hasDefaultRouteVia("fd00::fe"))
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("to have its IPv6 default route via fd00::fe\n"
            + "but it has no IPv6 default route; its main table has:\n"
            + "  10.0.0.0/24 dev veth-blue proto kernel scope link src 10.0.0.2");
  }

  @Test
  void hasLink() {
    assertThat(red).hasLink("lo").hasLink("veth-red");
    assertThatThrownBy(() -> assertThat(red).hasLink("veth-blue"))
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("Expecting namespace <red: " + red.name() + "> on the local kernel to have a link named veth-blue\n"
            + "but it has no such link;\n"
            + "links:\n"
            + "  lo ");
  }

  @Test
  void hasAddressNeedsTheSamePrefixLength() {
    assertThat(red).hasAddress("10.0.0.1/24").hasAddress("fd00::1/64").hasAddress("127.0.0.1/8")
        .hasAddress("fd00:0:0::1/64");
    assertThatThrownBy(() -> assertThat(red).hasAddress("10.0.0.1/16"))
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("to have address 10.0.0.1/16 on some interface\n"
            + "but none holds it (10.0.0.1 is held as 10.0.0.1/24 on veth-red);\n"
            + "links:");
    assertThatThrownBy(() -> assertThat(red).hasAddress("10.0.0.7/24"))
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("to have address 10.0.0.7/24 on some interface\nbut none holds it;\n");
  }

  @Test
  void linkChains() {
    assertThat(red).canPing("10.0.0.2")
        .link("veth-red").isUp().hasMtu(1500).hasAddress("10.0.0.1/24").hasAddress("fd00::1/64")
        .isVethPeerOf(cable.right());
    assertThatThrownBy(() -> assertThat(red).link("veth-nope"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to have a link named veth-nope");
  }

  @Test
  void nullNamespaceIsAFailureNotAnNpe() {
    assertThatThrownBy(() -> assertThat((Netns) null).hasLink("lo"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting actual not to be null");
  }
}
