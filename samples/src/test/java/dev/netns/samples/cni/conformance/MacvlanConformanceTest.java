package dev.netns.samples.cni.conformance;

import dev.netns.cni.Cni;
import dev.netns.cni.CniConformance;
import dev.netns.junit.NetnsTest;
import org.junit.jupiter.api.Test;

/**
 * Debian's {@code macvlan} on a master made for each check ({@link CniConformance#withHostSetup}:
 * a veth end in the check's node namespace, since this kernel has no dummy driver). It shares the
 * findings of ptp: the second container's ADD fails ({@code failed to rename macvlan to "eth0":
 * file exists}) and its DEL deletes the first container's {@code eth0}.
 */
@NetnsTest
class MacvlanConformanceTest {

  static final String CONF = """
      {"cniVersion": "1.0.0", "name": "conformance", "type": "macvlan", "master": "kitup0", "mode": "bridge",
       "ipam": {"type": "host-local", "subnet": "10.62.0.0/24", "routes": [{"dst": "0.0.0.0/0"}]}}""";

  @Test
  void macvlanWithHostLocal(Cni cni) {
    CniConformance kit = CniConformance.of(cni.plugin("macvlan"), CONF)
        .withHostSetup(node -> node.addVeth("kitup0", node, "kitup1"));
    Findings.assertFindings(kit.run(), Findings.skeletonAnd(Findings.DEL_OF_FAILED_ADD));
  }
}
