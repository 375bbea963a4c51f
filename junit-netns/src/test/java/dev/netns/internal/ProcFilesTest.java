package dev.netns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Both engines map sysctl keys to /proc/sys files by this one rule (sysctl(8)'s). */
class ProcFilesTest {

  @Test
  void dottedKeysBecomePathsAndASlashStandsForADotInAName() {
    assertThat(ProcFiles.sysctlRelative("net.ipv4.ip_forward")).isEqualTo("net/ipv4/ip_forward");
    assertThat(ProcFiles.sysctlRelative("net.ipv4.conf.eth0/100.forwarding")).isEqualTo("net/ipv4/conf/eth0.100/forwarding");
  }

  @Test
  void keysWrittenAsPathsStayAsTheyAre() {
    assertThat(ProcFiles.sysctlRelative("net/ipv4/conf/eth0.100/forwarding")).isEqualTo("net/ipv4/conf/eth0.100/forwarding");
    assertThat(ProcFiles.sysctlPath("net.ipv6.conf.all.accept_dad").toString()).isEqualTo("/proc/sys/net/ipv6/conf/all/accept_dad");
  }
}
