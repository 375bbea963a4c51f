package dev.netns.internal.kind;

import static dev.netns.internal.kind.StandIn.CLUSTER;
import static dev.netns.internal.kind.StandIn.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import dev.netns.ExecResult;
import dev.netns.NetnsException;
import dev.netns.internal.spi.ExecRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Finding kind nodes and talking to them through the exec channel (needs the stand-in cluster). */
@Tag("kind")
class KindBackendTest {

  @Test
  void oneChannelServesSequentialOperationsAndLeavesNothingBehind() {
    try (KindBackend node = KindBackend.connect(CLUSTER, WORKER)) {
      assertThat(node.key()).isEqualTo("kind:" + node.containerId());
      assertThat(node.location()).isEqualTo("kind node jn-kind-worker (cluster jn-kind)");
      assertThat(node.hostIsStandIn()).isFalse();
      assertThat(node.shellPrefix()).isEqualTo("docker exec jn-kind-worker ");
      for (int i = 0; i < 30; i++) {
        assertThat(node.engine().links(null)).anyMatch(l -> l.name().equals("eth0"));
      }
      assertThat(node.engine().listNamespaces()).anyMatch(n -> n.startsWith("cni-"));
      assertThat(node.runner().openChannels()).isEqualTo(1);
      assertThat(StandIn.processes(WORKER)).anyMatch(p -> p.contains("junit-netns-channel"));
    }
    assertThat(StandIn.processes(WORKER)).noneMatch(p -> p.contains("junit-netns-channel"));
  }

  @Test
  void thePathIsChosenAndNamed() {
    try (KindBackend channel = KindBackend.connect(CLUSTER, WORKER, "channel");
         KindBackend kernel = KindBackend.connect(CLUSTER, WORKER, "native")) {
      assertThat(channel.nativePath()).isFalse();
      assertThat(channel.describe()).isEqualTo("kind node jn-kind-worker (cluster jn-kind), exec channel");
      assertThat(channel.engine().describe()).startsWith("iproute2 on ");
      assertThat(kernel.nativePath()).isTrue();
      String pid = StandIn.pid(WORKER);
      assertThat(kernel.describe()).isEqualTo("kind node jn-kind-worker (cluster jn-kind), netlink through /proc/" + pid);
      // both paths read the same node
      assertThat(kernel.engine().links(null)).extracting(l -> l.name() + "/" + l.index())
          .containsExactlyInAnyOrderElementsOf(channel.engine().links(null).stream().map(l -> l.name() + "/" + l.index()).toList());
      assertThat(kernel.engine().listNamespaces()).containsExactlyInAnyOrderElementsOf(channel.engine().listNamespaces());
    }
  }

  @Test
  void aPidThatIsNotTheContainersIsRefused() {
    DockerAccess docker = DockerAccess.get();
    String id = KindNodes.find(docker, CLUSTER, WORKER).id();
    assertThat(NodePath.localPid(docker, id)).isEqualTo(Long.parseLong(StandIn.pid(WORKER)));
    long otherNode = Long.parseLong(StandIn.pid(StandIn.CONTROL_PLANE));
    assertThatThrownBy(() -> NodePath.requireContainersProcess(otherNode, id))
        .isInstanceOf(NetnsException.class).hasMessageContaining("process " + otherNode)
        .hasMessageContaining("is not the container's").hasMessageContaining("another machine");
    assertThatThrownBy(() -> NodePath.requireContainersProcess(ProcessHandle.current().pid(), id))
        .isInstanceOf(NetnsException.class).hasMessageContaining("is not the container's");
    assertThatThrownBy(() -> NodePath.requireContainersProcess(Integer.MAX_VALUE, id))
        .isInstanceOf(NetnsException.class).hasMessageContaining("is not visible here");
  }

  @Test
  void runsArgvWithEnvironmentAndStdinInTheNode() {
    try (KindBackend node = KindBackend.connect(CLUSTER, WORKER)) {
      ExecResult r = node.runner().run(new ExecRequest(
          List.of("bash", "-c", "hostname; cat; printf '%s' \"$WHO\" >&2; exit 4", "a b"),
          Map.of("WHO", "node $x"), "piped\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), Duration.ofSeconds(10)));
      assertThat(r.exitCode()).isEqualTo(4);
      assertThat(r.stdout()).isEqualTo(WORKER + "\npiped\n");
      assertThat(r.stderr()).isEqualTo("node $x");
      assertThat(StandIn.channelFiles(WORKER)).as("stdin goes through a pipe: nothing on the node's disk, even mid-session").isEmpty();
    }
    assertThat(StandIn.channelFiles(WORKER)).as("nothing left when the session ends").isEmpty();
  }

  @Test
  void aTimeoutEndsTheProgramAndItsChildrenAndTheChannelLivesOn() {
    try (KindBackend node = KindBackend.connect(CLUSTER, WORKER)) {
      long start = System.nanoTime();
      ExecResult r = node.runner().run(ExecRequest.of(Duration.ofMillis(700),
          List.of("bash", "-c", "sleep 31 & sleep 32; echo never")));
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.exitCode()).isEqualTo(-1);
      assertThat(r.stderr()).contains("timed out after 700 ms");
      assertThat(ms).isBetween(600L, 8000L);
      assertThat(StandIn.processes(WORKER)).noneMatch(p -> p.startsWith("sleep 3"));
      assertThat(node.runner().run(ExecRequest.of(List.of("echo", "still here"))).stdout()).isEqualTo("still here\n");
      assertThat(node.runner().openChannels()).isEqualTo(1);
    }
  }

  @Test
  void concurrentCallersGetAFewChannelsNotOneExecEach() throws Exception {
    try (KindBackend node = KindBackend.connect(CLUSTER, WORKER)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<ExecResult>> fs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          fs.add(pool.submit(() -> node.runner().run(ExecRequest.of(List.of("sleep", "0.2")))));
        }
        for (Future<ExecResult> f : fs) assertThat(f.get().exitCode()).isZero();
      } finally {
        pool.shutdownNow();
      }
      assertThat(node.runner().openChannels()).isBetween(1, 4);
    }
  }

  @Test
  void needsNoTestcontainersSettingsAndNeverStartsOrPullsAnything() throws Exception {
    String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
        KindProbe.class.getName(), CLUSTER, WORKER);
    pb.environment().keySet().removeIf(k -> k.startsWith("TESTCONTAINERS_"));
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("no pull that hangs").isTrue();
    assertThat(new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip())
        .isEqualTo("available");
    DockerClient docker = DockerAccess.get().client();
    assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("org.testcontainers", "true")).exec())
        .as("Ryuk or helper containers").isEmpty();
    assertThat(docker.listImagesCmd().exec()).flatExtracting(i -> i.getRepoTags() == null ? List.of()
        : List.of(i.getRepoTags())).noneMatch(t -> String.valueOf(t).contains("ryuk") || String.valueOf(t).startsWith("alpine"));
  }

  @Test
  void aMissingNodeNamesWhatWasLookedForAndWhatIsThere() {
    Optional<String> why = KindBackend.unavailable(CLUSTER, "jn-kind-worker9");
    assertThat(why).hasValueSatisfying(m -> assertThat(m)
        .contains("no kind node \"jn-kind-worker9\" of cluster \"jn-kind\"")
        .contains("io.x-k8s.kind.cluster=jn-kind")
        .contains("cluster jn-kind: jn-kind-control-plane (control-plane, running), jn-kind-worker (worker, running)"));
    assertThatThrownBy(() -> KindBackend.connect(CLUSTER, "jn-kind-worker9"))
        .isInstanceOf(NetnsException.class).hasMessage(why.get());
  }

  @Test
  void aNodeOfAnotherClusterIsPointedOut() {
    assertThat(KindBackend.unavailable("kind", WORKER)).hasValueSatisfying(m -> assertThat(m)
        .contains("A kind node named jn-kind-worker exists, but in cluster \"jn-kind\"")
        .contains("kind create cluster)"));
  }

  @Test
  void badNamesAreConfigurationErrors() {
    assertThatThrownBy(() -> KindBackend.unavailable("kind", "kind worker"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"kind worker\"");
    assertThatThrownBy(() -> KindBackend.connect("", "kind-worker"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind cluster name \"\"");
  }

  @Test
  void aNodeWithoutIpOrNotRunningIsExplained() {
    DockerClient docker = DockerAccess.get().client();
    String cluster = "jn-kind-broken";
    String name = cluster + "-worker";
    String id = docker.createContainerCmd(StandIn.IMAGE).withName(name)
        .withLabels(Map.of(KindNodes.CLUSTER_LABEL, cluster, KindNodes.ROLE_LABEL, "worker", "dev.netns.standin", cluster))
        .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("none").withInit(true))
        .withCmd("sleep", "infinity").exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      StandIn.execIn(id, "bash", "-c", "rm -f /usr/sbin/ip /usr/bin/ip /sbin/ip /bin/ip");
      assertThat(KindBackend.unavailable(cluster, name)).hasValueSatisfying(m -> assertThat(m)
          .contains("kind node jn-kind-broken-worker (cluster jn-kind-broken) lacks 'ip' (iproute2)"));
      assertThatThrownBy(() -> KindBackend.connect(cluster, name)).hasMessageContaining("lacks 'ip' (iproute2)");
      docker.stopContainerCmd(id).withTimeout(1).exec();
      assertThat(KindBackend.unavailable(cluster, name)).hasValueSatisfying(m -> assertThat(m)
          .contains("kind node \"jn-kind-broken-worker\" of cluster \"jn-kind-broken\"")
          .contains("is exited, not running")
          .contains("jn-kind-broken-worker (worker, exited)"));
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }
}
