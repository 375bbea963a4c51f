package dev.netns.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netns.Netns;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the harness sends to a plugin and how it reads each kind of answer, seen through a recording fake plugin. */
@NetnsTest
class CniInvocationTest {

  static final String CONF = """
      {"cniVersion": "1.0.0", "name": "fakenet", "type": "fake",
       "ipam": {"type": "host-local", "subnet": "10.9.0.0/24"}}""";

  static JsonNode json(String s) throws Exception {
    return Json.MAPPER.readTree(s);
  }

  @Test
  void environmentAndStdinFollowTheSpec(Cni cni, @NetNamespace("pod") Netns pod, @HostNamespace Netns host,
                                        @TempDir Path dir) throws Exception {
    FakePlugin fake = FakePlugin.install(dir, "fake");
    CniPlugin plugin = cni.pluginAt(fake.path("fake"));
    CniResult r = plugin.add(pod, "eth0", CONF);

    FakePlugin.Call call = fake.last();
    assertThat(call.command()).isEqualTo("ADD");
    assertThat(call.env()).containsEntry("CNI_COMMAND", "ADD")
        .containsEntry("CNI_CONTAINERID", pod.name())
        .containsEntry("CNI_NETNS", pod.path())
        .containsEntry("CNI_IFNAME", "eth0")
        .containsEntry("CNI_ARGS", "");
    assertThat(call.env().get("CNI_PATH").split(":"))
        .startsWith(dir.toString()).contains("/opt/cni/bin", "/usr/lib/cni");
    // the plugin ran in the host side, not in the machine's own namespace
    String hostNs = host.exec("readlink", "/proc/self/ns/net").orThrow().stdout().strip();
    assertThat(call.netns()).isEqualTo(hostNs);
    assertThat(call.netns()).isNotEqualTo(java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString());
    assertThat(call.sandboxExisted()).isTrue();
    // host-local without dataDir got the per-test directory; the rest is as given
    JsonNode sent = json(call.stdin());
    assertThat(sent.at("/ipam/dataDir").asText()).isEqualTo(cni.dataDir());
    assertThat(sent.at("/ipam/subnet").asText()).isEqualTo("10.9.0.0/24");
    assertThat(r.config()).get().isEqualTo(call.stdin());

    assertThat(r.cniVersion()).isEqualTo("1.0.0");
    assertThat(r.ips()).singleElement().satisfies(ip -> {
      assertThat(ip.address()).isEqualTo("10.9.0.5/24");
      assertThat(ip.gateway()).isEqualTo("10.9.0.1");
      assertThat(ip.ip()).isEqualTo("10.9.0.5");
      assertThat(ip.prefixLength()).isEqualTo(24);
    });
    assertThat(r.containerInterface("eth0")).get().extracting(CniResult.Interface::sandbox).isEqualTo(pod.path());
    assertThat(r.hostInterfaces()).extracting(CniResult.Interface::name).containsExactly("fake-host");
    assertThat(r.routes()).containsExactly(new CniResult.Route("0.0.0.0/0", "10.9.0.1"));
    assertThat(r.dns().nameservers()).containsExactly("10.9.0.53");
    assertThat(r.plugin()).isEqualTo("fake");
  }

  @Test
  void aConfigThatNeedsNoInjectionIsSentByteForByte(Cni cni, @NetNamespace Netns pod, @TempDir Path dir) {
    FakePlugin fake = FakePlugin.install(dir, "fake");
    String conf = "{ \"cniVersion\":\"1.0.0\",  \"name\":\"n\", \"mtu\": 1.50e3,\n \"ipam\": {\"type\":\"static\"} }";
    cni.pluginAt(fake.path("fake")).add(pod, "eth0", conf);
    assertThat(fake.last().stdin()).isEqualTo(conf);
  }

  @Test
  void explicitDataDirIsKept(Cni cni, @NetNamespace Netns pod, @TempDir Path dir) throws Exception {
    FakePlugin fake = FakePlugin.install(dir, "fake");
    String conf = CONF.replace("\"subnet\"", "\"dataDir\": \"/tmp/mine\", \"subnet\"");
    cni.pluginAt(fake.path("fake")).add(pod, "eth0", conf);
    assertThat(json(fake.last().stdin()).at("/ipam/dataDir").asText()).isEqualTo("/tmp/mine");
    assertThat(fake.last().stdin()).isEqualTo(conf);
  }

  @Test
  void optionsReachThePlugin(Cni cni, @NetNamespace Netns pod, @TempDir Path dir) throws Exception {
    FakePlugin fake = FakePlugin.install(dir, "fake");
    String conf = """
        {"cniVersion": "1.0.0", "name": "capnet", "type": "fake",
         "capabilities": {"mac": true, "portMappings": true},
         "runtimeConfig": {"keep": 1}}""";
    CniPlugin plugin = cni.pluginAt(fake.path("fake"))
        .withContainerId("pod-123")
        .withArgs("IgnoreUnknown=1")
        .withArg("K8S_POD_NAME", "web")
        .withCapabilityArg("mac", "c2:11:22:33:44:55")
        .withCapabilityArgs(Map.of("portMappings", List.of(Map.of("hostPort", 8080, "containerPort", 80,
            "protocol", "tcp"))))
        .withCapabilityArg("bandwidth", Map.of("ingressRate", 1000)) // not declared: not sent
        .withEnv("EXTRA", "1");
    plugin.add(pod, "net1", conf);
    FakePlugin.Call call = fake.last();
    assertThat(call.env()).containsEntry("CNI_CONTAINERID", "pod-123")
        .containsEntry("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAME=web")
        .containsEntry("CNI_IFNAME", "net1");
    JsonNode rc = json(call.stdin()).get("runtimeConfig");
    assertThat(rc.get("mac").asText()).isEqualTo("c2:11:22:33:44:55");
    assertThat(rc.at("/portMappings/0/hostPort").asInt()).isEqualTo(8080);
    assertThat(rc.get("keep").asInt()).isEqualTo(1);
    assertThat(rc.has("bandwidth")).isFalse();
  }

  @Test
  void checkAndDelGetPrevResult(Cni cni, @NetNamespace Netns pod, @TempDir Path dir) throws Exception {
    FakePlugin fake = FakePlugin.install(dir, "fake");
    CniPlugin plugin = cni.pluginAt(fake.path("fake"));
    CniResult r = plugin.add(pod, "eth0", CONF);

    plugin.check(pod, "eth0", CONF, r);
    FakePlugin.Call check = fake.last();
    assertThat(check.command()).isEqualTo("CHECK");
    assertThat(json(check.stdin()).get("prevResult")).isEqualTo(json(r.json()));
    assertThat(json(check.stdin()).at("/ipam/dataDir").asText()).isEqualTo(cni.dataDir());

    plugin.del(pod, "eth0", CONF);
    FakePlugin.Call del = fake.last();
    assertThat(del.command()).isEqualTo("DEL");
    assertThat(json(del.stdin()).get("prevResult")).isEqualTo(json(r.json()));
    assertThat(cni.session().owed()).isZero();

    // without an ADD, CHECK needs the previous result
    assertThatThrownBy(() -> plugin.check(pod, "eth0", CONF, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prevResult");
  }

  @Test
  void pluginErrorIsTyped(Cni cni, @NetNamespace Netns pod, @TempDir Path dir) {
    FakePlugin fake = FakePlugin.install(dir, "fake");
    assertThatThrownBy(() -> cni.pluginAt(fake.path("fake")).withEnv("FAKE_MODE", "fail").add(pod, "eth0", CONF))
        .isInstanceOfSatisfying(CniException.class, e -> {
          assertThat(e.code()).isEqualTo(7);
          assertThat(e.msg()).isEqualTo("bad config");
          assertThat(e.details()).isEqualTo("field mtu");
          assertThat(e.plugin()).isEqualTo("fake");
          assertThat(e.command()).isEqualTo("ADD");
          assertThat(e.exitCode()).isEqualTo(1);
          assertThat(e.stderr()).contains("oops on stderr");
          assertThat(e.isSpecViolation()).isFalse();
          assertThat(e.getMessage()).contains("CNI plugin fake ADD", "code 7", "invalid network config", "bad config",
              "field mtu", "oops on stderr");
        });
  }

  @Test
  void specViolationsAreReportedAsSuch(Cni cni, @NetNamespace Netns pod, @TempDir Path dir) {
    FakePlugin fake = FakePlugin.install(dir, "fake");
    CniPlugin plugin = cni.pluginAt(fake.path("fake"));
    assertThatThrownBy(() -> plugin.withEnv("FAKE_MODE", "nojson").add(pod, "eth0", CONF))
        .isInstanceOfSatisfying(CniException.class, e -> {
          assertThat(e.code()).isEqualTo(CniException.INVALID_RESULT);
          assertThat(e.isSpecViolation()).isTrue();
          assertThat(e.msg()).contains("not JSON").contains("hello, not json");
          assertThat(e.getMessage()).contains("broke the CNI specification");
        });
    assertThatThrownBy(() -> plugin.withEnv("FAKE_MODE", "noversion").add(pod, "eth0", CONF))
        .isInstanceOfSatisfying(CniException.class, e -> {
          assertThat(e.code()).isEqualTo(CniException.INVALID_RESULT);
          assertThat(e.msg()).contains("no \"cniVersion\"");
        });
    assertThatThrownBy(() -> plugin.withEnv("FAKE_MODE", "wrongversion").add(pod, "eth0", CONF))
        .isInstanceOfSatisfying(CniException.class, e -> {
          assertThat(e.code()).isEqualTo(CniException.INVALID_RESULT);
          assertThat(e.msg()).contains("\"0.4.0\"").contains("\"1.0.0\"");
        });
    assertThatThrownBy(() -> plugin.withEnv("FAKE_MODE", "failnojson").add(pod, "eth0", CONF))
        .isInstanceOfSatisfying(CniException.class, e -> {
          assertThat(e.code()).isEqualTo(CniException.EXIT_WITHOUT_ERROR_RESULT);
          assertThat(e.exitCode()).isEqualTo(2);
          assertThat(e.msg()).contains("exited with status 2");
          assertThat(e.getMessage()).contains("panic: nil pointer");
        });
    assertThatThrownBy(() -> plugin.withEnv("FAKE_MODE", "errorexit0").add(pod, "eth0", CONF))
        .isInstanceOfSatisfying(CniException.class, e -> {
          assertThat(e.code()).isEqualTo(CniException.INVALID_RESULT);
          assertThat(e.msg()).contains("error result").contains("must exit non-zero");
        });
  }

  @Test
  void aHangingPluginIsKilled(Cni cni, @NetNamespace Netns pod, @TempDir Path dir) {
    FakePlugin fake = FakePlugin.install(dir, "fake");
    long start = System.nanoTime();
    assertThatThrownBy(() -> cni.pluginAt(fake.path("fake")).withEnv("FAKE_MODE", "hang")
        .withTimeout(Duration.ofMillis(700)).add(pod, "eth0", CONF))
        .isInstanceOfSatisfying(CniException.class, e -> assertThat(e.code()).isEqualTo(CniException.TIMEOUT));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void conflistRunsInOrderWithPrevResultAndDeletesInReverse(Cni cni, @NetNamespace Netns pod, @TempDir Path dir)
      throws Exception {
    FakePlugin fake = FakePlugin.install(dir, "fake-a", "fake-b");
    CniConflist chain = cni.withSearchPath(dir.toString()).conflist("""
        {"cniVersion": "1.0.0", "name": "chain",
         "plugins": [
           {"type": "fake-a", "ipam": {"type": "host-local", "subnet": "10.9.0.0/24"}},
           {"type": "fake-b", "capabilities": {"mac": true}}]}""")
        .withCapabilityArg("mac", "c2:11:22:33:44:55");
    assertThat(chain.name()).isEqualTo("chain");
    assertThat(chain.types()).containsExactly("fake-a", "fake-b");
    CniResult r = chain.add(pod, "eth0");
    List<FakePlugin.Call> calls = fake.calls();
    assertThat(calls).extracting(FakePlugin.Call::type, FakePlugin.Call::command)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("fake-a", "ADD"), org.assertj.core.groups.Tuple.tuple("fake-b", "ADD"));
    JsonNode a = json(calls.get(0).stdin());
    JsonNode b = json(calls.get(1).stdin());
    assertThat(a.get("name").asText()).isEqualTo("chain");
    assertThat(a.get("cniVersion").asText()).isEqualTo("1.0.0");
    assertThat(a.has("prevResult")).isFalse();
    assertThat(a.at("/ipam/dataDir").asText()).isEqualTo(cni.dataDir());
    assertThat(a.has("runtimeConfig")).isFalse();
    assertThat(b.at("/prevResult/interfaces/0/name").asText()).isEqualTo("fake-a-host");
    assertThat(b.at("/runtimeConfig/mac").asText()).isEqualTo("c2:11:22:33:44:55");
    assertThat(r.hostInterfaces()).extracting(CniResult.Interface::name).containsExactly("fake-b-host");
    assertThat(calls.get(0).env().get("CNI_PATH")).startsWith(dir.toString() + ":");

    chain.check(pod, "eth0", r);
    chain.del(pod, "eth0");
    calls = fake.calls();
    assertThat(calls.subList(2, calls.size())).extracting(FakePlugin.Call::type, FakePlugin.Call::command)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("fake-a", "CHECK"), org.assertj.core.groups.Tuple.tuple("fake-b", "CHECK"),
            org.assertj.core.groups.Tuple.tuple("fake-b", "DEL"), org.assertj.core.groups.Tuple.tuple("fake-a", "DEL"));
    assertThat(json(calls.get(4).stdin()).get("prevResult")).isEqualTo(json(r.json()));
    assertThat(cni.session().owed()).isZero();
  }

  @Test
  void conflistFailureStopsTheChain(Cni cni, @NetNamespace Netns pod, @TempDir Path dir) {
    FakePlugin fake = FakePlugin.install(dir, "fake-a", "fake-b");
    CniConflist chain = cni.withSearchPath(dir.toString()).conflist("""
        {"cniVersion": "1.0.0", "name": "chain", "plugins": [{"type": "fake-a"}, {"type": "fake-b"}]}""")
        .withEnv("FAKE_MODE", "fail");
    assertThatThrownBy(() -> chain.add(pod, "eth0"))
        .isInstanceOfSatisfying(CniException.class, e -> assertThat(e.plugin()).isEqualTo("fake-a"));
    assertThat(fake.calls()).hasSize(1);
  }

  @Test
  void versionUsesOnlyCniCommand(Cni cni, @TempDir Path dir) {
    FakePlugin fake = FakePlugin.install(dir, "fake");
    CniVersionInfo v = cni.pluginAt(fake.path("fake")).version();
    assertThat(v.cniVersion()).isEqualTo("1.0.0");
    assertThat(v.supportedVersions()).containsExactly("0.4.0", "1.0.0");
    assertThat(fake.last().env()).containsEntry("CNI_COMMAND", "VERSION");
    assertThat(JsonOf.version(fake.last().stdin())).isEqualTo("1.0.0");
  }

  /** Tiny helper: read cniVersion from a JSON text. */
  static final class JsonOf {
    static String version(String s) {
      try {
        return Json.MAPPER.readTree(s).get("cniVersion").asText();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }
}
