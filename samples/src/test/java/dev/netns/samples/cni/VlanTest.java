package dev.netns.samples.cni;

import static dev.netns.assertj.CniAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.ExecResult;
import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.cni.Cni;
import dev.netns.cni.CniPlugin;
import dev.netns.cni.CniResult;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code vlan} on a host-side master. Needs the kernel's 802.1Q support (module {@code 8021q}):
 * when the kernel has none, the test is skipped with the kernel's answer as the reason.
 */
@NetnsTest
class VlanTest {

  @Test
  void vlanSubInterfaceInTheContainer(Cni cni, @NetNamespace("pod") Netns pod, @HostNamespace Netns node,
                                      @VethPair(leftName = "trunk0", right = "switch") Veth trunk) {
    ExecResult probe = node.exec("ip", "link", "add", "link", "trunk0", "name", "vlanprobe", "type", "vlan", "id", "99");
    Assumptions.assumeTrue(probe.isSuccess(),
        () -> "the kernel cannot create VLAN links (802.1Q / module 8021q missing): " + probe.stderr().strip());
    node.deleteLink("vlanprobe");

    String conf = """
        {"cniVersion": "1.0.0", "name": "vlannet", "type": "vlan", "master": "trunk0", "vlanId": 42,
         "ipam": {"type": "host-local", "subnet": "10.42.0.0/24"}}""";
    CniPlugin vlan = cni.plugin("vlan");
    CniResult r = vlan.add(pod, "eth0", conf);
    assertThat(r).hasIp("10.42.0.2/24").hasIpOn(pod, "eth0").passesCheck(vlan, pod, "eth0", conf);
    assertThat(pod.link("eth0").orElseThrow().kind()).isEqualTo("vlan");
  }
}
