package dev.netns.samples.policy;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.Netns;
import dev.netns.Reachability;
import dev.netns.ReachabilityResult;
import dev.netns.Target;
import dev.netns.TcpListener;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetnsTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes NetworkPolicy e2e grid: nine pods (x/a ... z/c), a default-deny ingress policy
 * for namespace x and a policy that allows TCP 80 into x from namespace y, written as the
 * iptables rules a policy agent would put on the node. All 81 cells are probed at once; denied
 * cells end as soon as the node's rule counted the SYN, and each names the rule.
 */
@NetnsTest
class NetworkPolicyGridTest {

  @Test
  void defaultDenyInXWithAnAllowFromY(Target target, @HostNamespace Netns node) {
    PolicyLab lab = PolicyLab.build(target, node);
    List<TcpListener> servers = new ArrayList<>();
    lab.pods.forEach((label, pod) -> servers.add(pod.listen(PolicyLab.ip(label), 80)));

    // policy agent: everything into namespace x goes through X-INGRESS; y may reach port 80; new flows from
    // anywhere else are denied
    lab.iptables("-N", "X-INGRESS");
    lab.iptables("-A", "FORWARD", "-d", PolicyLab.cidr("x"), "-j", "X-INGRESS");
    // policies are stateful: answers to connections x opened come back in
    lab.iptables("-A", "X-INGRESS", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT");
    lab.iptables("-A", "X-INGRESS", "-s", PolicyLab.cidr("y"), "-p", "tcp", "--dport", "80", "-j", "ACCEPT");
    lab.iptables("-A", "X-INGRESS", "-j", "DROP");

    Reachability grid = lab.grid(Reachability.tcp(80));
    assertThat(grid).matches("""
              x/a x/b x/c y/a y/b y/c z/a z/b z/c
          x/a  .   X   X   .   .   .   .   .   .
          x/b  X   .   X   .   .   .   .   .   .
          x/c  X   X   .   .   .   .   .   .   .
          y/a  .   .   .   .   .   .   .   .   .
          y/b  .   .   .   .   .   .   .   .   .
          y/c  .   .   .   .   .   .   .   .   .
          z/a  X   X   X   .   .   .   .   .   .
          z/b  X   X   X   .   .   .   .   .   .
          z/c  X   X   X   .   .   .   .   .   .
        """);

    ReachabilityResult observed = grid.probe();
    assertThat(observed.result("z/a", "x/a").deniedBy()).hasValueSatisfying(rule ->
        assertThat(rule).contains("chain X-INGRESS").contains("-A X-INGRESS -j DROP"));
    servers.forEach(TcpListener::close);
  }

  @Test
  void icmpIsNotAllowedByATcpPolicy(Target target, @HostNamespace Netns node) {
    PolicyLab lab = PolicyLab.build(target, node);
    lab.iptables("-N", "X-INGRESS");
    lab.iptables("-A", "FORWARD", "-d", PolicyLab.cidr("x"), "-j", "X-INGRESS");
    // policies are stateful: answers to connections x opened come back in
    lab.iptables("-A", "X-INGRESS", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT");
    lab.iptables("-A", "X-INGRESS", "-s", PolicyLab.cidr("y"), "-p", "tcp", "--dport", "80", "-j", "ACCEPT");
    lab.iptables("-A", "X-INGRESS", "-j", "DROP");

    // a ping from y is not TCP 80: the default deny takes it
    assertThat(lab.pods.get("y/a")).cannotPing(PolicyLab.ip("x/b")).canPing(PolicyLab.ip("z/b"));
    assertThat(lab.pods.get("y/a").ping(PolicyLab.ip("x/b"), java.time.Duration.ofSeconds(1)).deniedBy())
        .hasValueSatisfying(rule -> assertThat(rule).contains("-A X-INGRESS -j DROP"));
  }
}
