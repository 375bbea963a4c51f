package dev.netns.samples;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import org.junit.jupiter.api.Test;

/**
 * Seed 004's "Common Mistakes" table, one test per row: make the mistake, show the failure message
 * the assertion produces (it names the cause: the DOWN link, the missing address or route), then
 * apply the tutorial's fix and show that it works.
 */
@NetnsTest
class CommonMistakesTest {

  @Test
  void interfaceNotUp(@NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
                      @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                                leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
    blue.down("veth-blue");
    assertThatThrownBy(() -> assertThat(red).canPing("10.0.0.2"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("10.0.0.2")
        .hasMessageContaining("veth-red")
        .hasMessageContaining("no carrier");       // red's end has no carrier: its peer is down
    // (its operstate says LOWERLAYERDOWN, or DOWN when both ends have the same ifindex, once linkwatch has run)
    assertThatThrownBy(() -> assertThat(blue).link("veth-blue").isUp())
        .hasMessageContaining("veth-blue").hasMessageContaining("DOWN");

    blue.up("veth-blue");                           // fix: ip link set <if> up
    assertThat(red).canPing("10.0.0.2");
  }

  @Test
  void missingIpAddress(@NetNamespace("red") Netns red,
                        @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                                  rightAddress = "10.0.0.2/24") Veth cable) {
    assertThatThrownBy(() -> assertThat(red).canPing("10.0.0.2"))
        .hasMessageContaining("10.0.0.2")
        .hasMessageContaining("veth-red")
        .hasMessageContaining("unreachable");        // no address, so no route to 10.0.0.0/24
    assertThatThrownBy(() -> assertThat(red).hasAddress("10.0.0.1/24")).hasMessageContaining("10.0.0.1/24");

    red.addAddress("veth-red", "10.0.0.1/24");       // fix: ip addr add in the namespace
    assertThat(red).hasAddress("10.0.0.1/24").canPing("10.0.0.2");
  }

  @Test
  void noRouteToGateway(@HostNamespace Netns node, @NetNamespace("pod") Netns pod,
                        @VethPair(left = "pod", leftName = "eth0", rightName = "veth0",
                                  leftAddress = "10.244.0.2/24", rightAddress = "10.244.0.1/24") Veth podLink,
                        @VethPair(right = "outside", leftName = "uplink", leftAddress = "198.51.100.1/24",
                                  rightAddress = "198.51.100.8/24") Veth uplink) {
    node.sysctl("net.ipv4.ip_forward", "1");
    assertThatThrownBy(() -> assertThat(pod).canPing("198.51.100.8"))
        .hasMessageContaining("198.51.100.8")
        .hasMessageContaining("10.244.0.0/24 dev eth0");   // the only route: no default
    assertThatThrownBy(() -> assertThat(pod).hasDefaultRouteVia("10.244.0.1")).hasMessageContaining("10.244.0.1");

    pod.addRoute("default", "10.244.0.1", null);        // fix: add a default route
    uplink.right().netns().addRoute("10.244.0.0/24", "198.51.100.1", null);
    assertThat(pod).hasDefaultRouteVia("10.244.0.1").canPing("198.51.100.8");
  }

  @Test
  void bridgeNotUp(@HostNamespace Netns host, @NetNamespace("ns1") Netns ns1,
                   @VethPair(left = "ns1", leftName = "veth-ns1", rightName = "veth-br1", leftAddress = "10.0.0.1/24") Veth a,
                   @VethPair(left = "ns2", leftName = "veth-ns2", rightName = "veth-br2", leftAddress = "10.0.0.2/24") Veth b) {
    host.bridge("br0").attach("veth-br1").attach("veth-br2");   // ports up, bridge still down
    assertThatThrownBy(() -> assertThat(ns1).canPing("10.0.0.2")).hasMessageContaining("10.0.0.2");
    assertThatThrownBy(() -> assertThat(host).link("br0").isUp()).hasMessageContaining("br0").hasMessageContaining("DOWN");

    host.up("br0");                                    // fix: bring the bridge up
    assertThat(ns1).eventually().canPing("10.0.0.2");  // the bridge learns its ports first
  }

  @Test
  void missingNat(@HostNamespace Netns node, @NetNamespace("container1") Netns c1, @NetNamespace("outside") Netns outside,
                  @VethPair(left = "container1", leftName = "eth0", rightName = "veth0", leftAddress = "10.244.0.2/24",
                            rightAddress = "10.244.0.1/24") Veth pod,
                  @VethPair(right = "outside", leftName = "uplink", leftAddress = "198.51.100.1/24",
                            rightAddress = "198.51.100.8/24") Veth uplink) {
    c1.addRoute("default", "10.244.0.1", null);
    node.sysctl("net.ipv4.ip_forward", "1");
    // "outside" (the internet stand-in) has no route back to the pod network
    assertThatThrownBy(() -> assertThat(c1).canPing("198.51.100.8"))
        .hasMessageContaining("198.51.100.8")
        .hasMessageContaining("default via 10.244.0.1");

    node.exec("iptables", "-t", "nat", "-A", "POSTROUTING", "-s", "10.244.0.0/24", "-o", "uplink",
        "-j", "MASQUERADE").orThrow();                 // fix: MASQUERADE (inside the node stand-in only)
    assertThat(c1).canPing("198.51.100.8");
  }

  @Test
  void forgotLoopback(@NetNamespace("pod") Netns pod) {
    pod.down("lo");                                    // as a namespace is born: lo down
    assertThatThrownBy(() -> assertThat(pod).canPing("127.0.0.1"))
        .hasMessageContaining("127.0.0.1")
        .hasMessageContaining("lo");
    assertThatThrownBy(() -> assertThat(pod).link("lo").isUp()).hasMessageContaining("DOWN");

    pod.up("lo");                                      // fix: ip link set lo up
    assertThat(pod).canPing("127.0.0.1");
  }
}
