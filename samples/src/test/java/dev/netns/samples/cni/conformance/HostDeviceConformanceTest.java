package dev.netns.samples.cni.conformance;

import dev.netns.cni.Cni;
import dev.netns.cni.CniConformance;
import dev.netns.junit.NetnsTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Debian's {@code host-device}, moving a device made for each check (a veth end, up, in the check's
 * node namespace) into the container. Its DEL is not idempotent in 1.1.1: a second DEL, a DEL
 * without ADD and a DEL after the netns is gone fail ({@code failed to find "eth0": Link not
 * found}, {@code failed to open netns}); the device comes back down although it was up; and one
 * device cannot serve two containers, so the concurrency rule fails by the plugin's nature.
 */
@NetnsTest
class HostDeviceConformanceTest {

  static final String CONF = """
      {"cniVersion": "1.0.0", "name": "conformance", "type": "host-device", "device": "kitdev0",
       "ipam": {"type": "host-local", "subnet": "10.62.0.0/24", "routes": [{"dst": "0.0.0.0/0"}]}}""";

  @Test
  void hostDevice(Cni cni) {
    CniConformance kit = CniConformance.of(cni.plugin("host-device"), CONF)
        .withHostSetup(node -> node.addVeth("kitdev0", node, "kitdev1"));
    Findings.assertFindings(kit.run(), Findings.skeletonAnd(
        Findings.DEL_OF_FAILED_ADD,
        Map.entry("DEL removes what ADD made on the host side", "link kitdev0 is DOWN (was UP"),
        Map.entry("DEL twice succeeds", "failed to find \\\"eth0\\\": Link not found"),
        Map.entry("DEL without a prior ADD succeeds", "Link not found"),
        Map.entry("DEL after the container's netns was deleted", "failed to open netns"),
        Map.entry("two containers ADDed concurrently", "failed to find host device")));
  }
}
