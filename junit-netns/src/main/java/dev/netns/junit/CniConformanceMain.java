package dev.netns.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netns.cni.Cni;
import dev.netns.cni.CniConformance;
import dev.netns.cni.CniConformanceReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * The CNI conformance kit from the command line: prints the report table for a plugin binary and
 * a configuration file, for plugin authors who just want the verdict.
 *
 * <pre>
 * java -cp ... dev.netns.junit.CniConformanceMain /usr/lib/cni/ptp ptp.conf [--ifname=eth0]
 * bin/cni-conformance /usr/lib/cni/ptp ptp.conf     (builds the class path, then runs this)
 * </pre>
 *
 * <p>The configuration is a single plugin's ({@code type}, {@code name}, {@code cniVersion}) or
 * a configuration list ({@code plugins}); for a list, the binary's directory is searched first for
 * the list's plugins. The kit runs as a JUnit test would (through the JUnit Platform launcher, with
 * the junit-netns extension: root check, namespaces on the local kernel, everything removed
 * afterwards). Exit status: 0 when every check passed, 1 when some failed, 2 for bad input or
 * when the kit could not run.
 */
public final class CniConformanceMain {

  private static volatile Path plugin;
  private static volatile String config;
  private static volatile String ifName;
  private static volatile CniConformanceReport report;
  private static volatile boolean launched;

  private CniConformanceMain() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the kit and prints the table on {@code out}; returns the exit status. */
  static synchronized int run(String[] args, PrintStream out, PrintStream err) {
    try {
      parse(args);
    } catch (IllegalArgumentException e) {
      err.println("cni-conformance: " + e.getMessage());
      err.println("usage: cni-conformance PLUGIN-BINARY CONFIG-FILE [--ifname=NAME]");
      return 2;
    }
    report = null;
    launched = true;
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    try {
      LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
          .selectors(DiscoverySelectors.selectClass(Run.class)).build();
      Launcher launcher = LauncherFactory.create();
      launcher.execute(request, summary);
    } finally {
      launched = false;
    }
    TestExecutionSummary s = summary.getSummary();
    if (report == null) {
      err.println("cni-conformance: the kit could not run");
      for (TestExecutionSummary.Failure f : s.getFailures()) err.println("  " + f.getException());
      if (s.getFailures().isEmpty()) err.println("  (no test ran: is junit-jupiter-engine on the class path?)");
      return 2;
    }
    out.print(report);
    return report.passed() ? 0 : 1;
  }

  /** Validates the arguments before anything runs. */
  static void parse(String[] args) {
    if (args.length < 2 || args.length > 3) {
      throw new IllegalArgumentException("expected a plugin binary and a configuration file, got " + args.length
          + " arguments");
    }
    Path binary = Path.of(args[0]).toAbsolutePath().normalize();
    if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
      throw new IllegalArgumentException("plugin binary " + binary + " is not an executable file");
    }
    Path file = Path.of(args[1]);
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("configuration file " + file + " cannot be read: " + e.getMessage());
    }
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("configuration file " + file + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (n == null || !n.isObject()) throw new IllegalArgumentException("configuration file " + file + " is not a JSON object");
    String name = "eth0";
    if (args.length == 3) {
      if (!args[2].startsWith("--ifname=")) throw new IllegalArgumentException("unknown option " + args[2]);
      name = args[2].substring("--ifname=".length());
    }
    plugin = binary;
    config = json;
    ifName = name;
  }

  /** The kit as a test: run by {@link #run} through the launcher, never by a build's test scan. */
  @NetnsTest
  static final class Run {
    @Test
    void conformance(Cni cni) {
      if (!launched) return; // found by a class-path scan: only the main runs it
      boolean list = readList(config);
      CniConformance kit = list
          ? CniConformance.of(cni.withSearchPath(plugin.getParent().toString()).conflist(config))
          : CniConformance.of(cni.pluginAt(plugin), config);
      report = kit.withIfName(ifName).run();
    }

    private static boolean readList(String json) {
      try {
        JsonNode n = new ObjectMapper().readTree(json);
        return n.has("plugins") && !n.has("type");
      } catch (IOException e) {
        return false;
      }
    }
  }
}
