package dev.netns.samples.kind;

import static dev.netns.assertj.CniAssertions.assertThat;
import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.cni.Cni;
import dev.netns.cni.CniPlugin;
import dev.netns.cni.CniResult;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.KindNode;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.kind.Pod;
import dev.netns.kind.Pods;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A CNI plugin run on a kind node the way the node's container runtime runs it: the binary is the
 * node's own ({@code /opt/cni/bin/ptp}), it runs in the node's namespace, its host-local leases
 * go to a per-test directory on the node. The new "pod" then reaches a pod that kindnet made, and
 * after DEL the node is as it was.
 */
@Tag("kind")
@NetnsTest
@KindNode(cluster = "jn-kind", node = "jn-kind-worker")
class CniPluginOnAKindNodeTest {

  static final String CONF = """
      {
        "cniVersion": "1.0.0",
        "name": "kind-extra",
        "type": "ptp",
        "ipMasq": false,
        "ipam": {"type": "host-local", "subnet": "10.245.7.0/24", "routes": [{"dst": "0.0.0.0/0"}]}
      }""";

  @Test
  void ptpOnTheNodeWiresAPodThatReachesKindnetsPods(Cni cni, @NetNamespace Netns pod, @HostNamespace Netns node) {
    List<String> nodeLinksBefore = node.links().stream().map(Link::name).toList();
    CniPlugin ptp = cni.plugin("ptp");
    assertThat(ptp.path()).isEqualTo("/opt/cni/bin/ptp");

    CniResult result = ptp.add(pod, "eth0", CONF);
    assertThat(result)
        .hasIp("10.245.7.2/24")
        .hasIpOn(pod, "eth0")
        .hasVethPeerOnHost(pod, "eth0", node)   // the node side is in the node's own namespace
        .passesCheck(ptp, pod, "eth0", CONF);
    assertThat(cni.leases("kind-extra")).containsExactly("10.245.7.2");
    assertThat(pod).hasDefaultRouteVia("10.245.7.1");
    for (Pod kindnetPod : Pods.on(node.target())) {
      assertThat(pod).canPing(kindnetPod.ip());
    }

    ptp.del(pod, "eth0", CONF);
    assertThat(pod.link("eth0")).isEmpty();
    assertThat(cni.leases("kind-extra")).isEmpty();
    assertThat(node.links()).extracting(Link::name).containsExactlyInAnyOrderElementsOf(nodeLinksBefore);
  }
}
