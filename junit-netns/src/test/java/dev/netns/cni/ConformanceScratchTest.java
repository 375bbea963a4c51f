package dev.netns.cni;

import dev.netns.junit.NetnsTest;
import org.junit.jupiter.api.Test;

@NetnsTest
class ConformanceScratchTest {
  static final String CONF = """
      {"cniVersion":"1.0.0","name":"conformance","type":"ptp","ipMasq":false,
       "ipam":{"type":"host-local","subnet":"10.61.0.0/24","routes":[{"dst":"0.0.0.0/0"}]}}""";

  @Test
  void ptp(Cni cni) {
    CniConformanceReport r = CniConformance.of(cni.plugin("ptp"), CONF).run();
    System.out.println(r);
  }
}
