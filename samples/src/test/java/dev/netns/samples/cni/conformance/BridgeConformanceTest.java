package dev.netns.samples.cni.conformance;

import dev.netns.cni.Cni;
import dev.netns.cni.CniConformance;
import dev.netns.junit.NetnsTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Debian's {@code bridge} with {@code host-local}. Besides the shared findings, the bridge it makes
 * ({@code kbr0}, with the gateway address and its route) stays on the host side after the last
 * container's DEL: the plugin treats the bridge as shared by every container of the network and
 * never deletes it. The kit's rule (DEL releases what ADD made on the host side) holds it to that.
 */
@NetnsTest
class BridgeConformanceTest {

  static final String CONF = """
      {"cniVersion": "1.0.0", "name": "conformance", "type": "bridge", "bridge": "kbr0", "isGateway": true,
       "ipam": {"type": "host-local", "subnet": "10.62.0.0/24", "routes": [{"dst": "0.0.0.0/0"}]}}""";

  @Test
  void bridgeWithHostLocal(Cni cni) {
    Findings.assertFindings(CniConformance.of(cni.plugin("bridge"), CONF).run(), Findings.skeletonAnd(
        Findings.DEL_OF_FAILED_ADD,
        Map.entry("DEL removes what ADD made on the host side", "link kbr0 UP 10.62.0.1/24")));
  }
}
