package dev.netns.samples.kind;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.Route;
import dev.netns.Target;
import dev.netns.junit.KindNode;
import dev.netns.junit.NetnsTest;
import dev.netns.kind.Pod;
import dev.netns.kind.Pods;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes of one cluster: a pod on the worker reaches a pod on the control plane through the
 * nodes' routes for each other's podCIDR (what kindnet sets up). A method-level
 * {@code @KindNode} switches the target for that method.
 */
@Tag("kind")
@NetnsTest
@KindNode(cluster = "jn-kind", node = "jn-kind-worker")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodToPodAcrossNodesTest {

  private static final List<String> controlPlanePodIps = new ArrayList<>();

  @Test
  @Order(1)
  @KindNode(cluster = "jn-kind", node = "jn-kind-control-plane")
  void podsOnTheControlPlane(Target controlPlane) {
    Pods.on(controlPlane).forEach(p -> controlPlanePodIps.add(p.ip()));
    assertThat(controlPlanePodIps).isNotEmpty();
  }

  @Test
  @Order(2)
  void workerPodsReachThemAcrossTheNodes(Target worker) {
    assertThat(controlPlanePodIps).as("filled by podsOnTheControlPlane, which runs first").isNotEmpty();
    // kindnet's route for the other node's podCIDR, via that node's address on the kind network
    assertThat(worker.host().routes()).anyMatch(r -> r.destination().startsWith("10.244.") && r.gateway() != null);
    for (Pod pod : Pods.on(worker)) {
      assertThat(pod.netns().routes()).anyMatch(Route::isDefault);
      for (String ip : controlPlanePodIps) {
        assertThat(pod.netns()).canPing(ip);
      }
    }
  }
}
