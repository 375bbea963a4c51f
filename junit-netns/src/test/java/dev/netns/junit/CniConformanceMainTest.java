package dev.netns.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line entry point of the conformance kit: bad input is refused before anything runs; a run prints the table. */
class CniConformanceMainTest {

  @TempDir
  Path dir;

  @Test
  void badArgumentsAreNamedAndNothingRuns() throws Exception {
    Path conf = dir.resolve("ptp.conf");
    Files.writeString(conf, "{not json");
    assertThatThrownBy(() -> CniConformanceMain.parse(new String[] {"/usr/lib/cni/ptp"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 1 arguments");
    assertThatThrownBy(() -> CniConformanceMain.parse(new String[] {"/no/such/plugin", conf.toString()}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/no/such/plugin");
    assertThatThrownBy(() -> CniConformanceMain.parse(new String[] {"/usr/lib/cni/ptp", conf.toString()}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not JSON").hasMessageContaining(conf.toString());
    assertThatThrownBy(() -> CniConformanceMain.parse(new String[] {"/usr/lib/cni/ptp", dir.resolve("missing").toString()}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be read");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = CniConformanceMain.run(new String[] {"/usr/lib/cni/ptp", conf.toString()}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not JSON").contains("usage: cni-conformance");
  }

  @Test
  void aConfigurationTheKitRefusesIsReportedWithExitTwo() throws Exception {
    Path conf = dir.resolve("noname.conf");
    Files.writeString(conf, "{\"cniVersion\": \"1.0.0\", \"type\": \"ptp\"}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = CniConformanceMain.run(new String[] {"/usr/lib/cni/ptp", conf.toString()}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("has no \"name\"");
  }

  @Test
  void aRunPrintsTheTableAndExitsOneWhenAChecksFails() throws Exception {
    Path conf = dir.resolve("ptp.conf");
    Files.writeString(conf, """
        {"cniVersion": "1.0.0", "name": "conformance", "type": "ptp", "ipMasq": false,
         "ipam": {"type": "host-local", "subnet": "10.61.0.0/24"}}""");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = CniConformanceMain.run(new String[] {"/usr/lib/cni/ptp", conf.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(table).isEqualTo(1);
    assertThat(table).startsWith("CNI conformance of ptp (/usr/lib/cni/ptp)").contains("  #  outcome  check")
        .contains("FAIL     error results carry cniVersion, code and msg");
  }
}
