package dev.netns.internal.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages and parsing of the kind target that need no Docker. */
class KindUnitTest {

  @Test
  void anUnreachableDockerIsReportedWithWhatWasTried() {
    assertThatThrownBy(() -> DockerAccess.connect(false, List.of(URI.create("unix:///nonexistent/docker.sock"),
        URI.create("tcp://127.0.0.1:1"))))
        .isInstanceOf(KindUnavailableException.class)
        .hasMessageContaining("Docker is not reachable")
        .hasMessageContaining("unix:///nonexistent/docker.sock: no such socket")
        .hasMessageContaining("tcp://127.0.0.1:1: ")
        .hasMessageContaining("DOCKER_HOST");
  }

  @Test
  void theInventoryGroupsNodesByCluster() {
    assertThat(KindNodes.inventory(List.of())).isEqualTo(
        "Docker has no kind nodes (no container carries the label io.x-k8s.kind.cluster).");
    assertThat(KindNodes.inventory(List.of(
        new KindNodes.NodeContainer("a1", "kind-control-plane", "kind", "control-plane", "running"),
        new KindNodes.NodeContainer("b2", "kind-worker", "kind", "worker", "exited"),
        new KindNodes.NodeContainer("c3", "dev-control-plane", "dev", "control-plane", "running"))))
        .isEqualTo("kind nodes Docker has: cluster dev: dev-control-plane (control-plane, running);"
            + " cluster kind: kind-control-plane (control-plane, running), kind-worker (worker, exited).");
  }

  @Test
  void namesAreCheckedBeforeDockerIsAsked() {
    assertThatThrownBy(() -> KindNodes.requireValid("kind", "kind worker"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kind node name \"kind worker\" is not a container name; give the node's container name,"
            + " e.g. \"kind-worker\" or \"kind-control-plane\"");
    assertThatThrownBy(() -> KindNodes.requireValid("ki/nd", "kind-worker"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"ki/nd\"");
  }
}
