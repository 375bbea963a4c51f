package dev.netns.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NetnsSettings;
import dev.netns.Target;
import dev.netns.internal.core.ScopedTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The warm-up runs only where it helps and as configured: never in a JVM whose plan has no
 * junit-netns test, never when {@code netns.warmup.disabled=true}, never from merely loading the
 * extension; and the engine it builds is the one the run's settings name, so {@code netns.engine}
 * in {@code junit-platform.properties} counts as much as the system property.
 */
class WarmUpTest {

  private static String probe(List<String> jvmArgs, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.addAll(jvmArgs);
    cmd.add(WarmUpProbeMain.class.getName());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void loadingTheExtensionStartsNothing() throws Exception {
    assertThat(probe(List.of("-Dnetns.warmup.disabled=true"), "load-extension")).contains("warm-up started: false");
    assertThat(probe(List.of(), "load-extension")).contains("warm-up started: false");
  }

  @Test
  void aPlanWithoutJunitNetnsTestsStartsNothing() throws Exception {
    assertThat(probe(List.of(), "run-plan", WarmUpProbeMain.PlainTest.class.getName()))
        .contains("warm-up started: false");
  }

  @Test
  void aPlanWithJunitNetnsTestsWarmsUpUnlessDisabled() throws Exception {
    assertThat(probe(List.of(), "run-plan", WarmUpProbeMain.NetnsPlanTest.class.getName()))
        .contains("warm-up started: true");
    assertThat(probe(List.of("-Dnetns.warmup.disabled=true"), "run-plan", WarmUpProbeMain.NetnsPlanTest.class.getName()))
        .contains("warm-up started: false");
  }

  /**
   * It starts as soon as discovery starts, when the request names a junit-netns class (as surefire
   * does): while JUnit discovers, not during the first test; and not for a plan without one.
   */
  @Test
  void startsWhenDiscoveryOfAJunitNetnsClassStarts() throws Exception {
    assertThat(probe(List.of(), "discover-only", WarmUpProbeMain.NetnsPlanTest.class.getName()))
        .contains("warm-up started: true");
    assertThat(probe(List.of(), "discover-only", WarmUpProbeMain.PlainTest.class.getName()))
        .contains("warm-up started: false");
    assertThat(probe(List.of("-Dnetns.warmup.disabled=true"), "discover-only", WarmUpProbeMain.NetnsPlanTest.class.getName()))
        .contains("warm-up started: false");
  }

  /** Run by the test kit below: records the engine its fixtures got. */
  @NetnsTest
  static class EngineProbe {
    static volatile String engine;

    @Test
    void recordEngine(Target target) {
      engine = ((ScopedTarget) target).backend().engine().describe();
    }
  }

  @Test
  void netnsEngineAsAConfigurationParameterChoosesTheEngine() {
    for (String choice : List.of("ip", "native")) {
      EngineProbe.engine = null;
      EngineTestKit.engine("junit-jupiter").selectors(
              org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(EngineProbe.class))
          .configurationParameter(NetnsSettings.ENGINE, choice)
          .execute().testEvents().assertStatistics(s -> s.succeeded(1));
      assertThat(EngineProbe.engine).as(choice).contains(choice.equals("ip") ? "iproute2" : "netlink");
    }
  }
}
