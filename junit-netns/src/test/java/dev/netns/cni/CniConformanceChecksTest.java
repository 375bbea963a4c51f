package dev.netns.cni;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.junit.NetnsTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which checks apply to which configuration version (nothing runs: the list is known before the first check). */
@NetnsTest
class CniConformanceChecksTest {

  static String conf(String version) {
    return "{\"cniVersion\": \"" + version + "\", \"name\": \"n\", \"type\": \"ptp\","
        + " \"ipam\": {\"type\": \"host-local\", \"subnet\": \"10.61.0.0/24\"}}";
  }

  @Test
  void version11AddsStatusAndGc(Cni cni) {
    List<String> checks = CniConformance.of(cni.plugin("ptp"), conf("1.1.0")).checks();
    assertThat(checks).doesNotHaveDuplicates()
        .anyMatch(c -> c.startsWith("STATUS succeeds") && c.contains("SPEC 1.1 §2 STATUS"))
        .anyMatch(c -> c.startsWith("GC releases attachments missing from cni.dev/valid-attachments"))
        .anyMatch(c -> c.startsWith("ADD result matches the 1.1.0 result schema"));
    assertThat(CniConformance.of(cni.plugin("ptp"), conf("1.0.0")).checks()).noneMatch(c -> c.startsWith("STATUS"))
        .hasSize(checks.size() - 2);
  }

  @Test
  void before040ThereIsNoCheckOfCheckAndBefore030NoInterfaces(Cni cni) {
    List<String> v031 = CniConformance.of(cni.plugin("ptp"), conf("0.3.1")).checks();
    assertThat(v031).noneMatch(c -> c.startsWith("CHECK right after ADD")).noneMatch(c -> c.startsWith("CHECK fails"))
        .anyMatch(c -> c.startsWith("CHECK is refused for a configuration before 0.4.0"))
        .anyMatch(c -> c.startsWith("ADD result lists CNI_IFNAME"));
    List<String> v020 = CniConformance.of(cni.plugin("ptp"), conf("0.2.0")).checks();
    assertThat(v020).noneMatch(c -> c.startsWith("ADD result lists CNI_IFNAME"))
        .noneMatch(c -> c.startsWith("ADD result: every ips[].interface")).hasSizeGreaterThanOrEqualTo(15);
  }

  @Test
  void theSchemaOfEachVersion() throws Exception {
    var r = Json.MAPPER.readTree("""
        {"cniVersion": "0.4.0", "interfaces": [{"name": "eth0", "sandbox": "/run/netns/x"}],
         "ips": [{"address": "10.0.0.2/24", "interface": 0}], "extra": 1}""");
    assertThat(ResultSchema.problems(r, "0.4.0")).containsExactly(
        "ips[0].version is null, but a 0.4.0 result needs \"4\" or \"6\"");
    assertThat(ResultSchema.problems(r, "1.0.0")).singleElement().asString().contains("but the result of a 1.0.0");
    assertThat(ResultSchema.unknownKeys(r, "1.0.0")).containsExactly("extra");
    var legacy = Json.MAPPER.readTree("{\"cniVersion\": \"0.2.0\", \"ip4\": {\"ip\": \"10.0.0.2\"}}");
    assertThat(ResultSchema.problems(legacy, "0.2.0")).singleElement().asString().contains("ip4.ip");
    var bad = Json.MAPPER.readTree("{\"cniVersion\": \"1.0.0\", \"ips\": [{\"address\": \"10.0.0.2/24\", \"interface\": 3}]}");
    assertThat(ResultSchema.problems(bad, "1.0.0")).singleElement().asString().contains("\"interfaces\" has 0 entries");
  }
}
