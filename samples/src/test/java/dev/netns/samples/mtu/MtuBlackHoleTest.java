package dev.netns.samples.mtu;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Netns;
import dev.netns.Target;
import dev.netns.junit.NetnsTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The classic MTU black hole: a pod behind a router whose next link is overlay-sized (1450, as a
 * VXLAN underlay leaves), and a firewall on the router that drops the ICMP "fragmentation needed"
 * it should send back. Small packets pass, full-size ones vanish, and the pod never learns why.
 */
@NetnsTest
class MtuBlackHoleTest {

  private static Netns[] path(Target target) {
    Netns pod = target.createNamespace("pod");
    Netns router = target.createNamespace("router");
    Netns server = target.createNamespace("server");
    pod.addVeth("eth0", router, "r-pod");
    router.addVeth("r-overlay", server, "eth0");
    router.mtu("r-overlay", 1450).sysctl("net.ipv4.ip_forward", "1");
    server.mtu("eth0", 1450);
    pod.addAddress("eth0", "10.70.1.2/24").addDefaultRoute("10.70.1.1");
    router.addAddress("r-pod", "10.70.1.1/24").addAddress("r-overlay", "10.70.2.1/24");
    server.addAddress("eth0", "10.70.2.2/24").addDefaultRoute("10.70.2.1");
    return new Netns[] {pod, router, server};
  }

  @Test
  void pathMtuDiscoveryWorksWhenTheIcmpErrorComesBack(Target target) {
    Netns[] p = path(target);
    assertThat(p[0]).canPing("10.70.2.2", 1422).cannotPing("10.70.2.2", 1472);
    assertThat(p[0].pathMtu("10.70.2.2")).hasValue(1450); // learned from the router's "fragmentation needed"
  }

  @Test
  void theBlackHoleIsCaughtAndExplained(Target target) {
    Netns[] p = path(target);
    // the router's firewall eats the ICMP error it generates itself (locally generated: OUTPUT)
    p[1].exec("iptables", "-A", "OUTPUT", "-p", "icmp", "--icmp-type", "fragmentation-needed", "-j", "DROP").orThrow();

    assertThat(p[0]).canPing("10.70.2.2").canPing("10.70.2.2", 1000);
    assertThatThrownBy(() -> assertThat(p[0]).withProbeTimeout(Duration.ofMillis(500)).canPing("10.70.2.2", 1472))
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("to be able to ping 10.70.2.2 with 1472 bytes of data (a 1500-byte packet)")
        .contains("path MTU toward 10.70.2.2: none learned")
        .contains("a 56-byte echo passes")
        .contains("this looks like an MTU black hole");
    assertThat(p[0].pathMtu("10.70.2.2")).isEmpty();
  }
}
