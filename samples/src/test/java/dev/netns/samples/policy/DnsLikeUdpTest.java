package dev.netns.samples.policy;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.Netns;
import dev.netns.Reachability;
import dev.netns.Target;
import dev.netns.UdpListener;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetnsTest;
import org.junit.jupiter.api.Test;

/**
 * A DNS-like UDP port: pod z/c answers on 53 (an echo responder), an egress policy for namespace x
 * drops its UDP 53 on the node. UDP has no handshake, so without the rule's counter a denial
 * would only show as a missing answer after the timeout; here it is named at once.
 */
@NetnsTest
class DnsLikeUdpTest {

  @Test
  void namespaceXCannotResolve(Target target, @HostNamespace Netns node) {
    PolicyLab lab = PolicyLab.build(target, node);
    String dns = PolicyLab.ip("z/c");
    try (UdpListener server = lab.pods.get("z/c").listenUdp(dns, 53)) {
      lab.iptables("-A", "FORWARD", "-s", PolicyLab.cidr("x"), "-p", "udp", "--dport", "53", "-j", "DROP");

      Reachability resolvers = Reachability.udp(53).to("dns", dns);
      lab.pods.forEach((label, pod) -> {
        if (!label.equals("z/c")) resolvers.from(label, pod);
      });
      assertThat(resolvers).matches("""
              dns
          x/a  X
          x/b  X
          x/c  X
          y/a  .
          y/b  .
          y/c  .
          z/a  .
          z/b  .
          """);
      assertThat(lab.pods.get("y/a")).canConnectUdp(dns, 53);
      assertThat(lab.pods.get("x/a")).cannotConnectUdp(dns, 53);
      // nothing listens on 54: refused by z/c's kernel, not by a rule
      assertThat(lab.pods.get("y/a").connectUdp(dns, 54, java.time.Duration.ofSeconds(1)).deniedBy()).isEmpty();
      assertThat(server.echoed()).isPositive();
    }
  }
}
