package dev.netns.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.NetnsException;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness against Debian's real plugins in /usr/lib/cni. */
@NetnsTest
class CniRealPluginsTest {

  static String ptp(String version, String subnet) {
    return """
        {"cniVersion": "%s", "name": "ptpnet", "type": "ptp",
         "ipam": {"type": "host-local", "subnet": "%s"}}""".formatted(version, subnet);
  }

  @Test
  void ptpAddCheckDel(Cni cni, @NetNamespace("pod") Netns pod, @HostNamespace Netns host) {
    CniPlugin plugin = cni.plugin("ptp");
    assertThat(plugin.path()).isEqualTo("/usr/lib/cni/ptp");
    String conf = ptp("1.0.0", "10.1.2.0/24");
    CniResult r = plugin.add(pod, "eth0", conf);

    assertThat(r.cniVersion()).isEqualTo("1.0.0");
    assertThat(r.ips()).hasSize(1);
    CniResult.Ip ip = r.ips().get(0);
    assertThat(ip.address()).isEqualTo("10.1.2.2/24");
    assertThat(ip.gateway()).isEqualTo("10.1.2.1");
    assertThat(r.interfaceOf(ip)).get().extracting(CniResult.Interface::name).isEqualTo("eth0");
    assertThat(r.containerInterface("eth0")).get().extracting(CniResult.Interface::sandbox).isEqualTo(pod.path());
    assertThat(r.json()).contains("\"cniVersion\": \"1.0.0\"");
    assertThat(r.config()).get().asString().contains("\"dataDir\":\"" + cni.dataDir() + "\"");

    assertThat(pod.link("eth0")).get().extracting(Link::addresses).asList().contains("10.1.2.2/24");
    String hostSide = r.hostInterfaces().get(0).name();
    assertThat(host.link(hostSide)).isPresent();
    assertThat(pod.ping("10.1.2.1", Duration.ofSeconds(2)).success()).isTrue();
    assertThat(cni.leases("ptpnet")).containsExactly("10.1.2.2");

    plugin.check(pod, "eth0", conf, r);
    plugin.check(pod, "eth0", conf, null); // the cached result of the ADD

    plugin.del(pod, "eth0", conf);
    assertThat(pod.link("eth0")).isEmpty();
    assertThat(host.link(hostSide)).isEmpty();
    assertThat(cni.leases("ptpnet")).isEmpty();
    assertThat(cni.session().owed()).isZero();
  }

  @Test
  void checkFailsWhenTheContainerInterfaceIsGone(Cni cni, @NetNamespace Netns pod) {
    CniPlugin plugin = cni.plugin("ptp");
    String conf = ptp("0.4.0", "10.1.3.0/24");
    CniResult r = plugin.add(pod, "eth0", conf);
    assertThat(r.cniVersion()).isEqualTo("0.4.0");
    pod.deleteLink("eth0");
    assertThatThrownBy(() -> plugin.check(pod, "eth0", conf, r))
        .isInstanceOf(CniException.class)
        .satisfies(e -> {
          CniException c = (CniException) e;
          assertThat(c.command()).isEqualTo("CHECK");
          assertThat(c.plugin()).isEqualTo("ptp");
          assertThat(c.code()).isPositive();
          assertThat(c.getMessage()).contains("ptp CHECK").contains(c.msg());
        });
  }

  @Test
  void checkOnOldVersionsIsRefusedByThePlugin(Cni cni, @NetNamespace Netns pod) {
    CniPlugin plugin = cni.plugin("ptp");
    String conf = ptp("0.3.1", "10.1.4.0/24");
    CniResult r = plugin.add(pod, "eth0", conf);
    assertThat(r.ips()).extracting(CniResult.Ip::address).containsExactly("10.1.4.2/24");
    assertThatThrownBy(() -> plugin.check(pod, "eth0", conf, r))
        .isInstanceOfSatisfying(CniException.class, e -> assertThat(e.msg()).isEqualTo("config version does not allow CHECK"));
  }

  @Test
  void legacyResults(Cni cni, @NetNamespace Netns pod) {
    CniResult r = cni.plugin("ptp").add(pod, "eth0", ptp("0.2.0", "10.1.5.0/24"));
    assertThat(r.cniVersion()).isEqualTo("0.2.0");
    assertThat(r.ips()).extracting(CniResult.Ip::address, CniResult.Ip::gateway)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("10.1.5.2/24", "10.1.5.1"));
    assertThat(r.interfaces()).isEmpty();
  }

  @Test
  void badIpamTypeIsACniException(Cni cni, @NetNamespace Netns pod) {
    String conf = """
        {"cniVersion": "1.0.0", "name": "bad", "type": "ptp", "ipam": {"type": "no-such-ipam"}}""";
    assertThatThrownBy(() -> cni.plugin("ptp").add(pod, "eth0", conf))
        .isInstanceOfSatisfying(CniException.class, e -> {
          assertThat(e.code()).isEqualTo(999);
          assertThat(e.msg()).contains("failed to find plugin \"no-such-ipam\"");
          assertThat(e.command()).isEqualTo("ADD");
          assertThat(e.isSpecViolation()).isFalse();
          assertThat(e.getMessage()).contains("CNI plugin ptp ADD").contains("code 999").contains("no-such-ipam");
        });
    assertThat(pod.link("eth0")).isEmpty();
  }

  @Test
  void missingPluginNamesThePathsSearched(Cni cni, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path notExecutable = java.nio.file.Files.writeString(dir.resolve("plugin"), "#!/bin/sh\n");
    assertThatThrownBy(() -> cni.plugin("no-such-plugin"))
        .isInstanceOf(NetnsException.class)
        .hasMessageContaining("\"no-such-plugin\"")
        .hasMessageContaining("/opt/cni/bin")
        .hasMessageContaining("/usr/lib/cni");
    assertThatThrownBy(() -> cni.plugin("../bin/sh")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pluginAt");
    assertThatThrownBy(() -> cni.pluginAt(notExecutable)).isInstanceOf(NetnsException.class)
        .hasMessageContaining(notExecutable.toString()).hasMessageContaining("not an executable file");
    assertThatThrownBy(() -> cni.pluginAt(dir.resolve("missing"))).isInstanceOf(NetnsException.class)
        .hasMessageContaining("not an executable file");
  }

  @Test
  void configWithoutCniVersionIsRejected(Cni cni, @NetNamespace Netns pod) {
    assertThatThrownBy(() -> cni.plugin("ptp").add(pod, "eth0", "{\"name\": \"x\", \"type\": \"ptp\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cniVersion");
    assertThat(cni.session().owed()).isZero();
  }

  @Test
  void versionCommand(Cni cni) {
    CniVersionInfo v = cni.plugin("bridge").version();
    assertThat(v.supportedVersions()).contains("0.3.1", "0.4.0", "1.0.0");
    assertThat(v.supports("1.0.0")).isTrue();
  }

  @Test
  void pluginGivenByPath(Cni cni, @NetNamespace Netns pod) {
    CniPlugin lo = cni.pluginAt(java.nio.file.Path.of("/usr/lib/cni/loopback"));
    assertThat(lo.type()).isEqualTo("loopback");
    pod.down("lo");
    lo.add(pod, "lo", "{\"cniVersion\": \"1.0.0\", \"name\": \"lo\"}");
    assertThat(pod.link("lo")).get().extracting(Link::isUp).isEqualTo(true);
    lo.del(pod, "lo", "{\"cniVersion\": \"1.0.0\", \"name\": \"lo\"}");
    assertThat(pod.link("lo")).get().extracting(Link::isUp).isEqualTo(false);
  }

  @Test
  void twoContainersShareTheIpamDirectory(Cni cni, @NetNamespace("a") Netns podA, @NetNamespace("b") Netns podB) {
    CniPlugin plugin = cni.plugin("ptp");
    String conf = ptp("1.0.0", "10.1.6.0/24");
    CniResult a = plugin.add(podA, "eth0", conf);
    CniResult b = plugin.add(podB, "eth0", conf);
    assertThat(List.of(a.ips().get(0).address(), b.ips().get(0).address()))
        .containsExactly("10.1.6.2/24", "10.1.6.3/24");
    assertThat(cni.leases("ptpnet")).containsExactlyInAnyOrder("10.1.6.2", "10.1.6.3");
  }
}
