package dev.netns.samples.cni;

import static dev.netns.assertj.CniAssertions.assertThat;
import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.cni.Cni;
import dev.netns.cni.CniPlugin;
import dev.netns.cni.CniResult;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** IPv6-only and dual-stack host-local ranges with {@code bridge} and {@code ptp}. */
@NetnsTest
class DualStackTest {

  @Test
  void dualStackBridge(Cni cni, @NetNamespace("pod") Netns pod) {
    String conf = """
        {"cniVersion": "1.0.0", "name": "dual", "type": "bridge", "bridge": "cni0", "isGateway": true,
         "ipam": {"type": "host-local",
                  "ranges": [[{"subnet": "10.30.0.0/24"}], [{"subnet": "fd00:30::/64"}]],
                  "routes": [{"dst": "0.0.0.0/0"}, {"dst": "::/0"}]}}""";
    CniPlugin bridge = cni.plugin("bridge");
    CniResult r = bridge.add(pod, "eth0", conf);

    assertThat(r).hasIpCount(2).hasIp("10.30.0.2/24").hasIp("fd00:30::2/64")
        .hasGateway("10.30.0.1").hasGateway("fd00:30::1").hasIpOn(pod, "eth0")
        .passesCheck(bridge, pod, "eth0", conf);
    assertThat(pod).hasDefaultRouteVia("10.30.0.1").hasDefaultRouteVia("fd00:30::1")
        .canPing("10.30.0.1").canPing("fd00:30::1", Duration.ofSeconds(3));
  }

  @Test
  void ipv6OnlyPtp(Cni cni, @NetNamespace("pod") Netns pod) {
    String conf = """
        {"cniVersion": "0.4.0", "name": "v6", "type": "ptp",
         "ipam": {"type": "host-local", "subnet": "fd00:31::/64"}}""";
    CniResult r = cni.plugin("ptp").add(pod, "eth0", conf);
    assertThat(r).hasCniVersion("0.4.0").hasIp("fd00:31::2/64").hasIpOn(pod, "eth0");
    assertThat(r.ips()).allMatch(CniResult.Ip::isIpv6);
    assertThat(pod).canPing("fd00:31::1", Duration.ofSeconds(3));
  }
}
