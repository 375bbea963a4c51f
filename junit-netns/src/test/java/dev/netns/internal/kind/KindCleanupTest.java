package dev.netns.internal.kind;

import static dev.netns.internal.kind.StandIn.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.netns.Netns;
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
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Everything a test class adds inside a kind node is gone after it, passed or failed, while the
 * pod namespaces it adopted (and changed) are still there, as they were.
 */
@Tag("kind")
class KindCleanupTest {

  /** Run through the test kit only (surefire skips nested classes). */
  @NetnsTest
  @KindNode(cluster = "jn-kind", node = "jn-kind-worker")
  static class OnTheNode {

    @NetNamespace("shared")
    static Netns shared;

    @VethPair(right = "shared", leftAddress = "10.251.0.1/30", rightAddress = "10.251.0.2/30")
    static Veth sharedCable;

    @Test
    void changesTheNodesOwnNamespace(@HostNamespace Netns node, @NetNamespace("red") Netns red,
        @VethPair(right = "red", leftAddress = "10.252.0.1/30", rightAddress = "10.252.0.2/30") Veth v) {
      node.addRoute("10.253.0.0/24", "10.251.0.2", null);
      node.sysctl("net.ipv4.conf.all.arp_announce", "2");
      node.bridge("jnbr" + red.name().substring(3, 8)).up();
      assertThat(red.ping("10.252.0.1", Duration.ofSeconds(1)).success()).isTrue();
      assertThat(shared.ping("10.251.0.1", Duration.ofSeconds(1)).success()).isTrue();
    }

    @Test
    void failsAfterMakingFixtures(@NetNamespace("blue") Netns blue, @VethPair(right = "blue") Veth v) {
      assertThat(blue.links()).as("this test fails on purpose").isEmpty();
    }

    @Test
    @KindNode(cluster = "jn-kind", node = "jn-kind-control-plane")
    void switchesToTheOtherNodeForOneMethod(@NetNamespace("green") Netns green, Target target) {
      assertThat(target.describe()).contains("jn-kind-control-plane");
      assertThat(green.exec("hostname").stdout().strip()).isEqualTo("jn-kind-control-plane");
    }

    @Test
    void adoptsAPodAndChangesItTemporarily(Target target) {
      Pod pod = Pods.on(target).get(0);
      pod.netns().addRoute("10.254.0.0/24", "10.244.1.1", "eth0");
      assertThat(pod.netns().routes()).anyMatch(r -> r.destination().equals("10.254.0.0/24"));
      assertThat(target.host().ping(pod.ip(), Duration.ofSeconds(1)).success()).isTrue();
    }
  }

  @Test
  void theNodeIsAsItWasExceptForWhatItAlreadyHad() {
    Map<String, Object> before = snapshot();
    Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(OnTheNode.class))
        // as with JUnit 5.10, where the store does not close AutoCloseable values by itself
        .configurationParameter("junit.jupiter.extensions.store.close.autocloseable.enabled", "false")
        .execute().testEvents();
    tests.assertStatistics(s -> s.started(4).succeeded(3).failed(1));
    Map<String, Object> after = snapshot();
    assertThat(after).isEqualTo(before);
  }

  private static Map<String, Object> snapshot() {
    Map<String, Object> s = new TreeMap<>();
    s.put("namespaces", StandIn.namespaces(WORKER));
    s.put("links", StandIn.links(WORKER));
    s.put("routes", StandIn.exec(WORKER, "ip", "route", "show"));
    s.put("arp_announce", StandIn.exec(WORKER, "cat", "/proc/sys/net/ipv4/conf/all/arp_announce"));
    for (String ns : StandIn.namespaces(WORKER)) {
      s.put("routes of " + ns, StandIn.exec(WORKER, "ip", "-n", ns, "route", "show"));
      s.put("links of " + ns, StandIn.exec(WORKER, "ip", "-n", ns, "-o", "link", "show"));
    }
    for (String node : List.of(WORKER, StandIn.CONTROL_PLANE)) {
      s.put("channel processes on " + node,
          StandIn.processes(node).stream().filter(p -> p.contains("junit-netns")).toList());
      s.put("channel files on " + node, StandIn.channelFiles(node));
    }
    s.put("namespaces on the control plane", StandIn.namespaces(StandIn.CONTROL_PLANE));
    return s;
  }
}
