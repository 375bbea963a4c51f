package dev.netns.samples.policy;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.Netns;
import dev.netns.Reachability;
import dev.netns.ReachabilityResult;
import dev.netns.Target;
import dev.netns.TcpListener;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetnsTest;
import org.junit.jupiter.api.Test;

/**
 * A Service in front of pod x/a: kube-proxy's DNAT on the node sends ClusterIP 10.96.0.10:80 to
 * 10.60.0.2:8080, and a policy rule rejects namespace z. The filter rule matches the translated
 * address (the pod's), not the one the client dialled; the grid still names it for z's cells.
 */
@NetnsTest
class ServiceDnatTest {

  private static final String CLUSTER_IP = "10.96.0.10";

  @Test
  void serviceReachableFromYButRejectedForZ(Target target, @HostNamespace Netns node) {
    PolicyLab lab = PolicyLab.build(target, node);
    try (TcpListener backend = lab.pods.get("x/a").listen(PolicyLab.ip("x/a"), 8080)) {
      lab.iptables("-t", "nat", "-N", "KUBE-SVC-WEB");
      lab.iptables("-t", "nat", "-A", "PREROUTING", "-d", CLUSTER_IP + "/32", "-p", "tcp", "--dport", "80",
          "-j", "KUBE-SVC-WEB");
      lab.iptables("-t", "nat", "-A", "KUBE-SVC-WEB", "-p", "tcp", "-j", "DNAT",
          "--to-destination", PolicyLab.ip("x/a") + ":8080");
      lab.iptables("-A", "FORWARD", "-s", PolicyLab.cidr("z"), "-d", PolicyLab.ip("x/a"), "-p", "tcp", "--dport", "8080",
          "-j", "REJECT");

      Reachability toService = Reachability.tcp(80)
          .from("y/a", lab.pods.get("y/a")).from("y/b", lab.pods.get("y/b"))
          .from("z/a", lab.pods.get("z/a")).from("z/b", lab.pods.get("z/b"))
          .to("web", CLUSTER_IP);
      assertThat(toService).matches("""
              web
          y/a  .
          y/b  .
          z/a  X
          z/b  X
          """);
      ReachabilityResult r = toService.probe();
      assertThat(r.result("z/a", "web").deniedBy()).hasValueSatisfying(rule -> assertThat(rule)
          .contains("table filter, chain FORWARD")
          .contains("-A FORWARD -s 10.60.8.0/22 -d 10.60.0.2/32 -p tcp -m tcp --dport 8080 -j REJECT"));
      assertThat(backend.accepted()).isPositive();
    }
  }
}
