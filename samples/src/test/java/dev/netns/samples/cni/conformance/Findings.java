package dev.netns.samples.cni.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.cni.CniConformanceReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the conformance kit found in Debian's reference plugins (containernetworking-plugins
 * 1.1.1), asserted exactly: each sample lists the checks its plugin fails, each with a piece of the
 * evidence the report gives, so that a plugin that gets better (or worse), or a check that changes,
 * turns the sample red.
 */
final class Findings {

  /** Every Debian plugin is built on the same skeleton (skel 1.1.1), so two findings are in all of them. */
  static final Map<String, String> SKELETON = Map.of(
      // skel.PluginMain prints its "about" text on stderr and exits 0 when CNI_COMMAND is unset
      "a missing CNI_COMMAND fails with code 4", "exited 0, expected an error",
      // skel prints types.Error ({code, msg, details}) without the cniVersion the spec's error schema has
      "error results carry cniVersion, code and msg", "has no \"cniVersion\"");

  /**
   * The finding of the issue that asked for the kit: a second container ID ADDed into the same
   * netns and ifName fails, and the DEL a runtime sends for that failed ADD removes the first
   * container's interface.
   */
  static final Map.Entry<String, String> DEL_OF_FAILED_ADD = Map.entry(
      "DEL for a container whose ADD failed leaves the other container's interface and lease alone",
      "of the first container is gone");

  private Findings() {
  }

  @SafeVarargs
  static Map<String, String> skeletonAnd(Map.Entry<String, String>... more) {
    Map<String, String> m = new LinkedHashMap<>(SKELETON);
    for (Map.Entry<String, String> e : more) m.put(e.getKey(), e.getValue());
    return m;
  }

  /** The report fails exactly these checks (by the start of their names), each with that evidence in its detail. */
  static void assertFindings(CniConformanceReport report, Map<String, String> expected) {
    assertFindings(report, expected, Map.of());
  }

  /**
   * As above, and the checks in {@code racy} may fail too, but only with that evidence: a race of
   * the plugin's own that shows or not depending on timing (never a reason to drop the check).
   */
  static void assertFindings(CniConformanceReport report, Map<String, String> expected, Map<String, String> racy) {
    assertThat(report.checks()).hasSizeGreaterThanOrEqualTo(15).doesNotHaveDuplicates();
    List<String> unexpected = new ArrayList<>();
    for (String failed : report.failedChecks()) {
      if (expected.keySet().stream().noneMatch(failed::startsWith)) unexpected.add(failed);
    }
    for (Map.Entry<String, String> r : racy.entrySet()) {
      boolean explained = report.failures().stream().anyMatch(f -> f.startsWith(r.getKey()) && f.contains(r.getValue()));
      if (explained) unexpected.removeIf(u -> u.startsWith(r.getKey()));
    }
    assertThat(unexpected).as("checks failed that the sample does not expect\n%s", report).isEmpty();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      assertThat(report.failures()).as("expected failure of \"%s\"\n%s", e.getKey(), report)
          .anySatisfy(f -> assertThat(f).startsWith(e.getKey()).contains(e.getValue()));
    }
  }
}
