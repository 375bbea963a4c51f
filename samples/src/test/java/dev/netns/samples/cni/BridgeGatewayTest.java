package dev.netns.samples.cni;

import static dev.netns.assertj.CniAssertions.assertThat;
import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.cni.Cni;
import dev.netns.cni.CniPlugin;
import dev.netns.cni.CniResult;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import org.junit.jupiter.api.Test;

/**
 * {@code bridge} with {@code isGateway}: the bridge in the host side gets the gateway address,
 * the container a default route through it; after DEL the container's veth is gone but the bridge
 * stays (as the real plugin leaves it for the next container).
 */
@NetnsTest
class BridgeGatewayTest {

  static final String CONF = """
      {
        "cniVersion": "1.0.0",
        "name": "bridgenet",
        "type": "bridge",
        "bridge": "cni0",
        "isGateway": true,
        "ipam": {"type": "host-local", "subnet": "10.22.0.0/24", "routes": [{"dst": "0.0.0.0/0"}]}
      }""";

  @Test
  void gatewayDefaultRouteAndBridgeSurvivesDel(Cni cni, @NetNamespace("pod") Netns pod, @HostNamespace Netns node) {
    CniPlugin bridge = cni.plugin("bridge");
    CniResult result = bridge.add(pod, "eth0", CONF);

    assertThat(result).hasIp("10.22.0.2/24").hasGateway("10.22.0.1").hasInterface("cni0")
        .hasIpOn(pod, "eth0").hasVethPeerOnHost(pod, "eth0", node).passesCheck(bridge, pod, "eth0", CONF);
    assertThat(node).link("cni0").isUp().hasAddress("10.22.0.1/24");
    assertThat(pod).hasDefaultRouteVia("10.22.0.1").canPing("10.22.0.1");
    String hostVeth = result.hostInterfaces().stream().filter(i -> !i.name().equals("cni0")).findFirst()
        .orElseThrow().name();
    assertThat(node.link(hostVeth).orElseThrow().master()).hasValue("cni0");

    bridge.del(pod, "eth0", CONF);
    assertThat(pod.link("eth0")).isEmpty();
    assertThat(node.link(hostVeth)).isEmpty();
    assertThat(node).as("the bridge stays after DEL").hasLink("cni0");
  }
}
