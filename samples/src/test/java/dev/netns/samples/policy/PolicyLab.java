package dev.netns.samples.policy;

import dev.netns.Netns;
import dev.netns.Reachability;
import dev.netns.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NetworkPolicy e2e lab: Kubernetes namespaces x, y, z with pods a, b, c each (nine pods,
 * labelled {@code x/a} ... {@code z/c}), every pod a network namespace with a veth to the node
 * (the test's host side), which routes between them like a CNI plugin would. Pod k of namespace
 * n gets {@code 10.60.(4n+k).2/24}, so namespace x is {@code 10.60.0.0/22}, y {@code 10.60.4.0/22},
 * z {@code 10.60.8.0/22}: a policy for a whole namespace is one iptables rule.
 */
final class PolicyLab {

  static final List<String> NAMESPACES = List.of("x", "y", "z");
  static final List<String> PODS = List.of("a", "b", "c");

  final Netns node;
  final Map<String, Netns> pods = new LinkedHashMap<>();

  private PolicyLab(Netns node) {
    this.node = node;
  }

  /** Builds the nine pods in loops (no annotation per pod). */
  static PolicyLab build(Target target, Netns node) {
    PolicyLab lab = new PolicyLab(node);
    node.sysctl("net.ipv4.ip_forward", "1");
    for (int n = 0; n < NAMESPACES.size(); n++) {
      for (int k = 0; k < PODS.size(); k++) {
        String label = NAMESPACES.get(n) + "/" + PODS.get(k);
        int subnet = 4 * n + k;
        Netns pod = target.createNamespace(NAMESPACES.get(n) + "-" + PODS.get(k));
        node.addVeth("cali" + subnet, pod, "eth0");
        node.addAddress("cali" + subnet, "10.60." + subnet + ".1/24");
        pod.addAddress("eth0", "10.60." + subnet + ".2/24");
        pod.addDefaultRoute("10.60." + subnet + ".1");
        lab.pods.put(label, pod);
      }
    }
    return lab;
  }

  /** The pod's address, e.g. {@code ip("y/b")} = {@code 10.60.5.2}. */
  static String ip(String label) {
    String[] p = label.split("/");
    return "10.60." + (4 * NAMESPACES.indexOf(p[0]) + PODS.indexOf(p[1])) + ".2";
  }

  /** A Kubernetes namespace's pod range, e.g. {@code cidr("y")} = {@code 10.60.4.0/22}. */
  static String cidr(String namespace) {
    return "10.60." + 4 * NAMESPACES.indexOf(namespace) + ".0/22";
  }

  /** Every pod to every pod. */
  Reachability grid(Reachability g) {
    pods.forEach((label, pod) -> g.from(label, pod).to(label, ip(label)));
    return g;
  }

  /** Runs {@code iptables ARGS} in the node. */
  void iptables(String... args) {
    List<String> argv = new ArrayList<>(List.of("iptables"));
    argv.addAll(List.of(args));
    node.exec(argv.toArray(String[]::new)).orThrow();
  }
}
