package dev.netns.samples;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import org.junit.jupiter.api.Test;

/**
 * Seed 004, "Building a Mini Container Network": a {@code cni0} bridge on {@code 10.244.0.1/24},
 * pods with default routes through it, forwarding and NAT in the node. Here the node is the
 * per-test host stand-in, and "the internet" is a namespace on a documentation range
 * (198.51.100.0/24): forwarding and MASQUERADE are enabled only inside namespaces the test owns.
 */
@NetnsTest
class MiniContainerNetworkTest {

  @Test
  void podsReachGatewayEachOtherAndTheOutside(
      @HostNamespace Netns node,
      @NetNamespace("container1") Netns c1, @NetNamespace("container2") Netns c2,
      @NetNamespace("outside") Netns outside,
      @VethPair(left = "container1", leftName = "eth0", rightName = "veth0", leftAddress = "10.244.0.2/24") Veth pod1,
      @VethPair(left = "container2", leftName = "eth0", rightName = "veth1", leftAddress = "10.244.0.3/24") Veth pod2,
      @VethPair(right = "outside", leftName = "uplink", rightName = "eth0",
                leftAddress = "198.51.100.1/24", rightAddress = "198.51.100.8/24") Veth uplink) {

    node.bridge("cni0").address("10.244.0.1/24").up().attach("veth0").attach("veth1");
    c1.addRoute("default", "10.244.0.1", null);
    c2.addRoute("default", "10.244.0.1", null);
    node.sysctl("net.ipv4.ip_forward", "1");
    node.exec("iptables", "-t", "nat", "-A", "POSTROUTING", "-s", "10.244.0.0/24", "!", "-o", "cni0",
        "-j", "MASQUERADE").orThrow();

    assertThat(c1).hasDefaultRouteVia("10.244.0.1").canPing("10.244.0.1").canPing("10.244.0.3");
    assertThat(c2).canPing("10.244.0.2");
    // NAT: "outside" has no route back to 10.244.0.0/24, so only masqueraded traffic can return
    assertThat(outside).cannotPing("10.244.0.2");
    assertThat(c1).canPing("198.51.100.8");
  }

  @Test
  void withoutForwardingTheOutsideIsUnreachable(
      @HostNamespace Netns node, @NetNamespace("container1") Netns c1,
      @VethPair(left = "container1", leftName = "eth0", rightName = "veth0", leftAddress = "10.244.0.2/24") Veth pod,
      @VethPair(right = "outside", leftName = "uplink", leftAddress = "198.51.100.1/24",
                rightAddress = "198.51.100.8/24") Veth uplink) {
    node.bridge("cni0").address("10.244.0.1/24").up().attach("veth0");
    c1.addRoute("default", "10.244.0.1", null);
    assertThat(node.sysctl("net.ipv4.ip_forward")).isEqualTo("0");
    assertThat(c1).canPing("10.244.0.1").cannotPing("198.51.100.8");
  }
}
