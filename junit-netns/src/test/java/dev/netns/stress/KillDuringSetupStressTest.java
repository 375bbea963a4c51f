package dev.netns.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.local.LocalBackend;
import dev.netns.internal.local.LocalCommandRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A JVM killed with SIGKILL at a random moment of set-up (a namespace half made, a veth half
 * configured); the next run reaps everything of that run and nothing else: a namespace and a link
 * made by hand with names of the same shape survive.
 */
@Tag("stress")
@Isolated
class KillDuringSetupStressTest {

  @RepeatedTest(5)
  void killedMidSetupIsReapedAndHandMadeSurvives() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        KillDuringSetupMain.class.getName()).redirectErrorStream(true).start();
    String run;
    String handNs = null;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      assertThat(first).startsWith("RUN ");
      run = first.substring(4);
      assertThat(out.readLine()).isEqualTo("LOOPING");
      Thread.sleep(ThreadLocalRandom.current().nextInt(50, 1500));
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(StressSupport.namespacesOf(run)).as("the killed run left something to reap").isNotEmpty();

      handNs = "jn-" + run + "-red-999";
      StressSupport.run("ip", "netns", "add", handNs);
      StressSupport.run("ip", "-n", handNs, "link", "add", "jn" + run + "zz", "type", "veth", "peer", "name", "jn" + run + "zy");

      LocalBackend.get().reapNow();

      assertThat(StressSupport.namespacesOf(run)).containsExactly(handNs);
      assertThat(StressSupport.run("ip", "-n", handNs, "-o", "link")).contains("jn" + run + "zz");
    } finally {
      child.destroyForcibly();
      if (handNs != null) LocalCommandRunner.INSTANCE.run(ExecRequest.of(List.of("ip", "netns", "del", handNs)));
    }
  }
}
