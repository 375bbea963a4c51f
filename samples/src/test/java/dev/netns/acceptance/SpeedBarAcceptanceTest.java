package dev.netns.acceptance;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The fixture speed bar: 100 repetitions of "two namespaces + veth + addresses + one ping" with
 * the library versus the tutorial's shell commands, in the same run. Prints the numbers; asserts
 * only that the library is faster. Tagged {@code bench}: run with
 * {@code -Pbench} or {@code -Dnetns.test.excludedGroups= -Dtest=SpeedBarAcceptanceTest}.
 */
@Tag("bench")
class SpeedBarAcceptanceTest {

  static final int REPS = 100;

  @Test
  void libraryIsFasterThanTheTutorialsShellCommands() throws Exception {
    long t0 = System.nanoTime();
    EngineExecutionResults r = Kit.run(Lab.class);
    long library = System.nanoTime() - t0;
    org.assertj.core.api.Assertions.assertThat(Kit.failures(r)).isEmpty();
    org.assertj.core.api.Assertions.assertThat(r.testEvents().succeeded().count()).isEqualTo(REPS);

    int pingFailures = 0;
    long t1 = System.nanoTime();
    for (int i = 0; i < REPS; i++) {
      if (!shellLab(i)) pingFailures++;
    }
    long shell = System.nanoTime() - t1;

    System.out.printf("SPEED BAR (%d reps): library %.0f ms (%.1f ms/rep), tutorial shell %.0f ms (%.1f ms/rep),"
            + " ratio %.2f; shell pings lost: %d%n",
        REPS, library / 1e6, library / 1e6 / REPS, shell / 1e6, shell / 1e6 / REPS, (double) shell / library, pingFailures);
    org.assertj.core.api.Assertions.assertThat(library).as("library must be faster than the shell commands").isLessThan(shell);
  }

  /** Seed 004 "Try This: Connect Two Namespaces", with one ping; returns whether the ping was answered. */
  private static boolean shellLab(int i) throws Exception {
    String red = "acc" + ProcessHandle.current().pid() + "-" + i + "-red";
    String blue = "acc" + ProcessHandle.current().pid() + "-" + i + "-blue";
    String script = String.join("\n",
        "set -e",
        "ip netns add " + red,
        "ip netns add " + blue,
        "ip link add veth-red type veth peer name veth-blue",
        "ip link set veth-red netns " + red,
        "ip link set veth-blue netns " + blue,
        "ip netns exec " + red + " ip addr add 10.0.0.1/24 dev veth-red",
        "ip netns exec " + blue + " ip addr add 10.0.0.2/24 dev veth-blue",
        "ip netns exec " + red + " ip link set veth-red up",
        "ip netns exec " + blue + " ip link set veth-blue up",
        "ip netns exec " + red + " ip link set lo up",
        "ip netns exec " + blue + " ip link set lo up",
        "rc=0; ip netns exec " + red + " ping -c 1 10.0.0.2 >/dev/null || rc=$?",
        "ip netns delete " + red,
        "ip netns delete " + blue,
        "exit $rc");
    Process p = new ProcessBuilder(List.of("bash", "-c", script)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("shell lab " + i + " hung");
    }
    return p.exitValue() == 0;
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class Lab {
    @RepeatedTest(REPS)
    void lab(@NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
             @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                       leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
      assertThat(red).canPing("10.0.0.2");
    }
  }
}
