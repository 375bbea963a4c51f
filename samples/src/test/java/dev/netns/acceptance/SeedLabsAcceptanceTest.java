package dev.netns.acceptance;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.ExecResult;
import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import org.junit.jupiter.api.Test;

/** The seed labs, written only against the public API (API.md). */
@NetnsTest
class SeedLabsAcceptanceTest {

  @Test
  void vethBetweenTwoNamespaces(@NetNamespace("ns1") Netns ns1, @NetNamespace("ns2") Netns ns2,
                                @VethPair(left = "ns1", right = "ns2", leftName = "v1", rightName = "v2",
                                          leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth v) {
    assertThat(ns1).canPing("10.0.0.2").hasLink("v1").hasAddress("10.0.0.1/24");
    assertThat(ns2).canPing("10.0.0.1").hasLink("v2").hasAddress("10.0.0.2/24");
    assertThat(ns1).link("v1").isUp().isVethPeerOf(v.right());
    assertThat(v.left()).isUp().hasAddress("10.0.0.1/24").isVethPeerOf(v.right());
    assertThat(v.left().netns().name()).isEqualTo(ns1.name());
    assertThat(v.right().netns().name()).isEqualTo(ns2.name());
  }

  @Test
  void redBlue(@NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
               @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                         leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
    assertThat(red).canPing("10.0.0.2").link("lo").isUp();
    assertThat(blue).canPing("10.0.0.1").link("lo").isUp();
    ExecResult r = red.exec("ping", "-c", "2", "-i", "0.2", "10.0.0.2");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("2 received");
  }

  @Test
  void bridgeWithThreeNamespaces(
      @HostNamespace Netns host,
      @NetNamespace("ns1") Netns ns1, @NetNamespace("ns2") Netns ns2, @NetNamespace("ns3") Netns ns3,
      @VethPair(left = "ns1", leftName = "veth-ns1", rightName = "veth-br1", leftAddress = "10.0.0.1/24") Veth a,
      @VethPair(left = "ns2", leftName = "veth-ns2", rightName = "veth-br2", leftAddress = "10.0.0.2/24") Veth b,
      @VethPair(left = "ns3", leftName = "veth-ns3", rightName = "veth-br3", leftAddress = "10.0.0.3/24") Veth c) {
    // tutorial: ip link add br0 type bridge; ip link set br0 up; ip addr add 10.0.0.254/24 dev br0; ... master br0
    host.exec("ip", "link", "add", "br0", "type", "bridge").orThrow();
    host.exec("ip", "link", "set", "br0", "up").orThrow();
    host.exec("ip", "addr", "add", "10.0.0.254/24", "dev", "br0").orThrow();
    for (String end : new String[] {"veth-br1", "veth-br2", "veth-br3"}) {
      host.exec("ip", "link", "set", end, "master", "br0").orThrow();
    }
    ns3.exec("ip", "route", "add", "default", "via", "10.0.0.254").orThrow();

    assertThat(host).hasLink("br0").hasAddress("10.0.0.254/24").eventually().canPing("10.0.0.1");
    assertThat(ns1).eventually().canPing("10.0.0.2").canPing("10.0.0.3").canPing("10.0.0.254");
    assertThat(ns3).hasDefaultRouteVia("10.0.0.254").hasRouteVia("10.0.0.254").canPing("10.0.0.2");
    assertThat(host.link("veth-br1")).isPresent();
  }

  @Test
  void miniContainerNetwork(
      @HostNamespace Netns node, @NetNamespace("container1") Netns c1, @NetNamespace("container2") Netns c2,
      @VethPair(left = "container1", leftName = "eth0", rightName = "veth0", leftAddress = "10.244.0.2/24") Veth p1,
      @VethPair(left = "container2", leftName = "eth0", rightName = "veth1", leftAddress = "10.244.0.3/24") Veth p2) {
    node.exec("ip", "link", "add", "cni0", "type", "bridge").orThrow();
    node.exec("ip", "link", "set", "cni0", "up").orThrow();
    node.exec("ip", "addr", "add", "10.244.0.1/24", "dev", "cni0").orThrow();
    node.exec("ip", "link", "set", "veth0", "master", "cni0").orThrow();
    node.exec("ip", "link", "set", "veth1", "master", "cni0").orThrow();
    c1.exec("ip", "route", "add", "default", "via", "10.244.0.1").orThrow();
    c2.exec("ip", "route", "add", "default", "via", "10.244.0.1").orThrow();
    node.exec("sysctl", "-w", "net.ipv4.ip_forward=1").orThrow();
    node.exec("iptables", "-t", "nat", "-A", "POSTROUTING", "-s", "10.244.0.0/24", "!", "-o", "cni0",
        "-j", "MASQUERADE").orThrow();

    assertThat(c1).hasDefaultRouteVia("10.244.0.1").eventually().canPing("10.244.0.1").canPing("10.244.0.3");
    assertThat(c2).hasDefaultRouteVia("10.244.0.1").eventually().canPing("10.244.0.2");
    assertThat(node).hasAddress("10.244.0.1/24").link("cni0").isUp();
  }

  @Test
  void loopbackInAPod(@NetNamespace("pod") Netns pod) throws Exception {
    assertThat(pod).hasLink("lo").link("lo").isUp().hasAddress("127.0.0.1/8").hasAddress("::1/128");
    assertThat(pod).canPing("127.0.0.1").canPing("::1");
    try (var web = pod.listen("127.0.0.1", 0)) {
      assertThat(pod).canConnect("127.0.0.1", web.port());
    }
    assertThat(pod).cannotConnect("127.0.0.1", 9);
    assertThat(pod.links()).extracting(l -> l.name()).containsExactly("lo");
  }
}
