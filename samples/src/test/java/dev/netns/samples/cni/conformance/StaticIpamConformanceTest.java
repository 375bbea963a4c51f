package dev.netns.samples.cni.conformance;

import dev.netns.cni.Cni;
import dev.netns.cni.CniConformance;
import dev.netns.junit.NetnsTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ptp} with Debian's {@code static} IPAM: every container gets the address written in the
 * configuration, so two containers ADDed with the same configuration get the same address. That is
 * what static IPAM is for (a runtime gives each container its own configuration), and the kit says
 * so rather than bending the rule.
 */
@NetnsTest
class StaticIpamConformanceTest {

  static final String CONF = """
      {"cniVersion": "1.0.0", "name": "conformance", "type": "ptp",
       "ipam": {"type": "static", "addresses": [{"address": "10.64.0.2/24", "gateway": "10.64.0.1"}],
                "routes": [{"dst": "0.0.0.0/0"}]}}""";

  @Test
  void ptpWithStaticIpam(Cni cni) {
    Findings.assertFindings(CniConformance.of(cni.plugin("ptp"), CONF).run(), Findings.skeletonAnd(
        Findings.DEL_OF_FAILED_ADD,
        Map.entry("two containers ADDed concurrently", "both containers got 10.64.0.2")));
  }
}
