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
 * Seed 004, "Part 2: Add a Bridge": three namespaces on {@code br0 10.0.0.254/24}. The bridge lives
 * in the host side, which on the local kernel is a per-test namespace standing in for the node: the
 * machine's own network is never touched.
 */
@NetnsTest
class BridgeThreeNamespacesTest {

  @Test
  void threeNamespacesOnOneBridge(
      @HostNamespace Netns host,
      @NetNamespace("ns1") Netns ns1, @NetNamespace("ns2") Netns ns2, @NetNamespace("ns3") Netns ns3,
      @VethPair(left = "ns1", leftName = "veth-ns1", rightName = "veth-br1", leftAddress = "10.0.0.1/24") Veth v1,
      @VethPair(left = "ns2", leftName = "veth-ns2", rightName = "veth-br2", leftAddress = "10.0.0.2/24") Veth v2,
      @VethPair(left = "ns3", leftName = "veth-ns3", rightName = "veth-br3", leftAddress = "10.0.0.3/24") Veth v3) {

    host.bridge("br0").address("10.0.0.254/24").up()
        .attach("veth-br1").attach("veth-br2").attach("veth-br3");
    ns3.addRoute("default", "10.0.0.254", null);

    assertThat(ns3).canPing("10.0.0.254").canPing("10.0.0.1").canPing("10.0.0.2")
        .hasDefaultRouteVia("10.0.0.254");
    assertThat(ns1).canPing("10.0.0.2").canPing("10.0.0.3");
    assertThat(host).canPing("10.0.0.3").link("veth-br3").isUp();
    assertThat(host.link("veth-br1")).hasValueSatisfying(l -> org.assertj.core.api.Assertions.assertThat(l.master()).contains("br0"));
  }
}
