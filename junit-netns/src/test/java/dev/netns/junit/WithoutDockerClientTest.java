package dev.netns.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.netns.Netns;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Testcontainers (and docker-java) is an optional dependency: a user who tests on the local kernel
 * alone runs without it, and a {@code @KindNode} test without it fails with what to add. Proven in
 * a child JVM whose classpath is this one without those jars.
 */
class WithoutDockerClientTest {

  static final String CHILD = "netns.test.child";

  /** Runs the scenarios only inside the child JVM. */
  static final class OnlyInChild implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return Boolean.getBoolean(CHILD) ? ConditionEvaluationResult.enabled("child JVM")
          : ConditionEvaluationResult.disabled("a scenario of WithoutDockerClientTest");
    }
  }

  @NetnsTest
  @ExtendWith(OnlyInChild.class)
  static class LocalKernel {
    @Test
    void worksWithoutTheDockerClient(@NetNamespace("red") Netns red) {
      assertThat(red.links()).hasSize(1);
    }
  }

  @NetnsTest
  @KindNode(cluster = "no-such-cluster", node = "no-such-node")
  @ExtendWith(OnlyInChild.class)
  static class OnAKindNode {
    @Test
    void needsTheDockerClient(@NetNamespace("red") Netns red) {
      throw new AssertionError("must not run");
    }
  }

  /** The child JVM's entry point: runs both scenarios and prints one line per outcome. */
  public static void main(String[] args) {
    Events events = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(LocalKernel.class), selectClass(OnAKindNode.class)).execute().testEvents();
    System.out.println("succeeded " + events.succeeded().count());
    events.failed().stream().forEach(e -> System.out.println("failed " + e.getTestDescriptor().getDisplayName() + ": "
        + e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable()
            .map(Throwable::getMessage).orElse("")));
    System.out.flush();
    System.exit(0);
  }

  @Test
  void localTestsRunWithoutTestcontainersAndKindTestsSayWhatToAdd() throws Exception {
    List<String> all = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    List<String> without = all.stream().filter(p -> !p.contains("testcontainers") && !p.contains("docker-java")
        && !p.contains("dockerjava")).collect(Collectors.toList());
    assertThat(without).as("the test classpath had Testcontainers").hasSizeLessThan(all.size());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-D" + CHILD + "=true", "-cp", String.join(File.pathSeparator, without),
        WithoutDockerClientTest.class.getName()).redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("succeeded 1")
        .contains("failed needsTheDockerClient(Netns): @KindNode needs Testcontainers' Docker client on the test classpath")
        .contains("org.testcontainers:testcontainers");
  }
}
