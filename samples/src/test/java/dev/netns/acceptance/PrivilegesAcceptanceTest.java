package dev.netns.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Without CAP_NET_ADMIN/CAP_SYS_ADMIN a test fails with a clear message, unless it opted into
 * skipping. Runs a child JVM with every capability dropped ({@code setpriv}).
 */
@EnabledIf("setprivAvailable")
class PrivilegesAcceptanceTest {

  static boolean setprivAvailable() {
    return new File("/usr/bin/setpriv").canExecute();
  }

  @Test
  void withoutCapabilitiesTheTestFailsClearly() throws Exception {
    String out = runUnprivileged("fail");
    assertThat(out).contains("RESULT failed=1 skipped=0 succeeded=0");
    assertThat(out).contains("CAP_NET_ADMIN").contains("disabledWithoutPrivileges");
    assertThat(out).doesNotContain("BODY RAN");
  }

  @Test
  void withoutCapabilitiesAnOptedInTestIsSkipped() throws Exception {
    String out = runUnprivileged("skip");
    assertThat(out).contains("RESULT failed=0 skipped=1 succeeded=0");
    assertThat(out).doesNotContain("BODY RAN");
  }

  @Test
  void withoutCapabilitiesTheConfigurationParameterAlsoSkips() throws Exception {
    String out = runUnprivileged("skip-by-config");
    assertThat(out).contains("RESULT failed=0 skipped=1 succeeded=0");
    assertThat(out).contains("CAP_NET_ADMIN");
  }

  private static String runUnprivileged(String mode) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = Files.createTempFile("acceptance-unpriv", ".log");
    try {
      Process p = new ProcessBuilder(List.of("/usr/bin/setpriv", "--bounding-set=-all", "--inh-caps=-all",
          java, "-cp", System.getProperty("java.class.path"), Unprivileged.class.getName(), mode))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return Files.readString(log, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** The child JVM: runs one scenario and prints the outcome. */
  public static final class Unprivileged {
    public static void main(String[] args) {
      Class<?> scenario = args[0].equals("skip") ? Skips.class : Fails.class;
      EngineExecutionResults r = Kit.run(scenario, args[0].equals("skip-by-config")
          ? java.util.Map.of("netns.disabledWithoutPrivileges", "true") : java.util.Map.of());
      for (Throwable t : Kit.failures(r)) System.out.println("FAILURE " + Kit.fullMessage(t));
      r.testEvents().skipped().list().forEach(e -> System.out.println("SKIPPED " + e.getPayload().orElse("")));
      r.containerEvents().skipped().list().forEach(e -> System.out.println("SKIPPED " + e.getPayload().orElse("")));
      System.out.println("RESULT failed=" + r.testEvents().failed().count()
          + " skipped=" + (r.testEvents().skipped().count() + r.containerEvents().skipped().count())
          + " succeeded=" + r.testEvents().succeeded().count());
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class Fails {
    @Test void t(@NetNamespace Netns ns) {
      System.out.println("BODY RAN");
    }
  }

  @NetnsTest(disabledWithoutPrivileges = true) @ExtendWith(Kit.OnlyInKit.class)
  static class Skips {
    @Test void t(@NetNamespace Netns ns) {
      System.out.println("BODY RAN");
    }
  }
}
