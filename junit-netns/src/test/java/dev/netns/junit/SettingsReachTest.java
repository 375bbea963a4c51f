package dev.netns.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NetnsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings that configure what exists once per JVM reach their use when given as JUnit
 * configuration parameters (as in {@code junit-platform.properties}), not only as system
 * properties: {@code netns.state.dir} moves the run's journal, {@code netns.native.prepared} sets
 * how many namespaces the native engine makes ahead, {@code netns.docker.host} is the Docker
 * daemon the kind target asks. Each runs a class in a fresh JVM ({@link SettingsProbeMain}) with
 * no system property set; a bad value fails the run naming the key.
 */
class SettingsReachTest {

  private static String probe(Class<?> testClass, String... parameters) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(SettingsProbeMain.class.getName());
    cmd.add(testClass.getName());
    cmd.addAll(List.of(parameters));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("DOCKER_HOST");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void stateDirAndPreparedNamespacesFromConfigurationParameters(@TempDir Path state) throws Exception {
    Path dir = state.resolve("journal");
    String out = probe(SettingsProbeMain.LocalRun.class, NetnsSettings.ENGINE + "=native",
        NetnsSettings.STATE_DIR + "=" + dir, NetnsSettings.NATIVE_PREPARED + "=2");
    assertThat(out).doesNotContain("failed:").contains("state-dir: " + dir).contains("lock-held-there: true")
        // the default keeps 4 made ahead
        .contains("prepared: 2");
  }

  @Test
  void dockerHostFromAConfigurationParameter() throws Exception {
    // nothing listens on port 1 of loopback: the skip reason shows that this address was asked
    String out = probe(SettingsProbeMain.KindRun.class, NetnsSettings.DOCKER_HOST + "=tcp://127.0.0.1:1");
    assertThat(out).doesNotContain("connected:").contains("skipped:").contains("tcp://127.0.0.1:1");
  }

  @Test
  void aBadValueOfEachKeyFailsTheRunNamingIt() {
    for (String bad : List.of(NetnsSettings.STATE_DIR + "=relative/dir", NetnsSettings.NATIVE_PREPARED + "=many",
        NetnsSettings.DOCKER_HOST + "=docker.example:2375", NetnsSettings.KIND_CHANNELS + "=0",
        NetnsSettings.KIND_TRACE + "=loud")) {
      int eq = bad.indexOf('=');
      // parsed before anything JVM-wide is touched, so the same JVM serves
      List<Throwable> failures = EngineTestKit.engine("junit-jupiter")
          .selectors(DiscoverySelectors.selectClass(WarmUpProbeMain.NetnsPlanTest.class))
          .configurationParameter(bad.substring(0, eq), bad.substring(eq + 1))
          .execute().allEvents().failed().stream()
          .map(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow())
          .toList();
      // JUnit wraps what the condition threw
      assertThat(failures).as(bad).isNotEmpty().allSatisfy(t -> assertThat(t.getCause() != null ? t.getCause() : t)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad).hasMessageContaining("allowed"));
    }
  }
}
