package dev.netns.samples.kind;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.Netns;
import dev.netns.Reachability;
import dev.netns.ReachabilityResult;
import dev.netns.Target;
import dev.netns.TcpListener;
import dev.netns.junit.KindNode;
import dev.netns.junit.NetnsTest;
import dev.netns.kind.Pod;
import dev.netns.kind.Pods;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The grid on a kind node: kindnet's pods (adopted {@code cni-...} namespaces, never deleted)
 * and three pods the test makes in a loop, all behind the node's own namespace, which routes
 * between them. Policy rules and a kube-proxy style Service DNAT go into the node's own
 * namespace (in chains of the test's own, removed afterwards); denied cells name the node's rule.
 *
 * <p>The stand-in node image has no iptables, so the rules are written with this machine's
 * {@code iptables-legacy} entering the node's namespace through {@code /proc/PID/ns/net} (Docker
 * runs here); a real kind node has iptables and {@code node.exec("iptables", ...)} works as well.
 */
@Tag("kind")
@NetnsTest
@KindNode(cluster = "jn-kind", node = "jn-kind-worker")
class PolicyGridOnAKindNodeTest {

  private static final String CLUSTER_IP = "10.96.77.10";

  private static final Map<String, String> IPS = new java.util.concurrent.ConcurrentHashMap<>();

  private static Map<String, Netns> pods(Target node) {
    Map<String, Netns> pods = new LinkedHashMap<>();
    List<Pod> kindnet = Pods.on(node).stream().filter(p -> p.name().startsWith("cni-")).toList();
    assertThat(kindnet).as("kindnet pods on the node").hasSizeGreaterThanOrEqualTo(2);
    pods.put("kind-a", kindnet.get(0).netns());
    pods.put("kind-b", kindnet.get(1).netns());
    IPS.put("kind-a", kindnet.get(0).ip());
    IPS.put("kind-b", kindnet.get(1).ip());
    for (int k = 0; k < 3; k++) {
      Netns pod = node.createNamespace("t" + k);
      node.host().addVeth("jnt" + k, pod, "eth0");
      node.host().addAddress("jnt" + k, "10.250." + k + ".1/24");
      pod.addAddress("eth0", "10.250." + k + ".2/24");
      pod.addDefaultRoute("10.250." + k + ".1");
      pods.put("t" + k, pod);
    }
    return pods;
  }

  private static String ip(Target node, String label) {
    return switch (label) {
      case "kind-a", "kind-b" -> IPS.get(label);
      default -> "10.250." + label.substring(1) + ".2";
    };
  }

  /** iptables-legacy in the node's own namespace, run by this machine (the stand-in node has none). */
  private static void nodeIptables(String... args) throws IOException, InterruptedException {
    Process inspect = new ProcessBuilder("docker", "inspect", "-f", "{{.State.Pid}}", "jn-kind-worker").start();
    String pid = new String(inspect.getInputStream().readAllBytes()).strip();
    inspect.waitFor();
    List<String> argv = new ArrayList<>(List.of("nsenter", "--net=/proc/" + pid + "/ns/net", "iptables-legacy", "-w"));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IllegalStateException(argv + " failed: " + out);
  }

  private static void removeChains() throws IOException, InterruptedException {
    for (String[] undo : List.of(
        new String[] {"-D", "FORWARD", "-j", "JN-POLICY"}, new String[] {"-F", "JN-POLICY"}, new String[] {"-X", "JN-POLICY"},
        new String[] {"-t", "nat", "-D", "PREROUTING", "-j", "JN-SVC"}, new String[] {"-t", "nat", "-F", "JN-SVC"},
        new String[] {"-t", "nat", "-X", "JN-SVC"})) {
      try {
        nodeIptables(undo);
      } catch (IllegalStateException absent) {
        // not made (the test failed before), or gone already
      }
    }
  }

  @Test
  void gridAcrossKindnetPodsAndTestPods(Target node) throws Exception {
    Map<String, Netns> pods = pods(node);
    List<TcpListener> servers = new ArrayList<>();
    pods.forEach((label, pod) -> servers.add(pod.listen(ip(node, label), 8080)));
    try {
      nodeIptables("-N", "JN-POLICY");
      nodeIptables("-I", "FORWARD", "-j", "JN-POLICY");
      nodeIptables("-A", "JN-POLICY", "-s", "10.250.2.2/32", "-p", "tcp", "--dport", "8080", "-j", "DROP");
      nodeIptables("-A", "JN-POLICY", "-s", ip(node, "kind-b"), "-d", "10.250.1.2", "-p", "tcp", "--dport", "8080",
          "-j", "REJECT");

      Reachability grid = Reachability.tcp(8080);
      pods.forEach((label, pod) -> grid.from(label, pod).to(label, ip(node, label)));
      assertThat(grid).matches("""
                 kind-a kind-b t0 t1 t2
          kind-a   .      .    .  .  .
          kind-b   .      .    .  X  .
          t0       .      .    .  .  .
          t1       .      .    .  .  .
          t2       X      X    X  X  .
          """);
      ReachabilityResult r = grid.probe();
      assertThat(r.result("t2", "kind-a").deniedBy()).hasValueSatisfying(rule -> assertThat(rule)
          .contains("kind node jn-kind-worker").contains("chain JN-POLICY")
          .contains("-A JN-POLICY -s 10.250.2.2/32 -p tcp -m tcp --dport 8080 -j DROP"));
      assertThat(r.result("kind-b", "t1").deniedBy()).hasValueSatisfying(rule -> assertThat(rule).contains("-j REJECT"));
    } finally {
      removeChains();
      servers.forEach(TcpListener::close);
    }
  }

  @Test
  void serviceDnatInTheNode(Target node) throws Exception {
    Map<String, Netns> pods = pods(node);
    try (TcpListener backend = pods.get("t0").listen("10.250.0.2", 8080)) {
      nodeIptables("-t", "nat", "-N", "JN-SVC");
      nodeIptables("-t", "nat", "-I", "PREROUTING", "-j", "JN-SVC");
      nodeIptables("-t", "nat", "-A", "JN-SVC", "-d", CLUSTER_IP + "/32", "-p", "tcp", "--dport", "80", "-j", "DNAT",
          "--to-destination", "10.250.0.2:8080");
      nodeIptables("-N", "JN-POLICY");
      nodeIptables("-I", "FORWARD", "-j", "JN-POLICY");
      nodeIptables("-A", "JN-POLICY", "-s", ip(node, "kind-a"), "-d", "10.250.0.2/32", "-p", "tcp", "--dport", "8080",
          "-j", "REJECT");

      Reachability svc = Reachability.tcp(80)
          .from("kind-a", pods.get("kind-a")).from("kind-b", pods.get("kind-b")).from("t1", pods.get("t1"))
          .to("web", CLUSTER_IP);
      assertThat(svc).matches("""
                 web
          kind-a  X
          kind-b  .
          t1      .
          """);
      assertThat(svc.probe().result("kind-a", "web").deniedBy()).hasValueSatisfying(rule -> assertThat(rule)
          .contains("-A JN-POLICY -s " + ip(node, "kind-a") + "/32 -d 10.250.0.2/32 -p tcp -m tcp --dport 8080 -j REJECT"));
      assertThat(backend.accepted()).isPositive();
    } finally {
      removeChains();
    }
  }
}
