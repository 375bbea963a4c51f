package dev.netns.samples;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import org.junit.jupiter.api.Test;

/**
 * Seed 003 ("Container Networking - Veth"): two namespaces, ns1 and ns2, wired with a veth pair
 * like two computers with an Ethernet cable, pinging each other both ways.
 *
 * <pre>
 * ip netns add ns1; ip netns add ns2
 * ip link add veth1 netns ns1 type veth peer name veth2 netns ns2
 * ip -n ns1 addr add 10.1.1.1/24 dev veth1; ip -n ns2 addr add 10.1.1.2/24 dev veth2
 * ip -n ns1 link set veth1 up; ip -n ns2 link set veth2 up
 * ip netns exec ns1 ping 10.1.1.2
 * </pre>
 */
@NetnsTest
class VethBetweenTwoNamespacesTest {

  @Test
  void namespacesAreIsolatedUntilWired(@NetNamespace("ns1") Netns ns1, @NetNamespace("ns2") Netns ns2) {
    // a fresh namespace has only its own loopback, like `ip netns exec ns1 ip addr`
    assertThat(ns1).hasLink("lo").link("lo").isUp();
    assertThat(ns1.links()).hasSize(1);
    assertThat(ns2).cannotPing("10.1.1.1");
  }

  @Test
  void pingBothWays(@NetNamespace("ns1") Netns ns1, @NetNamespace("ns2") Netns ns2,
                    @VethPair(left = "ns1", right = "ns2", leftName = "veth1", rightName = "veth2",
                              leftAddress = "10.1.1.1/24", rightAddress = "10.1.1.2/24") Veth cable) {
    assertThat(ns1).canPing("10.1.1.2").hasAddress("10.1.1.1/24").link("veth1").isUp().isVethPeerOf(cable.right());
    assertThat(ns2).canPing("10.1.1.1").hasAddress("10.1.1.2/24");
  }
}
