package dev.netns.samples;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import org.junit.jupiter.api.Test;

/**
 * The most common shape of CNI tests, without positional nulls: routed pods on a node (Calico
 * style: a /32 per pod, the pod's default route via 169.254.1.1, which the node's end holds, and a
 * /32 route back on the node), and routes built with {@code addDefaultRoute} and {@code route(...)}.
 */
@NetnsTest
class RoutedPodsTest {

  @Test
  void twoRoutedPodsOnOneNode(@HostNamespace Netns node, @NetNamespace("a") Netns a, @NetNamespace("b") Netns b) {
    Veth toA = node.addRoutedPod(a, "10.244.1.5/32");
    Veth toB = node.addRoutedPod(b, "10.244.1.6/32");
    assertThat(a).hasAddress("10.244.1.5/32").hasDefaultRouteVia("169.254.1.1").canPing("169.254.1.1")
        .cannotPing("10.244.1.6"); // the node does not forward yet
    node.sysctl("net.ipv4.ip_forward", "1");
    assertThat(a).canPing("10.244.1.6");
    assertThat(b).canPing("10.244.1.5");
    assertThat(node.routes()).anySatisfy(r -> {
      org.assertj.core.api.Assertions.assertThat(r.destination()).isEqualTo("10.244.1.5");
      org.assertj.core.api.Assertions.assertThat(r.device()).isEqualTo(toA.left().name());
    });
    assertThat(toB.right().name()).isEqualTo("eth0");
  }

  @Test
  void routesWithoutNulls(@HostNamespace Netns node, @NetNamespace("pod") Netns pod) {
    node.addVeth("veth-pod", pod, "eth0");
    node.addAddress("veth-pod", "10.0.5.1/24");
    pod.addAddress("eth0", "10.0.5.2/24").addDefaultRoute("10.0.5.1");
    node.route("10.99.0.0/16").via("10.0.5.2").add();
    pod.route("192.0.2.0/24").dev("eth0").add();
    assertThat(pod).hasDefaultRouteVia("10.0.5.1").canPing("10.0.5.1");
    assertThat(node).hasRouteVia("10.0.5.2");
    assertThatThrownBy(() -> pod.route("10.7.0.0/16").add())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a gateway or a device");
    assertThatThrownBy(() -> pod.addDefaultRoute("not-an-ip"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-an-ip");
    assertThatThrownBy(() -> node.addRoutedPod(pod, "10.0.6.2/32"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has an eth0");
    assertThatThrownBy(() -> node.addRoutedPod(pod, "fd00::5/128"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fd00::5/128");
  }
}
