package dev.netns.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scenarios of the upstream plugins' own test suites (containernetworking/plugins: ptp_test.go,
 * bridge_test.go, macvlan_test.go, loopback_test.go, host_local_test.go), run through the harness
 * with Debian's binaries, for every spec version those binaries support.
 */
@NetnsTest
class UpstreamScenariosTest {

  static boolean hasCheck(String v) {
    return NetConf.atLeast(v, "0.4.0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0"})
  void ptpAddCheckDelWithMasqAndMtu(String ver, Cni cni, @NetNamespace("target") Netns target, @TempDir Path dataDir) {
    String conf = """
        {"cniVersion": "%s", "name": "mynet", "type": "ptp", "ipMasq": true, "mtu": 5000,
         "ipam": {"type": "host-local", "dataDir": "%s", "subnet": "10.1.2.0/24"}}""".formatted(ver, dataDir);
    CniPlugin ptp = cni.plugin("ptp").withContainerId("dummy");
    CniResult r = ptp.add(target, "ptp0", conf);
    assertThat(r.cniVersion()).isEqualTo(ver);
    assertThat(r.ipsOn("ptp0")).hasSize(1);
    if (NetConf.atLeast(ver, "0.3.0")) {
      assertThat(r.interfaces()).hasSize(2);
      assertThat(r.interfaces().get(0).name()).startsWith("veth");
      assertThat(r.interfaces().get(1).name()).isEqualTo("ptp0");
      assertThat(r.interfaces().get(1).sandbox()).isEqualTo(target.path());
      assertThat(target.link("ptp0").orElseThrow().mac()).isEqualTo(r.interfaces().get(1).mac());
    }
    assertThat(target.link("ptp0")).get().extracting(Link::mtu).isEqualTo(5000);
    CniResult.Ip ip = r.ips().get(0);
    assertThat(target.ping(ip.gateway(), Duration.ofSeconds(2)).success()).isTrue();
    assertThat(Files.exists(dataDir.resolve("mynet").resolve(ip.ip()))).isTrue();

    if (hasCheck(ver)) {
      ptp.check(target, "ptp0", conf, r);
    } else {
      assertThatThrownBy(() -> ptp.check(target, "ptp0", conf, r))
          .isInstanceOfSatisfying(CniException.class, e -> assertThat(e.msg()).isEqualTo("config version does not allow CHECK"));
    }
    ptp.del(target, "ptp0", conf);
    assertThat(target.link("ptp0")).isEmpty();
    assertThat(Files.exists(dataDir.resolve("mynet").resolve(ip.ip()))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0.0"})
  void ptpDualStackWithRoutes(String ver, Cni cni, @NetNamespace("target") Netns target) {
    String conf = """
        {"cniVersion": "%s", "name": "mynet", "type": "ptp", "ipMasq": true, "mtu": 5000,
         "ipam": {"type": "host-local",
                  "ranges": [[{"subnet": "10.1.2.0/24"}], [{"subnet": "2001:db8:1::0/66"}]],
                  "routes": [{"dst": "10.1.3.0/24"}, {"dst": "2001:db8:2::0/64"}]}}""".formatted(ver);
    CniResult r = cni.plugin("ptp").add(target, "ptp0", conf);
    assertThat(r.ipsOn("ptp0")).hasSize(2);
    for (CniResult.Ip ip : r.ips()) {
      assertThat(target.ping(ip.gateway(), Duration.ofSeconds(3)).success()).as("ping %s", ip.gateway()).isTrue();
    }
    assertThat(target.routes()).anyMatch(x -> "10.1.3.0/24".equals(x.destination()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.4.0"})
  void ptpDelWithoutAddSucceeds(String ver, Cni cni, @NetNamespace("target") Netns target) {
    cni.plugin("ptp").del(target, "ptp0", """
        {"cniVersion": "%s", "name": "mynet", "type": "ptp", "ipMasq": true, "mtu": 5000,
         "ipam": {"type": "host-local", "subnet": "10.1.2.0/24"}}""".formatted(ver));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.1.0", "0.3.1", "1.0.0"})
  void loopbackUpAndDown(String ver, Cni cni, @NetNamespace Netns ns) {
    ns.down("lo");
    String conf = "{ \"name\": \"loopback-test\", \"cniVersion\": \"%s\" }".formatted(ver);
    CniPlugin lo = cni.plugin("loopback");
    CniResult r = lo.add(ns, "lo", conf);
    assertThat(r.cniVersion()).isEqualTo(ver);
    assertThat(ns.link("lo").orElseThrow().isUp()).isTrue();
    lo.del(ns, "lo", conf);
    assertThat(ns.link("lo").orElseThrow().isUp()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.2.0", "1.0.0"})
  void bridgeWithGatewayAndCheck(String ver, Cni cni, @NetNamespace Netns target, @HostNamespace Netns host) {
    String conf = """
        {"cniVersion": "%s", "name": "testConfig", "type": "bridge", "bridge": "bridge0",
         "isDefaultGateway": true, "ipMasq": false, "hairpinMode": true,
         "ipam": {"type": "host-local", "subnet": "10.1.2.0/24"}}""".formatted(ver);
    CniPlugin bridge = cni.plugin("bridge");
    CniResult r = bridge.add(target, "eth0", conf);
    assertThat(host.link("bridge0").orElseThrow().addresses()).contains("10.1.2.1/24");
    assertThat(target.routes()).anyMatch(x -> x.isDefault() && "10.1.2.1".equals(x.gateway()));
    if (hasCheck(ver)) bridge.check(target, "eth0", conf, r);
    bridge.del(target, "eth0", conf);
    assertThat(target.link("eth0")).isEmpty();
    assertThat(host.link("bridge0")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0.0"})
  void macvlanOnHostMasterAndMtuError(String ver, Cni cni, @NetNamespace Netns target, @HostNamespace Netns host) {
    host.addVeth("mvmaster0", host, "mvpeer0");
    String conf = """
        {"cniVersion": "%s", "name": "mynet", "type": "macvlan", "master": "mvmaster0",
         "ipam": {"type": "host-local", "subnet": "10.1.2.0/24"}}""".formatted(ver);
    CniPlugin macvlan = cni.plugin("macvlan");
    CniResult r = macvlan.add(target, "macvl0", conf);
    assertThat(r.ipsOn("macvl0")).hasSize(1);
    assertThat(target.link("macvl0").orElseThrow().kind()).isEqualTo("macvlan");
    if (hasCheck(ver)) macvlan.check(target, "macvl0", conf, r);
    macvlan.del(target, "macvl0", conf);
    assertThat(target.link("macvl0")).isEmpty();

    String tooBig = conf.replace("\"master\"", "\"mtu\": 9000, \"master\"");
    assertThatThrownBy(() -> macvlan.add(target, "macvl1", tooBig))
        .isInstanceOfSatisfying(CniException.class, e -> assertThat(e.msg()).contains("MTU"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.3.1"})
  void hostLocalTwoInterfacesOneContainerAndDuplicate(String ver, Cni cni, @NetNamespace Netns ns, @TempDir Path dataDir) {
    String conf = """
        {"cniVersion": "%s", "name": "mynet", "type": "ipvlan", "master": "foo0",
         "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.1.2.0/24"}]]}}"""
        .formatted(ver, dataDir);
    // an IPAM plugin gets its parent's configuration: "type" is "ipvlan" here, as upstream
    CniPlugin hostLocal = cni.plugin("host-local").withContainerId("dummy");
    CniResult a = hostLocal.add(ns, "eth0", conf);
    CniResult b = hostLocal.add(ns, "eth1", conf);
    assertThat(a.ips().get(0).address()).isEqualTo("10.1.2.2/24");
    assertThat(b.ips().get(0).address()).isEqualTo("10.1.2.3/24");
    assertThatThrownBy(() -> hostLocal.add(ns, "eth0", conf)).isInstanceOf(CniException.class);
    hostLocal.del(ns, "eth0", conf);
    assertThat(Files.exists(dataDir.resolve("mynet/10.1.2.2"))).isFalse();
    assertThat(Files.exists(dataDir.resolve("mynet/10.1.2.3"))).isTrue();
  }
}
