package dev.netns.samples.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.Events;

/**
 * A test that leaves something behind on the host side (here a namespace it made by hand with
 * {@code ip netns add}, outside the framework) is named in a warning, or fails with
 * {@code netns.pollution=fail}. What the framework makes and undoes is never reported.
 */
class PollutionCheckTest {

  static volatile String leftover;

  @NetnsTest
  @ExtendWith(InKit.OnlyInKit.class)
  static class Lab {
    @Test
    void leavesANamespaceBehind(@NetNamespace("red") Netns red) throws Exception {
      // the machine's own namespace list: a name only, no address, route or rule
      // from a throw-away namespace: `ip netns add` goes back to the namespace it started in, which
      // a rootless JVM may not enter when that is the machine's own (README, Rootless)
      InKit.Result r = InKit.exec(List.of("unshare", "--net", "--", "ip", "netns", "add", leftover));
      assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void cleansUp(@NetNamespace("red") Netns red) {
      red.addAddress("lo", "10.9.9.9/32"); // inside the test's own namespace: not the host side
    }
  }

  @TempDir
  Path evidence;

  @AfterEach
  void removeTheLeftover() throws Exception {
    if (leftover != null && Path.of("/run/netns", leftover).toFile().exists()) {
      InKit.exec(List.of("ip", "netns", "del", leftover));
    }
  }

  private static String fresh() {
    return "leftover-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
  }

  private static List<String> pollutionEntries(Events events) {
    return events.reportingEntryPublished().stream()
        .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("netns.pollution"))
        .filter(v -> v != null).toList();
  }

  @Test
  void aLeftoverIsAWarningNamingTheTest() {
    leftover = fresh();
    Events events = InKit.run(Lab.class, "leavesANamespaceBehind", evidence, Map.of());
    assertThat(events.succeeded().count()).as("warn is the default: the test passes").isEqualTo(1);
    assertThat(pollutionEntries(events)).singleElement().asString()
        .contains("Lab.leavesANamespaceBehind", "+ netns " + leftover, "the machine's own network namespace");
  }

  @Test
  void failModeFailsTheTest() {
    leftover = fresh();
    Events events = InKit.run(Lab.class, "leavesANamespaceBehind", evidence, Map.of("netns.pollution", "fail"));
    assertThat(events.failed().count()).isEqualTo(1);
    assertThat(InKit.failure(events)).hasMessageContaining("+ netns " + leftover).hasMessageContaining("netns.pollution=fail");
  }

  @Test
  void whatTheFrameworkMakesAndUndoesIsNotReported() {
    leftover = null;
    Events events = InKit.run(Lab.class, "cleansUp", evidence, Map.of("netns.pollution", "fail"));
    assertThat(events.succeeded().count()).isEqualTo(1);
    assertThat(pollutionEntries(events)).isEmpty();
  }

  @Test
  void aBadSettingNamesItAndWhatIsAllowed() {
    leftover = null;
    Events events = InKit.run(Lab.class, "cleansUp", evidence, Map.of("netns.pollution", "sometimes"));
    assertThat(events.failed().count()).isEqualTo(1);
    assertThat(InKit.failure(events)).hasMessageContaining("netns.pollution=\"sometimes\"").hasMessageContaining("warn, fail or off");
  }
}
