package dev.netns.samples.cni;

import static dev.netns.assertj.CniAssertions.assertThat;
import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.cni.Cni;
import dev.netns.cni.CniPlugin;
import dev.netns.cni.CniResult;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import org.junit.jupiter.api.Test;

/**
 * The plugin author's basic loop with Debian's {@code ptp} and {@code host-local}: ADD, assert on
 * the typed result and on the kernel, CHECK, DEL. The plugin runs in the per-test host side; the
 * host-local leases go to a per-test directory.
 */
@NetnsTest
class PtpHostLocalTest {

  static final String CONF = """
      {
        "cniVersion": "1.0.0",
        "name": "ptpnet",
        "type": "ptp",
        "ipMasq": false,
        "mtu": 1400,
        "ipam": {"type": "host-local", "subnet": "10.1.2.0/24", "routes": [{"dst": "0.0.0.0/0"}]}
      }""";

  @Test
  void addCheckDel(Cni cni, @NetNamespace("pod") Netns pod, @HostNamespace Netns host) {
    CniPlugin ptp = cni.plugin("ptp");
    CniResult result = ptp.add(pod, "eth0", CONF);

    assertThat(result)
        .hasCniVersion("1.0.0")
        .hasIp("10.1.2.2/24")
        .hasGateway("10.1.2.1")
        .hasContainerInterface(pod, "eth0")
        .hasIpOn(pod, "eth0")                  // the kernel agrees with the result
        .hasVethPeerOnHost(pod, "eth0", host)  // eth0's peer is the host-side veth the result names
        .passesCheck(ptp, pod, "eth0", CONF);
    // everything in assertj-netns works on the same namespaces
    String hostVeth = result.hostInterfaces().get(0).name();
    assertThat(pod).hasDefaultRouteVia("10.1.2.1").canPing("10.1.2.1")
        .link("eth0").isUp().hasMtu(1400).isVethPeerOf(host.link(hostVeth).orElseThrow());
    assertThat(cni.leases("ptpnet")).containsExactly("10.1.2.2");

    ptp.del(pod, "eth0", CONF);
    assertThat(pod.link("eth0")).isEmpty();
    assertThat(cni.leases("ptpnet")).isEmpty();
  }
}
