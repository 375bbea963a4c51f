package dev.netns.internal.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.netns.NetnsException;
import dev.netns.Target;
import dev.netns.junit.KindNode;
import dev.netns.junit.NetnsTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A missing kind node fails the test with the reason, or skips it with the reason when the user
 * opted in. Works with or without Docker (the reason differs, the node's name is in both).
 */
class KindNodeConditionTest {

  @NetnsTest
  @KindNode(cluster = "nope", node = "nope-worker")
  static class Required {
    @Test
    void runsOnTheNode(Target node) {
    }
  }

  @NetnsTest
  @KindNode(cluster = "nope", node = "nope-worker", disabledWithoutNode = true)
  static class Optional {
    @Test
    void runsOnTheNode(Target node) {
    }
  }

  @Test
  void aMissingNodeFailsWithTheReason() {
    EngineTestKit.engine("junit-jupiter").selectors(selectClass(Required.class)).execute().allEvents()
        .assertThatEvents().haveExactly(1, event(finishedWithFailure(instanceOf(NetnsException.class),
            message(m -> m.contains("\"nope-worker\"") && m.contains("cluster \"nope\"")))));
  }

  @Test
  void aMissingNodeSkipsWithTheReasonWhenAskedTo() {
    EngineTestKit.engine("junit-jupiter").selectors(selectClass(Optional.class)).execute().allEvents()
        .assertThatEvents().haveExactly(1, event(skippedWithReason(r -> r.startsWith("junit-netns: ")
            && r.contains("\"nope-worker\"") && r.contains("cluster \"nope\""))));
  }

  @Test
  void anExplicitDockerHostThatDoesNotAnswerIsReported() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KindProbe.class.getName(),
        "kind", "kind-worker");
    pb.environment().put("DOCKER_HOST", "unix:///nonexistent/docker.sock");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(out).isEqualTo("cannot look for kind node \"kind-worker\" of cluster \"kind\" (a container with label"
        + " io.x-k8s.kind.cluster=kind): Docker is not reachable (tried: unix:///nonexistent/docker.sock: no such socket)."
        + " Start Docker, or point DOCKER_HOST at a running daemon");
  }
}
