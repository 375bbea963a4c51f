package dev.netns.assertj;

import static dev.netns.assertj.CniAssertions.assertThat;
import static dev.netns.assertj.CniAssertions.assertThatCniError;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Netns;
import dev.netns.cni.Cni;
import dev.netns.cni.CniException;
import dev.netns.cni.CniPlugin;
import dev.netns.cni.CniResult;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import org.junit.jupiter.api.Test;

/** The CNI assertions pass on real state and fail with messages that show it. */
@NetnsTest
class CniAssertionsTest {

  static final String RESULT = """
      {"cniVersion": "1.0.0",
       "interfaces": [{"name": "veth1", "mac": "4a:89:50:f7:85:b6"}, {"name": "eth0", "sandbox": "/run/netns/x"}],
       "ips": [{"interface": 1, "address": "10.1.2.2/24", "gateway": "10.1.2.1"},
               {"interface": 1, "address": "fd00:1::2/64", "gateway": "fd00:1::1"}],
       "routes": [{"dst": "0.0.0.0/0"}],
       "dns": {"nameservers": ["10.1.2.53"]}}""";

  @Test
  void resultFacts() {
    CniResult r = CniResult.parse(RESULT);
    assertThat(r).hasCniVersion("1.0.0").hasIp("10.1.2.2/24").hasIp("fd00:1:0::2/64").hasIpCount(2)
        .hasGateway("10.1.2.1").hasGateway("fd00:1::1").hasInterface("veth1").hasRoute("0.0.0.0/0")
        .hasNameserver("10.1.2.53");
    assertThatThrownBy(() -> assertThat(r).hasIp("10.1.2.3/24")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("to have the IP 10.1.2.3/24").hasMessageContaining("ip         10.1.2.2/24 gw 10.1.2.1");
    assertThatThrownBy(() -> assertThat(r).hasCniVersion("0.4.0")).hasMessageContaining("has 1.0.0");
    assertThatThrownBy(() -> assertThat(r).hasGateway("10.1.2.254")).hasMessageContaining("gateway 10.1.2.254");
    assertThatThrownBy(() -> assertThat(r).hasInterface("cni0")).hasMessageContaining("cni0");
    assertThatThrownBy(() -> assertThat(r).hasRoute("10.9.0.0/16")).hasMessageContaining("route to 10.9.0.0/16");
    assertThatThrownBy(() -> assertThat(r).hasIp("10.1.2")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10.1.2");
  }

  @Test
  void kernelFacts(Cni cni, @NetNamespace("pod") Netns pod, @HostNamespace Netns host) {
    String conf = """
        {"cniVersion": "1.0.0", "name": "n", "type": "ptp", "ipam": {"type": "host-local", "subnet": "10.1.2.0/24"}}""";
    CniPlugin ptp = cni.plugin("ptp");
    CniResult r = ptp.add(pod, "eth0", conf);
    assertThat(r).hasContainerInterface(pod, "eth0").hasIpOn(pod, "eth0").hasVethPeerOnHost(pod, "eth0", host)
        .passesCheck(ptp, pod, "eth0", conf);

    assertThatThrownBy(() -> assertThat(r).hasIpOn(pod, "eth1")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("to assign an IP to eth1");
    assertThatThrownBy(() -> assertThat(r).hasVethPeerOnHost(pod, "eth0", pod)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("veth peer").hasMessageContaining("eth0");

    pod.exec("ip", "addr", "del", "10.1.2.2/24", "dev", "eth0").orThrow();
    assertThatThrownBy(() -> assertThat(r).hasIpOn(pod, "eth0")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("lacks [10.1.2.2/24]").hasMessageContaining("eth0");
    assertThatThrownBy(() -> assertThat(r).passesCheck(ptp, pod, "eth0", conf)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("CHECK of ptp").hasMessageContaining("failed");
  }

  @Test
  void errors(Cni cni, @NetNamespace("pod") Netns pod) {
    String bad = """
        {"cniVersion": "1.0.0", "name": "n", "type": "ptp", "ipam": {"type": "nope"}}""";
    assertThatCniError(() -> cni.plugin("ptp").add(pod, "eth0", bad))
        .isPluginError().isFromCommand("ADD").hasCode(999).hasMsgContaining("nope");
    assertThatThrownBy(() -> assertThatCniError(() -> cni.plugin("ptp").add(pod, "eth0", bad)).hasCode(7))
        .hasMessageContaining("code 7").hasMessageContaining("has 999");
    assertThatThrownBy(() -> assertThatCniError(() -> { }))
        .hasMessageContaining("but it succeeded");
    assertThatThrownBy(() -> assertThatCniError(() -> cni.plugin("ptp").add(pod, "eth0", "{}")))
        .hasMessageContaining("IllegalArgumentException");
    CniException violation = new CniException(CniException.INVALID_RESULT, "no JSON", "", "x", "ADD", "eth0", 0, "hi", "");
    assertThat(violation).isSpecViolation();
    assertThatThrownBy(() -> assertThat(violation).isPluginError()).hasMessageContaining("broke the specification");
  }
}
