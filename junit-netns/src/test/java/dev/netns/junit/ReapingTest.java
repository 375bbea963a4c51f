package dev.netns.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.local.LocalBackend;
import dev.netns.internal.local.LocalCommandRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM killed with SIGKILL in the middle of a test leaves its namespaces; the next run removes
 * exactly those, and a namespace made by hand with a similar name survives.
 */
class ReapingTest {

  @Test
  void nextRunReapsWhatAKilledJvmLeftAndNothingElse() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        KilledRunMain.class.getName()).redirectErrorStream(true).start();
    List<String> childNamespaces = new ArrayList<>();
    String childRun = null;
    String handMade = null;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line;
      List<String> transcript = new ArrayList<>();
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        transcript.add(line);
        if (line.startsWith("RUN ")) childRun = line.substring(4);
        if (line.startsWith("NS ")) childNamespaces.add(line.substring(3));
      }
      assertThat(line).as("child output: %s", transcript).isEqualTo("READY");
      child.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(Leaks.allNamespaces()).containsAll(childNamespaces);

      // made by hand, named like the dead run's namespaces: must survive
      handMade = "jn-" + childRun + "-red-99";
      runHostSide("ip", "netns", "add", handMade);
      run("ip", "-n", handMade, "link", "add", "jn" + childRun + "zz", "type", "veth", "peer", "name", "jn" + childRun + "zy");

      LocalBackend.get().reapNow();

      assertThat(Leaks.allNamespaces()).doesNotContainAnyElementsOf(childNamespaces).contains(handMade);
      assertThat(run("ip", "-n", handMade, "-o", "link", "show")).contains("jn" + childRun + "zz");
    } finally {
      child.destroyForcibly();
      if (handMade != null) LocalCommandRunner.INSTANCE.run(ExecRequest.of(List.of("ip", "netns", "del", handMade)));
    }
  }

  @Test
  void changesInANamespaceTheDeadRunDidNotOwnAreUndoneAndTheNamespaceSurvives() throws Exception {
    String handMade = "jn-handmade-" + ProcessHandle.current().pid();
    runHostSide("ip", "netns", "add", handMade);
    try {
      run("ip", "-n", handMade, "link", "add", "hand0", "type", "veth", "peer", "name", "hand1");
      run("ip", "-n", handMade, "link", "set", "hand0", "up");
      run("ip", "-n", handMade, "link", "set", "hand1", "up");
      run("ip", "-n", handMade, "addr", "add", "10.77.0.1/24", "dev", "hand0");
      run("ip", "-n", handMade, "neigh", "add", "10.77.0.8", "lladdr", "02:00:00:00:77:08", "dev", "hand0", "nud", "permanent");
      // the same destination by hand, via another gateway: the dead run's route goes, this one stays
      run("ip", "-n", handMade, "route", "add", "10.88.0.0/24", "via", "10.77.0.5", "dev", "hand0", "metric", "10");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          KilledAdopterMain.class.getName(), handMade).redirectErrorStream(true).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        List<String> transcript = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals("READY")) transcript.add(line);
        assertThat(line).as("child output: %s", transcript).isEqualTo("READY");
        assertThat(run("ip", "-n", handMade, "neigh", "show", "dev", "hand0")).contains("10.77.0.9");
        assertThat(run("ip", "-n", handMade, "route")).contains("10.88.0.0/24 via 10.77.0.9");
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      } finally {
        child.destroyForcibly();
      }

      LocalBackend.get().reapNow();

      assertThat(Leaks.allNamespaces()).contains(handMade);
      String neigh = run("ip", "-n", handMade, "neigh", "show", "dev", "hand0");
      assertThat(neigh).doesNotContain("10.77.0.9").contains("10.77.0.8"); // only the dead run's entry went
      assertThat(run("ip", "-n", handMade, "route")).doesNotContain("via 10.77.0.9")
          .contains("10.88.0.0/24 via 10.77.0.5 dev hand0 metric 10").contains("10.77.0.0/24");
    } finally {
      LocalCommandRunner.INSTANCE.run(ExecRequest.of(List.of("ip", "netns", "del", handMade)));
    }
  }

  /** Rootless, {@code ip netns add} acts from a namespace of the JVM's user namespace (README "Rootless"). */
  private static String runHostSide(String... argv) {
    List<String> full = new java.util.ArrayList<>(dev.netns.internal.local.Rootless.hostSidePrefix());
    full.addAll(List.of(argv));
    return run(full.toArray(new String[0]));
  }

  private static String run(String... argv) {
    return LocalCommandRunner.INSTANCE.run(ExecRequest.of(List.of(argv))).orThrow().stdout();
  }
}
