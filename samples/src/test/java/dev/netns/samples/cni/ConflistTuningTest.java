package dev.netns.samples.cni;

import static dev.netns.assertj.CniAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.cni.Cni;
import dev.netns.cni.CniConflist;
import dev.netns.cni.CniResult;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A {@code .conflist} chain as kubelet's runtime runs it: {@code bridge}, then {@code tuning}
 * (MTU, a sysctl and a MAC from {@code runtimeConfig}), then {@code portmap} (DNAT rules in the
 * host side from the {@code portMappings} capability). DEL runs the chain in reverse.
 */
@NetnsTest
class ConflistTuningTest {

  static final String CONFLIST = """
      {
        "cniVersion": "1.0.0",
        "name": "k8s-pod-network",
        "plugins": [
          {"type": "bridge", "bridge": "cni0", "isGateway": true,
           "ipam": {"type": "host-local", "subnet": "10.88.0.0/24", "routes": [{"dst": "0.0.0.0/0"}]}},
          {"type": "tuning", "mtu": 1280, "sysctl": {"net.ipv4.conf.eth0.rp_filter": "2"},
           "capabilities": {"mac": true}},
          {"type": "portmap", "capabilities": {"portMappings": true}, "snat": false}
        ]
      }""";

  @Test
  void chainConfiguresTheContainer(Cni cni, @NetNamespace("pod") Netns pod, @HostNamespace Netns node) {
    CniConflist chain = cni.conflist(CONFLIST)
        .withCapabilityArg("mac", "c2:11:22:33:44:55")
        .withCapabilityArg("portMappings", List.of(Map.of("hostPort", 8080, "containerPort", 80, "protocol", "tcp")));
    CniResult r = chain.add(pod, "eth0");

    assertThat(r).hasIp("10.88.0.2/24").hasIpOn(pod, "eth0").hasVethPeerOnHost(pod, "eth0", node);
    // (no CHECK of this chain: portmap 1.1.1's CHECK looks for an IPv6 DNAT chain even for an
    // IPv4-only container and fails; see BridgeGatewayTest and TuningCheckTest for CHECK)
    assertThat(pod.link("eth0").orElseThrow().mtu()).isEqualTo(1280);
    assertThat(pod.link("eth0").orElseThrow().mac()).isEqualTo("c2:11:22:33:44:55");
    assertThat(pod.sysctl("net.ipv4.conf.eth0.rp_filter")).isEqualTo("2");
    String nat = node.exec("iptables-save", "-t", "nat").orThrow().stdout();
    assertThat(nat).contains("--dport 8080").contains("10.88.0.2:80");

    chain.del(pod, "eth0"); // portmap, tuning, bridge: reverse order
    assertThat(pod.link("eth0")).isEmpty();
    assertThat(node.exec("iptables-save", "-t", "nat").orThrow().stdout()).doesNotContain("10.88.0.2:80");
  }
}
