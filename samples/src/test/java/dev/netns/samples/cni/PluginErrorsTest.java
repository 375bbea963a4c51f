package dev.netns.samples.cni;

import static dev.netns.assertj.CniAssertions.assertThatCniError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Netns;
import dev.netns.cni.Cni;
import dev.netns.cni.CniException;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import org.junit.jupiter.api.Test;

/** Error results are typed: code, msg and details as the plugin printed them. */
@NetnsTest
class PluginErrorsTest {

  @Test
  void badIpamTypeIsAnError(Cni cni, @NetNamespace("pod") Netns pod) {
    String conf = """
        {"cniVersion": "1.0.0", "name": "broken", "type": "bridge", "bridge": "cni0",
         "ipam": {"type": "no-such-ipam"}}""";
    assertThatCniError(() -> cni.plugin("bridge").add(pod, "eth0", conf))
        .isPluginError()
        .isFromCommand("ADD")
        .hasCode(999)
        .hasMsgContaining("failed to find plugin \"no-such-ipam\"");
    // bridge made the veth before IPAM failed and leaves it; like a runtime, the harness runs a
    // best-effort DEL for the failed ADD when the test ends, which removes it
    assertThat(pod.link("eth0")).isPresent();
  }

  @Test
  void checkIsRefusedForOldConfigVersions(Cni cni, @NetNamespace("pod") Netns pod) {
    String conf = """
        {"cniVersion": "0.3.1", "name": "old", "type": "ptp",
         "ipam": {"type": "host-local", "subnet": "10.1.7.0/24"}}""";
    var ptp = cni.plugin("ptp");
    var r = ptp.add(pod, "eth0", conf);
    assertThatThrownBy(() -> ptp.check(pod, "eth0", conf, r))
        .isInstanceOfSatisfying(CniException.class,
            e -> assertThat(e.msg()).isEqualTo("config version does not allow CHECK"));
  }

  @Test
  void aConfigurationWithoutCniVersionNeverReachesThePlugin(Cni cni, @NetNamespace("pod") Netns pod) {
    assertThatThrownBy(() -> cni.plugin("ptp").add(pod, "eth0", "{\"name\": \"x\", \"type\": \"ptp\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no \"cniVersion\"");
  }
}
