package dev.netns.internal.kind;

import static dev.netns.internal.kind.StandIn.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.Route;
import dev.netns.Target;
import dev.netns.Veth;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.KindNode;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import dev.netns.kind.Pod;
import dev.netns.kind.Pods;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The JUnit fixtures, run inside a kind node (the stand-in cluster's worker). */
@Tag("kind")
@NetnsTest
@KindNode(cluster = "jn-kind", node = "jn-kind-worker")
class KindNodeTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void namespacesAndVethsAreMadeInsideTheNode(@NetNamespace("red") Netns red,
      @VethPair(right = "red", leftAddress = "10.250.0.1/30", rightAddress = "10.250.0.2/30") Veth cable,
      @HostNamespace Netns node) {
    assertThat(red.name()).startsWith("jn-");
    assertThat(StandIn.namespaces(WORKER)).contains(red.name());
    assertThat(red.path()).isEqualTo("/run/netns/" + red.name());
    // the host end lives in the node's own namespace, marked as ours
    assertThat(StandIn.links(WORKER)).anyMatch(l -> l.startsWith(cable.left().name() + " alias junit-netns:"));
    assertThat(cable.left().netns()).isEqualTo(node);
    assertThat(red.ping("10.250.0.1", SECOND).success()).isTrue();
    assertThat(node.ping("10.250.0.2", SECOND).success()).isTrue();
    assertThat(red.exec("hostname").stdout().strip()).isEqualTo(WORKER);
  }

  @Test
  void theHostSideIsTheNodesOwnNamespace(@HostNamespace Netns node, Target target) {
    assertThat(node.name()).isEmpty();
    assertThat(node.isOwned()).isFalse();
    assertThat(node.path()).isEqualTo("/proc/1/ns/net");
    assertThat(node.link("eth0")).isPresent();
    assertThat(target.host()).isEqualTo(node);
    // Docker runs on this machine: the node's namespaces are entered from the JVM
    assertThat(target.describe()).matches("kind node jn-kind-worker \\(cluster jn-kind\\), netlink through /proc/[0-9]+");
    assertThat(node.toString()).contains("kind node jn-kind-worker");
  }

  @Test
  void podNamespacesAreListedAndAdoptedNeverOwned(Target target, @NetNamespace Netns mine) {
    List<Netns> all = target.namespaces();
    assertThat(all).filteredOn(n -> n.name().startsWith("cni-")).hasSize(2).noneMatch(Netns::isOwned);
    assertThat(all).filteredOn(Netns::isOwned).containsExactly(mine);
    assertThat(mine.toString()).contains("on kind node jn-kind-worker (cluster jn-kind)");
  }

  @Test
  void podsAreWiredLikeKindnet(Target target) {
    List<Pod> pods = Pods.on(target);
    assertThat(pods).hasSize(2);
    for (Pod pod : pods) {
      assertThat(pod.name()).matches("cni-[0-9a-f-]{36}");
      assertThat(pod.cidr()).matches("10\\.244\\.1\\.[23]/24");
      assertThat(pod.nodeVeth().name()).matches("veth[0-9a-f]{8}");
      assertThat(pod.nodeVeth().addresses()).containsExactly("10.244.1.1/32");
      assertThat(pod.nodeVeth().peerIndex()).hasValue(pod.eth0().index());
      assertThat(pod.eth0().peerIndex()).hasValue(pod.nodeVeth().index());
      // and back: the node veth's peer is the pod's eth0
      Link back = pod.nodeVeth().peer().orElseThrow();
      assertThat(back.netns()).isEqualTo(pod.netns());
      assertThat(back.name()).isEqualTo("eth0");
      // the engine names the node's own namespace "" as seen from the pod (Engine.namespaceOfNsid's contract)
      var engine = ((dev.netns.internal.core.ScopedTarget) target).backend().engine();
      assertThat(engine.namespaceOfNsid(pod.name(), pod.eth0().linkNetnsId().orElseThrow())).contains("");
      assertThat(engine.namespaceOfNsid(null, pod.nodeVeth().linkNetnsId().orElseThrow())).contains(pod.name());
      assertThat(pod.netns().routes()).filteredOn(Route::isDefault).extracting(Route::gateway).containsExactly("10.244.1.1");
      assertThat(target.host().routes()).anyMatch(r -> r.destination().equals(pod.ip()) && pod.nodeVeth().name().equals(r.device()));
      assertThat(target.host().ping(pod.ip(), SECOND).success()).isTrue();
      assertThat(pod.netns().ping("10.244.0.2", SECOND).success()).as("pod to pod across nodes").isTrue();
    }
    assertThat(Pods.withIp(target, pods.get(0).ip())).contains(pods.get(0));
    assertThat(Pods.withIp(target, "10.244.9.9")).isEmpty();
  }

  @Test
  void aVethMadeByTheTestIsNotAPodButHasAPeerToo(@NetNamespace("a") Netns a,
      @VethPair(right = "a", rightName = "eth0") Veth v, Target target) {
    assertThat(Pods.on(target)).extracting(Pod::name).doesNotContain(a.name());
    assertThat(a.link("eth0").flatMap(Link::peer).map(Link::name)).contains(v.left().name());
    assertThat(Pods.of(a).nodeVeth().name()).isEqualTo(v.left().name());
  }
}
