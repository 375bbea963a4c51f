package dev.netns.samples.kind;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.Route;
import dev.netns.Target;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.KindNode;
import dev.netns.junit.NetnsTest;
import dev.netns.kind.Pod;
import dev.netns.kind.Pods;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seed 000, "VETH Encore", on a kind worker node: the pod namespaces on the node, the node veth
 * at the other end of every pod's {@code eth0}, and the pod's address and routes. Each step of
 * the lab is one line here; the lab's commands are in the comments.
 *
 * <p>Runs against the stand-in cluster {@code jn-kind} ({@code .ci/kind-up.sh}); against a real
 * cluster it is {@code @KindNode(node = "kind-worker")}.
 */
@Tag("kind")
@NetnsTest
@KindNode(cluster = "jn-kind", node = "jn-kind-worker")
class VethEncoreOnAKindNodeTest {

  @Test
  void theNodeHoldsOneNetworkNamespacePerPod(Target node) {
    // docker exec kind-worker ip netns list
    List<Netns> podNamespaces = node.namespaces().stream().filter(n -> n.name().startsWith("cni-")).toList();
    assertThat(podNamespaces).isNotEmpty().noneMatch(Netns::isOwned);
    // the framework adopts them for the test and never deletes them
    assertThat(Pods.on(node)).extracting(Pod::netns).containsExactlyInAnyOrderElementsOf(podNamespaces);
  }

  @Test
  void everyNodeVethIsThePeerOfAPodsEth0(Target node, @HostNamespace Netns nodeNs) {
    for (Pod pod : Pods.on(node)) {
      // docker exec kind-worker ip link | grep veth           -> vethca880bcd@if2 ... link-netns cni-...
      Link nodeSide = pod.eth0().peer().orElseThrow();
      assertThat(nodeSide.name()).matches("veth[0-9a-f]{8}");
      assertThat(nodeSide.netns()).isEqualTo(nodeNs);
      // eth0@ifN in the pod is the node veth's index, and the other way round
      assertThat(pod.eth0().peerIndex()).hasValue(nodeSide.index());
      assertThat(nodeSide.peerIndex()).hasValue(pod.eth0().index());
      assertThat(nodeSide.peer().map(Link::netns)).contains(pod.netns());
      assertThat(pod.eth0()).isVethPeerOf(nodeSide);
    }
  }

  @Test
  void podsGetTheirAddressAndDefaultRouteFromThePtpPlugin(Target node) {
    for (Pod pod : Pods.on(node)) {
      // ip netns exec cni-... ip route   -> default via 10.244.1.1 dev eth0
      String gateway = pod.netns().routes().stream().filter(Route::isDefault).map(Route::gateway)
          .findFirst().orElseThrow();
      // docker exec kind-worker ip address | grep "inet "  -> inet 10.244.1.1/32 scope global vethca880bcd
      assertThat(pod.nodeVeth().addresses()).containsExactly(gateway + "/32");
      // the pod's own address: kindnet gives eth0 the pod IP with the node's podCIDR prefix
      assertThat(pod.cidr()).endsWith("/24");
      assertThat(pod.netns()).hasAddress(pod.cidr()).hasDefaultRouteVia(gateway);
      // and the node reaches the pod through a /32 route on that veth
      assertThat(node.host().routes())
          .anyMatch(r -> r.destination().equals(pod.ip()) && pod.nodeVeth().name().equals(r.device()));
    }
  }

  @Test
  void theNodeAndThePodsReachEachOther(Target node) {
    for (Pod pod : Pods.on(node)) {
      assertThat(node.host()).canPing(pod.ip());
      for (Pod other : Pods.on(node)) {
        assertThat(pod.netns()).canPing(other.ip());
      }
    }
  }
}
