package dev.netns.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.netns.Netns;
import dev.netns.Target;
import dev.netns.junit.NetnsTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The conformance kit on Debian's ptp plugin, and proof that it bites: wrappers around ptp that
 * each break one rule of the spec fail more checks than ptp itself; a wrapper that changes nothing
 * gets ptp's score exactly.
 */
@NetnsTest
class CniConformanceTest {

  static final String CONF = """
      {"cniVersion": "1.0.0", "name": "conformance", "type": "ptp", "ipMasq": false,
       "ipam": {"type": "host-local", "subnet": "10.61.0.0/24", "routes": [{"dst": "0.0.0.0/0"}]}}""";

  /** What Debian's ptp 1.1.1 gets wrong (measured; see docs/cni.md "Conformance kit"). */
  static final Set<String> PTP_FINDINGS = Set.of(
      "DEL for a container whose ADD failed",
      "a missing CNI_COMMAND fails with code 4",
      "error results carry cniVersion, code and msg");

  @TempDir
  static Path wrappers;

  private static CniConformanceReport ptp;

  @BeforeAll
  static void installWrappers() throws IOException {
    for (String w : List.of("pass-through", "del-not-idempotent", "result-without-cniversion", "del-does-nothing",
        "version-lies", "version-claims-more", "result-version-differs")) {
      try (InputStream in = CniConformanceTest.class.getResourceAsStream("/cni-conformance/" + w)) {
        Path p = wrappers.resolve(w);
        Files.copy(in, p);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  private static synchronized CniConformanceReport ptp(Cni cni) {
    // one run of the real plugin, shared by the comparisons below (each run makes its own namespaces)
    if (ptp == null) ptp = CniConformance.of(cni.plugin("ptp"), CONF).run();
    return ptp;
  }

  private static Set<String> prefixes(List<String> failed) {
    return failed.stream().map(f -> PTP_FINDINGS.stream().filter(f::startsWith).findFirst().orElse(f))
        .collect(Collectors.toSet());
  }

  @Test
  void ptpIsHeldToEveryRuleAndFailsExactlyItsKnownFindings(Cni cni) {
    CniConformanceReport r = ptp(cni);
    System.out.println(r);
    assertThat(r.checks()).hasSizeGreaterThanOrEqualTo(15).doesNotHaveDuplicates();
    assertThat(r.passed()).isFalse();
    assertThat(prefixes(r.failedChecks())).as(r.toString()).isEqualTo(PTP_FINDINGS);
    assertThat(r.failures()).hasSize(3).allSatisfy(f -> assertThat(f).contains(": "));
    assertThat(r.failures()).anySatisfy(f -> assertThat(f).contains("no \"cniVersion\"").contains("\"code\": 6"));
    assertThat(r.failures()).anySatisfy(f -> assertThat(f)
        .contains("container veth name provided (eth0) already exists").contains("eth0 of the first container is gone"));
    assertThat(r.toString()).contains("PASS").contains("FAIL").contains(r.checks().get(0));
  }

  @Test
  void aWrapperThatChangesNothingGetsTheSameScore(Cni cni) {
    CniConformanceReport wrapped = CniConformance.of(cni.pluginAt(wrappers.resolve("pass-through")), CONF).run();
    assertThat(wrapped.checks()).isEqualTo(ptp(cni).checks());
    assertThat(wrapped.failedChecks()).as(wrapped.toString()).isEqualTo(ptp(cni).failedChecks());
  }

  @ParameterizedTest
  @ValueSource(strings = {"del-not-idempotent", "result-without-cniversion", "del-does-nothing", "version-lies",
      "version-claims-more", "result-version-differs"})
  void aWrapperBreakingOneRuleFailsMoreChecks(String wrapper, Cni cni) {
    CniConformanceReport broken = CniConformance.of(cni.pluginAt(wrappers.resolve(wrapper)), CONF).run();
    CniConformanceReport real = ptp(cni);
    System.out.println(wrapper + ": " + broken.failures().size() + " checks failed (ptp: " + real.failures().size() + ") "
        + broken.failedChecks().stream().map(n -> n.substring(0, Math.min(40, n.length()))).toList());
    assertThat(broken.failures().size()).as(broken.toString()).isGreaterThan(real.failures().size());
    String rule = switch (wrapper) {
      case "del-not-idempotent" -> "DEL twice succeeds";
      case "result-without-cniversion" -> "ADD result matches the 1.0.0 result schema";
      case "del-does-nothing" -> "DEL removes what ADD made in the container";
      case "version-lies" -> "VERSION lists the configuration's cniVersion 1.0.0";
      case "version-claims-more" -> "every version VERSION lists is accepted";
      default -> "ADD result echoes the configuration's cniVersion 1.0.0";
    };
    assertThat(broken.failedChecks()).as(broken.toString()).anyMatch(n -> n.startsWith(rule));
  }

  @Test
  void aRunLeavesNoNamespaceAndNoIpamDirectoryBehind(Cni cni, Target target) {
    Set<String> before = names(target);
    CniConformanceReport r = CniConformance.of(cni.pluginAt(wrappers.resolve("del-does-nothing")), CONF).run();
    assertThat(r.passed()).isFalse();
    Set<String> after = names(target);
    after.removeAll(before);
    // only this JVM's names: other test runs on the machine may come and go meanwhile
    String mine = "jn-" + dev.netns.internal.core.Ownership.get().runId() + "-k\\d+.*";
    assertThat(after).as("namespaces made by the run and still there").noneMatch(n -> n.matches(mine));
    assertThat(cni.session().files.list(cni.dataDir())).as("per-check IPAM directories").isEmpty();
  }

  private static Set<String> names(Target t) {
    return t.namespaces().stream().map(Netns::name).collect(Collectors.toCollection(HashSet::new));
  }

  // ------------------------------------------------------------------ @TestFactory

  static volatile CniConformanceReport factoryReport;

  /** Driven by {@link #theTestFactoryHasOneTestPerCheckAndFailsAsTheReport}; off when selected on its own. */
  @NetnsTest
  @EnabledIf("dev.netns.cni.CniConformanceTest#driven")
  static class FactoryLab {
    @TestFactory
    Stream<DynamicNode> conformance(Cni cni) {
      CniConformance kit = CniConformance.of(cni.plugin("ptp"), CONF);
      factoryReport = null;
      return kit.tests();
    }
  }

  private static volatile boolean driven;

  static boolean driven() {
    return driven;
  }

  @Test
  void theTestFactoryHasOneTestPerCheckAndFailsAsTheReport(Cni cni) {
    driven = true;
    Events tests;
    try {
      tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FactoryLab.class)).execute().testEvents();
    } finally {
      driven = false;
    }
    List<String> checks = CniConformance.of(cni.plugin("ptp"), CONF).checks();
    assertThat(tests.started().count()).isEqualTo(checks.size());
    assertThat(tests.failed().count()).isEqualTo(ptp(cni).failures().size());
    assertThat(tests.failed().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList())
        .containsExactlyElementsOf(ptp(cni).failedChecks());
  }

  // ------------------------------------------------------------------ bad input

  @Test
  void badInputIsRefusedBeforeAnyCheckRuns(Cni cni) {
    CniPlugin ptp = cni.plugin("ptp");
    assertThatThrownBy(() -> CniConformance.of(ptp, "{not json")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON").hasMessageContaining("{not json");
    assertThatThrownBy(() -> CniConformance.of(ptp, "{\"name\": \"n\", \"type\": \"ptp\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"cniVersion\"");
    assertThatThrownBy(() -> CniConformance.of(ptp, "{\"cniVersion\": \"1.0.0\", \"type\": \"ptp\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no \"name\"");
    assertThatThrownBy(() -> CniConformance.of(ptp, "{\"cniVersion\": \"1.0.0\", \"name\": \"n\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no \"type\"");
    assertThatThrownBy(() -> CniConformance.of(ptp, "{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"type\": \"no-such-plugin\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"no-such-plugin\"")
        .hasMessageContaining("cannot be found");
    assertThatThrownBy(() -> CniConformance.of(ptp,
        "{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"type\": \"ptp\", \"ipam\": {\"type\": \"no-such-ipam\"}}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ipam.type").hasMessageContaining("no-such-ipam");
    assertThatThrownBy(() -> CniConformance.of(ptp, "{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"plugins\": []}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("configuration list");
    assertThatThrownBy(() -> CniConformance.of(ptp, CONF).withIfName("way-too-long-name0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("way-too-long-name0");
    assertThatThrownBy(() -> CniConformance.of(ptp, CONF).withParallelism(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelism 0");
  }
}
