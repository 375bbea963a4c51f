package dev.netns.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Netns;
import dev.netns.SysctlKey;
import dev.netns.internal.local.LocalBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code Netns.sysctl} with a key that leaves /proc/sys is refused on every engine, naming the
 * key, before anything is read or written (the iproute2 engine once wrote {@code /tmp/x} as root).
 */
class SysctlEscapeTest {

  @ParameterizedTest(name = "engine {0}")
  @ValueSource(strings = {"ip", "native"})
  void aKeyLeavingProcSysIsRefusedAndNothingIsWritten(String engine) throws Exception {
    Path victim = Path.of("/tmp", "junit-netns-escape-" + engine + "-" + ProcessHandle.current().pid());
    Files.deleteIfExists(victim);
    try (Scope scope = new Scope(LocalBackend.get(engine), null, "sysctl-escape")) {
      Netns ns = scope.createNamespaces(List.of("esc")).get(0);
      for (String key : List.of("net/../../../../tmp/" + victim.getFileName(), victim.toString(),
          "net//ipv4/ip_forward", "net.ipv4.ip_forward.")) {
        assertThatThrownBy(() -> ns.sysctl(key, "pwned")).as(key)
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"" + key + "\"");
        assertThatThrownBy(() -> ns.sysctl(key)).as(key)
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"" + key + "\"");
      }
      assertThat(victim).doesNotExist();
      assertThat(ns.sysctl("net.ipv4.ip_forward", "1").sysctl("net/ipv4/ip_forward")).isEqualTo("1");
    } finally {
      Files.deleteIfExists(victim);
    }
  }

  @Test
  void theRuleKeepsPlainNamesAndSysctlsSlashForDot() {
    assertThat(SysctlKey.of("net.ipv4.conf.eth0/100.forwarding").path())
        .isEqualTo("/proc/sys/net/ipv4/conf/eth0.100/forwarding");
    assertThat(SysctlKey.of("net/ipv4/conf/eth0.100/forwarding").relativePath())
        .isEqualTo("net/ipv4/conf/eth0.100/forwarding");
    assertThat(SysctlKey.of("net.ipv6.conf.veth-a@1.disable_ipv6").relativePath())
        .isEqualTo("net/ipv6/conf/veth-a@1/disable_ipv6");
    for (String bad : new String[] {"", "net/../x", "/proc/sys/net/ipv4/ip_forward", "net.ipv4.ip forward",
        "net/ipv4/\0x", "../x"}) {
      assertThatThrownBy(() -> SysctlKey.of(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"" + bad + "\"").hasMessageContaining("/proc/sys");
    }
  }
}
