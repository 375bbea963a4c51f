package dev.netns.samples.cni.conformance;

import dev.netns.cni.Cni;
import dev.netns.cni.CniConformance;
import dev.netns.junit.NetnsTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Debian's {@code loopback}, with {@code CNI_IFNAME=lo} (the kit's containers start with {@code lo}
 * down, as a runtime's fresh sandbox does). Its ADD of a second container ID into the same netns
 * succeeds (there is only one {@code lo}), and that container's DEL sets {@code lo} down under the
 * first one.
 */
@NetnsTest
class LoopbackConformanceTest {

  static final String CONF = """
      {"cniVersion": "1.0.0", "name": "conformance", "type": "loopback"}""";

  @Test
  void loopback(Cni cni) {
    Findings.assertFindings(CniConformance.of(cni.plugin("loopback"), CONF).withIfName("lo").run(),
        Findings.skeletonAnd(Map.entry(Findings.DEL_OF_FAILED_ADD.getKey(), "lo of the first container is DOWN")));
  }
}
