package dev.netns.samples.cni;

import static dev.netns.assertj.CniAssertions.assertThat;
import static dev.netns.assertj.CniAssertions.assertThatCniError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.cni.Cni;
import dev.netns.cni.CniConflist;
import dev.netns.cni.CniResult;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import org.junit.jupiter.api.Test;

/** CHECK through a {@code ptp} + {@code tuning} chain: it passes, and fails once the container's MTU drifts. */
@NetnsTest
class TuningCheckTest {

  @Test
  void checkNoticesDrift(Cni cni, @NetNamespace("pod") Netns pod) {
    CniConflist chain = cni.conflist("""
        {"cniVersion": "1.0.0", "name": "tuned", "plugins": [
          {"type": "ptp", "ipam": {"type": "host-local", "subnet": "10.50.0.0/24"}},
          {"type": "tuning", "mtu": 1300, "sysctl": {"net.core.somaxconn": "512"}}]}""");
    CniResult r = chain.add(pod, "eth0");
    assertThat(pod.link("eth0").orElseThrow().mtu()).isEqualTo(1300);
    assertThat(pod.sysctl("net.core.somaxconn")).isEqualTo("512");
    assertThat(r).passesCheck(chain, pod, "eth0");

    pod.mtu("eth0", 1400);
    assertThatCniError(() -> chain.check(pod, "eth0", r)).isFromCommand("CHECK").hasMsgContaining("MTU");
  }
}
