package dev.netns.samples.cni.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.cni.Cni;
import dev.netns.cni.CniConformance;
import dev.netns.cni.CniConformanceReport;
import dev.netns.junit.NetnsTest;
import org.junit.jupiter.api.Test;

/**
 * Debian's {@code ptp} with {@code host-local} IPAM, held to the CNI spec by the conformance kit.
 * Besides the two findings every Debian plugin shares ({@link Findings#SKELETON}), ptp fails one
 * rule: a DEL for a container ID whose ADD failed (because another container already had
 * {@code eth0} in that netns) deletes the other container's {@code eth0}, since ptp's DEL removes
 * whatever {@code CNI_IFNAME} is in {@code CNI_NETNS}, without asking whose it is.
 */
@NetnsTest
class PtpConformanceTest {

  static final String CONF = """
      {"cniVersion": "1.0.0", "name": "conformance", "type": "ptp", "ipMasq": false,
       "ipam": {"type": "host-local", "subnet": "10.61.0.0/24", "routes": [{"dst": "0.0.0.0/0"}]}}""";

  @Test
  void ptpWithHostLocal(Cni cni) {
    CniConformanceReport report = CniConformance.of(cni.plugin("ptp"), CONF).run();
    System.out.println(report); // the table, as bin/cni-conformance prints it
    Findings.assertFindings(report, Findings.skeletonAnd(Findings.DEL_OF_FAILED_ADD));
    // the evidence names the failed ADD's own error and what the DEL took
    assertThat(report.failures()).anySatisfy(f -> assertThat(f)
        .contains("container veth name provided (eth0) already exists").contains("10.61.0.2/24"));
  }
}
