package dev.netns.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netns.ExecResult;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Configuration validation, result and error parsing: no kernel needed. */
class CniParsingTest {

  // results as Debian's plugins (1.1.1) print them
  static final String V100 = """
      {
          "cniVersion": "1.0.0",
          "interfaces": [
              {"name": "veth8a6cc9d7", "mac": "4a:89:50:f7:85:b6"},
              {"name": "eth0", "mac": "be:10:b6:b6:f2:7e", "sandbox": "/run/netns/pod"}
          ],
          "ips": [{"interface": 1, "address": "10.1.2.2/24", "gateway": "10.1.2.1"}],
          "dns": {}
      }""";
  static final String V040 = """
      {
          "cniVersion": "0.4.0",
          "interfaces": [
              {"name": "cnibr0", "mac": "c2:99:5a:51:01:2c"},
              {"name": "veth6834a4ed", "mac": "72:9d:b6:f6:0d:4d"},
              {"name": "eth0", "mac": "c6:6f:e0:10:ed:dc", "sandbox": "/run/netns/pod"}
          ],
          "ips": [
              {"version": "4", "interface": 2, "address": "10.1.2.5/24", "gateway": "10.1.2.1"},
              {"version": "6", "interface": 2, "address": "fd00:1::5/64", "gateway": "fd00:1::1"}
          ],
          "routes": [{"dst": "0.0.0.0/0"}],
          "dns": {"nameservers": ["10.1.2.53"], "domain": "cluster.local", "search": ["svc"], "options": ["ndots:5"]}
      }""";
  static final String V031 = V040.replace("\"0.4.0\"", "\"0.3.1\"");
  static final String V020 = """
      {
          "cniVersion": "0.2.0",
          "ip4": {"ip": "10.1.2.3/24", "gateway": "10.1.2.1", "routes": [{"dst": "0.0.0.0/0"}]},
          "ip6": {"ip": "fd00:1::3/64", "gateway": "fd00:1::1"},
          "dns": {}
      }""";

  @Test
  void parses100() {
    CniResult r = CniResult.parse(V100);
    assertThat(r.cniVersion()).isEqualTo("1.0.0");
    assertThat(r.ips()).containsExactly(new CniResult.Ip("10.1.2.2/24", "10.1.2.1", OptionalInt.of(1)));
    assertThat(r.interfaces()).containsExactly(new CniResult.Interface("veth8a6cc9d7", "4a:89:50:f7:85:b6", ""),
        new CniResult.Interface("eth0", "be:10:b6:b6:f2:7e", "/run/netns/pod"));
    assertThat(r.ipsOn("eth0")).hasSize(1);
    assertThat(r.ipsOn("eth1")).isEmpty();
    assertThat(r.routes()).isEmpty();
    assertThat(r.dns().isEmpty()).isTrue();
    assertThat(r.json()).isEqualTo(V100);
    assertThat(r.config()).isEmpty();
  }

  @Test
  void parses040And031DualStack() {
    for (String json : List.of(V040, V031)) {
      CniResult r = CniResult.parse(json);
      assertThat(r.ips()).extracting(CniResult.Ip::address).containsExactly("10.1.2.5/24", "fd00:1::5/64");
      assertThat(r.ips()).extracting(CniResult.Ip::isIpv6).containsExactly(false, true);
      assertThat(r.interfaceOf(r.ips().get(1))).get().extracting(CniResult.Interface::name).isEqualTo("eth0");
      assertThat(r.hostInterfaces()).extracting(CniResult.Interface::name).containsExactly("cnibr0", "veth6834a4ed");
      assertThat(r.routes()).containsExactly(new CniResult.Route("0.0.0.0/0", null));
      assertThat(r.dns()).isEqualTo(new CniResult.Dns(List.of("10.1.2.53"), "cluster.local", List.of("svc"), List.of("ndots:5")));
    }
  }

  @Test
  void parsesLegacyIp4Ip6() {
    CniResult r = CniResult.parse(V020);
    assertThat(r.cniVersion()).isEqualTo("0.2.0");
    assertThat(r.ips()).extracting(CniResult.Ip::address, CniResult.Ip::gateway)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("10.1.2.3/24", "10.1.2.1"),
            org.assertj.core.groups.Tuple.tuple("fd00:1::3/64", "fd00:1::1"));
    assertThat(r.ips().get(0).interfaceIndex()).isEmpty();
    assertThat(r.ipsOn("eth0")).hasSize(2);
    assertThat(r.routes()).containsExactly(new CniResult.Route("0.0.0.0/0", null));
  }

  @Test
  void badResultsAreNamed() {
    assertThatThrownBy(() -> CniResult.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> CniResult.parse("hello")).hasMessageContaining("not JSON").hasMessageContaining("hello");
    assertThatThrownBy(() -> CniResult.parse("[1]")).hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> CniResult.parse("{\"ips\": []}")).hasMessageContaining("no \"cniVersion\"");
    assertThatThrownBy(() -> CniResult.parse("{\"cniVersion\": \"1.0.0\", \"ips\": [{\"gateway\": \"10.0.0.1\"}]}"))
        .hasMessageContaining("ips[0] has no \"address\"");
    assertThatThrownBy(() -> CniResult.parse("{\"cniVersion\": \"1.0.0\", \"ips\": [{\"address\": \"10.0.0.300/24\"}]}"))
        .hasMessageContaining("ips[0] is invalid").hasMessageContaining("10.0.0.300/24");
    assertThatThrownBy(() -> CniResult.parse("{\"cniVersion\": \"1.0.0\", \"ips\": [{\"address\": \"10.0.0.2\"}]}"))
        .hasMessageContaining("no prefix length");
    assertThatThrownBy(() -> CniResult.parse("{\"cniVersion\": \"1.0.0\", \"interfaces\": [{\"name\": \"eth0\"}],"
        + " \"ips\": [{\"address\": \"10.0.0.2/24\", \"interface\": 3}]}"))
        .hasMessageContaining("ips[0].interface is 3").hasMessageContaining("1 interface(s)");
    assertThatThrownBy(() -> CniResult.parse("{\"cniVersion\": \"1.0.0\"} trailing"))
        .hasMessageContaining("not JSON");
  }

  @Test
  void configValidation() {
    assertThatThrownBy(() -> NetConf.parsePlugin("{\"name\": \"x\", \"type\": \"ptp\"}", "conf"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no \"cniVersion\"");
    assertThatThrownBy(() -> NetConf.parsePlugin("{\"cniVersion\": 1.0, \"type\": \"ptp\"}", "conf"))
        .hasMessageContaining("\"cniVersion\" is 1.0").hasMessageContaining("\"1.0.0\"");
    assertThatThrownBy(() -> NetConf.parsePlugin("{\"cniVersion\": \"1.0\"}", "conf"))
        .hasMessageContaining("\"1.0\"");
    assertThatThrownBy(() -> NetConf.parsePlugin("{\"cniVersion\": ", "conf")).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> NetConf.parsePlugin("[]", "conf")).hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> NetConf.parsePlugin("", "conf")).hasMessageContaining("empty");
    assertThatThrownBy(() -> NetConf.parseList("{\"cniVersion\": \"1.0.0\", \"plugins\": [{\"type\": \"a\"}]}"))
        .hasMessageContaining("no \"name\"");
    assertThatThrownBy(() -> NetConf.parseList("{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"type\": \"bridge\"}"))
        .hasMessageContaining("\"plugins\"").hasMessageContaining("cni.plugin(type)");
    assertThatThrownBy(() -> NetConf.parseList("{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"plugins\": [{\"mtu\": 1}]}"))
        .hasMessageContaining("plugins[0] has no \"type\"");
    assertThatThrownBy(() -> NetConf.parseList("{\"name\": \"n\", \"plugins\": [{\"type\": \"a\"}]}"))
        .hasMessageContaining("cniVersion");
  }

  @Test
  void injections() {
    ObjectNode c = NetConf.parsePlugin("""
        {"cniVersion": "1.0.0", "capabilities": {"portMappings": true, "mac": false},
         "ipam": {"type": "host-local", "subnet": "10.0.0.0/24"}}""", "conf");
    assertThat(NetConf.injectDataDir(c, () -> "/run/x")).isTrue();
    assertThat(c.at("/ipam/dataDir").asText()).isEqualTo("/run/x");
    assertThat(NetConf.injectDataDir(c, () -> "/run/y")).isFalse();
    assertThat(NetConf.injectRuntimeConfig(c, Map.of("mac", "x", "ips", List.of("10.0.0.9/24")))).isFalse();
    assertThat(NetConf.injectRuntimeConfig(c, Map.of("portMappings", List.of()))).isTrue();
    assertThat(c.at("/runtimeConfig/portMappings").isArray()).isTrue();
    ObjectNode other = NetConf.parsePlugin("{\"cniVersion\": \"1.0.0\", \"ipam\": {\"type\": \"static\"}}", "conf");
    assertThat(NetConf.injectDataDir(other, () -> "/run/x")).isFalse();
    assertThat(NetConf.atLeast("0.4.0", "0.4.0")).isTrue();
    assertThat(NetConf.atLeast("1.0.0", "0.4.0")).isTrue();
    assertThat(NetConf.atLeast("0.3.1", "0.4.0")).isFalse();
    assertThat(NetConf.atLeast("0.10.0", "0.4.0")).isTrue();
  }

  @Test
  void errorsAndViolationsFromExitStatusAndOutput() {
    CniException e = Results.failure(new ExecResult(1, "{\"code\": 4, \"msg\": \"required env variables [CNI_NETNS] missing\"}", ""),
        "ptp", "ADD", "eth0");
    assertThat(e.code()).isEqualTo(4);
    assertThat(e.msg()).isEqualTo("required env variables [CNI_NETNS] missing");
    assertThat(e.details()).isEmpty();
    assertThat(e.getMessage()).contains("ptp ADD", "CNI_IFNAME=eth0", "code 4", "invalid necessary environment variables");

    CniException none = Results.failure(new ExecResult(1, "", "boom"), "ptp", "DEL", "eth0");
    assertThat(none.code()).isEqualTo(CniException.EXIT_WITHOUT_ERROR_RESULT);
    assertThat(none.msg()).contains("printed nothing");
    assertThat(none.getMessage()).contains("boom");

    CniException timeout = Results.failure(new ExecResult(-1, "", "\n(killed: timed out after 10 ms)"), "ptp", "ADD", "eth0");
    assertThat(timeout.code()).isEqualTo(CniException.TIMEOUT);

    assertThatThrownBy(() -> Results.addResult(new ExecResult(0, V040, ""), "bridge", "eth0", "1.0.0", "{}"))
        .isInstanceOfSatisfying(CniException.class, x -> assertThat(x.code()).isEqualTo(CniException.INVALID_RESULT));
    assertThat(Results.addResult(new ExecResult(0, V040, "log"), "bridge", "eth0", "0.4.0", "{}").stderr()).isEqualTo("log");

    assertThatThrownBy(() -> Results.versionInfo(new ExecResult(0, "{\"cniVersion\": \"1.0.0\"}", ""), "x"))
        .isInstanceOfSatisfying(CniException.class, x -> assertThat(x.msg()).contains("supportedVersions"));
    assertThat(CniException.describeCode(999)).isEqualTo("plugin-specific error");
  }

  @Test
  void optionValidation() {
    Options o = Options.DEFAULT;
    assertThatThrownBy(() -> o.withArgs("K8S_POD_NAME")).hasMessageContaining("K8S_POD_NAME").hasMessageContaining("KEY=VALUE");
    assertThatThrownBy(() -> o.withArgs("A=1;;B=2")).hasMessageContaining("\"\"");
    assertThat(o.withArgs("A=1").withArg("B", "2").args()).isEqualTo("A=1;B=2");
    assertThatThrownBy(() -> o.withArg("A;B", "1")).hasMessageContaining("A;B=1");
    assertThatThrownBy(() -> o.withContainerId("")).hasMessageContaining("non-empty");
    assertThatThrownBy(() -> o.withTimeout(java.time.Duration.ZERO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> o.withEnv("A=B", "1")).hasMessageContaining("A=B");
    assertThatThrownBy(() -> o.withCapabilityArg(" ", 1)).hasMessageContaining("portMappings");
  }
}
