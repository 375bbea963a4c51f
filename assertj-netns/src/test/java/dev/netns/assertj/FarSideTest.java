package dev.netns.assertj;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A failed probe shows the far side: the namespace of the test that holds the destination (its
 * links, addresses and routes), or that none does, and the namespace that holds the next hop.
 */
@NetnsTest
class FarSideTest {

  private static final Duration SHORT = Duration.ofMillis(300);

  @Test
  void theNamespaceHoldingTheDestinationIsShown(@NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
      @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
          leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
    blue.down("veth-blue"); // the bug is on the far side
    assertThatThrownBy(() -> assertThat(red).withProbeTimeout(SHORT).canPing("10.0.0.2"))
        .message()
        .contains("far side: 10.0.0.2 is held by veth-blue in <blue: " + blue.name() + ">")
        .containsPattern("\n    veth-blue +DOWN +state (DOWN|LOWERLAYERDOWN) .*10\\.0\\.0\\.2/24")
        .contains("  routes (main table):\n    (no routes)");
  }

  @Test
  void anAddressNobodyHoldsIsSaidSo(@NetNamespace("red") Netns red,
      @VethPair(left = "red", right = "blue", leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
    assertThatThrownBy(() -> assertThat(red).withProbeTimeout(SHORT).canPing("10.0.0.9"))
        .message().contains("far side: no namespace of this test holds 10.0.0.9");
    assertThatThrownBy(() -> assertThat(red).withProbeTimeout(SHORT).canConnect("10.0.0.9", 80))
        .message().contains("far side: no namespace of this test holds 10.0.0.9");
  }

  @Test
  void theNodeInBetweenIsShownAsTheNextHop(@HostNamespace Netns node,
      @VethPair(left = "a", right = "", leftName = "eth0", rightName = "to-a",
          leftAddress = "10.1.1.2/24", rightAddress = "10.1.1.1/24") Veth toA,
      @VethPair(left = "b", right = "", leftName = "eth0", rightName = "to-b",
          leftAddress = "10.1.2.2/24", rightAddress = "10.1.2.1/24") Veth toB) {
    Netns a = toA.left().netns();
    Netns b = toB.left().netns();
    a.addRoute("default", "10.1.1.1", null);
    b.addRoute("default", "10.1.2.1", null);
    // forwarding is off on the node: the ping dies there
    assertThatThrownBy(() -> assertThat(a).withProbeTimeout(SHORT).canPing("10.1.2.2"))
        .message()
        .contains("far side: 10.1.2.2 is held by eth0 in <b: " + b.name() + ">")
        .contains("next hop: 10.1.1.1 (route default via 10.1.1.1 dev eth0) is held by to-a in <host: "
            + node.name() + ">")
        .containsPattern("\n    to-b +UP .*10\\.1\\.2\\.1/24");
    node.sysctl("net.ipv4.ip_forward", "1");
    assertThat(a).canPing("10.1.2.2");
  }

  @Test
  void noRouteIsSaid(@VethPair(left = "a", right = "b", leftAddress = "10.2.0.1/24", rightAddress = "10.2.0.2/24") Veth v) {
    assertThatThrownBy(() -> assertThat(v.left().netns()).withProbeTimeout(SHORT).canPing("10.3.0.1"))
        .message()
        .contains("far side: no namespace of this test holds 10.3.0.1")
        .contains("next hop: the probing namespace has no route to 10.3.0.1");
  }
}
