package dev.netns.assertj;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Netns;
import dev.netns.ProbeResult;
import dev.netns.Reachability;
import dev.netns.ReachabilityResult;
import dev.netns.Target;
import dev.netns.TcpListener;
import dev.netns.UdpListener;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetnsTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Grids over a routed star: pods a, b, c each on a /24 of their own behind the host side, which
 * forwards between them and holds the filter rules.
 */
@NetnsTest
class ReachabilityTest {

  private static final List<String> PODS = List.of("a", "b", "c");

  private static Map<String, Netns> star(Target target, Netns host) {
    host.sysctl("net.ipv4.ip_forward", "1");
    Map<String, Netns> pods = new LinkedHashMap<>();
    for (int i = 0; i < PODS.size(); i++) {
      Netns pod = target.createNamespace(PODS.get(i));
      host.addVeth("h-" + PODS.get(i), pod, "eth0");
      host.addAddress("h-" + PODS.get(i), "10.9." + i + ".1/24");
      pod.addAddress("eth0", "10.9." + i + ".2/24");
      pod.addRoute("default", "10.9." + i + ".1", null);
      pods.put(PODS.get(i), pod);
    }
    return pods;
  }

  private static String ip(String pod) {
    return "10.9." + PODS.indexOf(pod) + ".2";
  }

  private static Reachability grid(Reachability g, Map<String, Netns> pods) {
    pods.forEach((label, ns) -> g.from(label, ns).to(label, ip(label)));
    return g;
  }

  private static void iptables(Netns ns, String... args) {
    List<String> argv = new ArrayList<>(List.of("iptables"));
    argv.addAll(List.of(args));
    ns.exec(argv.toArray(String[]::new)).orThrow();
  }

  @Test
  void tcpGridNamesTheRuleBehindEachDeniedCell(Target target, @HostNamespace Netns host) {
    Map<String, Netns> pods = star(target, host);
    List<TcpListener> web = new ArrayList<>();
    pods.forEach((label, ns) -> web.add(ns.listen(ip(label), 80)));
    iptables(host, "-A", "FORWARD", "-s", ip("a"), "-d", ip("c"), "-p", "tcp", "--dport", "80", "-j", "DROP");
    iptables(host, "-A", "FORWARD", "-s", ip("b"), "-d", ip("c"), "-p", "tcp", "-j", "REJECT");
    Reachability g = grid(Reachability.tcp(80).timeout(Duration.ofSeconds(2)), pods);

    ReachabilityResult r = g.probe();
    org.assertj.core.api.Assertions.assertThat(r.table()).isEqualTo(String.join(System.lineSeparator(),
        "   a  b  c", "a  .  .  X", "b  .  .  X", "c  .  X  ."));
    ProbeResult dropped = r.result("a", "c");
    org.assertj.core.api.Assertions.assertThat(dropped.deniedBy()).hasValueSatisfying(rule -> org.assertj.core.api.Assertions
        .assertThat(rule).contains(host.name()).contains("table filter, chain FORWARD")
        .contains("-A FORWARD -s 10.9.0.2/32 -d 10.9.2.2/32 -p tcp -m tcp --dport 80 -j DROP"));
    org.assertj.core.api.Assertions.assertThat(dropped.elapsed()).isLessThan(Duration.ofMillis(1000));
    org.assertj.core.api.Assertions.assertThat(r.result("b", "c").deniedBy()).hasValueSatisfying(rule ->
        org.assertj.core.api.Assertions.assertThat(rule).contains("-j REJECT"));
    // the stateless REJECT of b -> c also hits c -> b's answers (b's SYN-ACK to c): the trap of the reply direction
    org.assertj.core.api.Assertions.assertThat(r.result("c", "b").deniedBy()).hasValueSatisfying(rule ->
        org.assertj.core.api.Assertions.assertThat(rule).contains("-s 10.9.1.2/32 -d 10.9.2.2/32 -p tcp -j REJECT"));
    org.assertj.core.api.Assertions.assertThat(r.result("a", "b").deniedBy()).isEmpty();
    org.assertj.core.api.Assertions.assertThat(r.elapsed()).isLessThan(Duration.ofMillis(1500));
    System.out.println("tcp grid " + r.elapsed() + " " + r.cells());

    assertThat(g).matches("""
           a b c
         a . . X
         b . . X
         c . X .
        """);
    assertThatThrownBy(() -> assertThat(g).matches("""
           a b c
         a . . .
         b . . X
         c X X .
        """))
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("but 2 cells differ:\na -> c: expected ., observed X\nc -> a: expected X, observed .\n")
        .contains("observed (all 9 cells in ")
        .contains("   a  b  c\na  .  .  X\nb  .  .  X\nc  .  X  .")
        .contains("denied by rules:\na -> c: <host: " + host.name() + ">")
        .contains("b -> c: <host: " + host.name() + ">");
    web.forEach(TcpListener::close);
  }

  @Test
  void singleProbesEndEarlyAndNameTheRule(Target target, @HostNamespace Netns host) {
    Map<String, Netns> pods = star(target, host);
    try (TcpListener l = pods.get("b").listen(ip("b"), 80); UdpListener u = pods.get("b").listenUdp(ip("b"), 53)) {
      assertThat(pods.get("a")).canConnect(ip("b"), 80).canConnectUdp(ip("b"), 53).canPing(ip("b"));
      iptables(host, "-I", "FORWARD", "-s", ip("a"), "-j", "DROP");
      long start = System.nanoTime();
      ProbeResult r = pods.get("a").connect(ip("b"), 80, Duration.ofSeconds(3));
      org.assertj.core.api.Assertions.assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      org.assertj.core.api.Assertions.assertThat(r.deniedBy()).hasValueSatisfying(rule ->
          org.assertj.core.api.Assertions.assertThat(rule).contains("-A FORWARD -s 10.9.0.2/32 -j DROP"));
      assertThatThrownBy(() -> assertThat(pods.get("a")).canPing(ip("b")))
          .message().contains("denied by the rule:").contains("-A FORWARD -s 10.9.0.2/32 -j DROP");
      assertThatThrownBy(() -> assertThat(pods.get("a")).canConnectUdp(ip("b"), 53))
          .message().contains("denied by the rule:").contains("-A FORWARD -s 10.9.0.2/32 -j DROP");
      // b -> a is untouched: the rule matches a's packets only
      assertThat(pods.get("c")).canConnect(ip("b"), 80);
    }
    // a closed port is refused without any rule to blame, even with rules around
    ProbeResult closed = pods.get("c").connect(ip("b"), 81, Duration.ofSeconds(1));
    org.assertj.core.api.Assertions.assertThat(closed.success()).isFalse();
    org.assertj.core.api.Assertions.assertThat(closed.deniedBy()).isEmpty();
    org.assertj.core.api.Assertions.assertThat(closed.detail()).containsIgnoringCase("refused");
  }

  @Test
  void udpAndIcmpGrids(Target target, @HostNamespace Netns host) {
    Map<String, Netns> pods = star(target, host);
    List<UdpListener> dns = new ArrayList<>();
    pods.forEach((label, ns) -> dns.add(ns.listenUdp(ip(label), 53)));
    iptables(host, "-A", "FORWARD", "-d", ip("a"), "-p", "udp", "--dport", "53", "-j", "DROP");
    iptables(host, "-A", "FORWARD", "-s", ip("c"), "-d", ip("b"), "-p", "icmp", "--icmp-type", "echo-request", "-j", "DROP");
    assertThat(grid(Reachability.udp(53), pods)).matches("""
           a b c
         a . . .
         b X . .
         c X . .
        """);
    ReachabilityResult icmp = grid(Reachability.icmp().timeout(Duration.ofSeconds(3)), pods).probe();
    System.out.println("icmp grid " + icmp.elapsed() + " " + icmp.cells());
    org.assertj.core.api.Assertions.assertThat(icmp.reachable("c", "b")).isFalse();
    org.assertj.core.api.Assertions.assertThat(icmp.result("c", "b").deniedBy()).isPresent();
    org.assertj.core.api.Assertions.assertThat(icmp.reachable("b", "c")).isTrue();
    // the denied cell ends when the rule counted its echo, not after the 3 s timeout
    org.assertj.core.api.Assertions.assertThat(icmp.elapsed()).isLessThan(Duration.ofSeconds(2));
    dns.forEach(UdpListener::close);
  }

  @Test
  void badInputIsRejectedBeforeAnyProbe(@HostNamespace Netns host) {
    Reachability g = Reachability.tcp(80).from("a", host).to("a", "10.9.0.2");
    assertThatThrownBy(() -> Reachability.tcp(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 0");
    assertThatThrownBy(() -> Reachability.udp(65536)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536");
    assertThatThrownBy(() -> g.from("a", host)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"a\"");
    assertThatThrownBy(() -> g.to("b", "10.9.0")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.9.0");
    assertThatThrownBy(() -> g.to("two words", "10.9.0.3")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two words");
    assertThatThrownBy(() -> assertThat(g).matches("a\nz .")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"z\"");
    assertThatThrownBy(() -> assertThat(g).matches("a\na ?")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"?\"");
    assertThatThrownBy(() -> assertThat(g).matches("a b\na . .")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"b\"");
    assertThatThrownBy(() -> assertThat(g).matches("a\n")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("misses the row of source \"a\"");
    assertThatThrownBy(() -> new ReachabilityResultProbe(g).reachable("a", "q")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"q\"");
  }

  /** Probes once (a host-side namespace with no route: every cell fails fast) to check label lookups. */
  private record ReachabilityResultProbe(Reachability g) {
    boolean reachable(String f, String t) {
      return g.timeout(Duration.ofMillis(200)).probe().reachable(f, t);
    }
  }
}
