package dev.netns.samples.cni.conformance;

import dev.netns.cni.Cni;
import dev.netns.cni.CniConformance;
import dev.netns.junit.NetnsTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Debian's chained (meta) plugins, each held to the spec in a configuration list behind
 * {@code ptp}: ADD, CHECK and DEL run through the chain as libcni runs them, and the protocol
 * checks hold every plugin of the list to the rule.
 */
@NetnsTest
class ChainedPluginsConformanceTest {

  static String list(String chained) {
    return """
        {"cniVersion": "1.0.0", "name": "conformance", "plugins": [
          {"type": "ptp", "ipam": {"type": "host-local", "subnet": "10.62.0.0/24", "routes": [{"dst": "0.0.0.0/0"}]}},
          %s]}""".formatted(chained);
  }

  /** tuning (MTU and a sysctl): nothing beyond ptp's findings. */
  @Test
  void tuning(Cni cni) {
    Findings.assertFindings(CniConformance.of(cni.conflist(
        list("{\"type\": \"tuning\", \"mtu\": 1400, \"sysctl\": {\"net.ipv4.conf.eth0.arp_notify\": \"1\"}}"))).run(),
        Findings.skeletonAnd(Findings.DEL_OF_FAILED_ADD));
  }

  /**
   * portmap: CHECK after ADD fails looking for IPv6 rules of an IPv4-only container
   * (containernetworking/plugins#819, fixed after 1.1.1), and its DEL leaves the top-level
   * {@code CNI-HOSTPORT-*} chains and their jumps in the host's nat table. Two first ADDs at once
   * may race to create those chains and one fails with "File exists".
   */
  @Test
  void portmap(Cni cni) {
    Findings.assertFindings(CniConformance.of(cni.conflist(
        list("{\"type\": \"portmap\", \"capabilities\": {\"portMappings\": true}}"))
            .withCapabilityArg("portMappings", List.of(Map.of("hostPort", 8080, "containerPort", 80, "protocol", "tcp"))))
            .run(),
        Findings.skeletonAnd(Findings.DEL_OF_FAILED_ADD,
            Map.entry("CHECK right after ADD succeeds", "could not check ipv6 dnat"),
            Map.entry("nothing of the plugin remains in the host side", ":CNI-HOSTPORT-DNAT")),
        // two first ADDs at once race to create the top-level chains (iptables-nft: "File exists"):
        // seen in some runs, timing decides
        Map.of("two containers ADDed concurrently", "CHAIN_USER_ADD failed (File exists)"));
  }

  /** bandwidth (an ifb device and tbf qdiscs; this kernel has both): nothing beyond ptp's findings. */
  @Test
  void bandwidth(Cni cni) {
    Findings.assertFindings(CniConformance.of(cni.conflist(
        list("{\"type\": \"bandwidth\", \"capabilities\": {\"bandwidth\": true}}"))
            .withCapabilityArg("bandwidth", Map.of("ingressRate", 1000000, "ingressBurst", 100000,
                "egressRate", 1000000, "egressBurst", 100000))).run(),
        Findings.skeletonAnd(Findings.DEL_OF_FAILED_ADD));
  }

  /** firewall (iptables backend): its DEL leaves the {@code CNI-FORWARD} and {@code CNI-ADMIN} chains it made. */
  @Test
  void firewall(Cni cni) {
    Findings.assertFindings(CniConformance.of(cni.conflist(list("{\"type\": \"firewall\", \"backend\": \"iptables\"}"))).run(),
        Findings.skeletonAnd(Findings.DEL_OF_FAILED_ADD,
            Map.entry("nothing of the plugin remains in the host side", ":CNI-FORWARD")));
  }

  /**
   * sbr moves the container's routes into a table of their own; ptp's CHECK then fails in the chain,
   * although the spec says a plugin must allow a later chained plugin to have modified routes. sbr's
   * own DEL is not idempotent in 1.1.1 (containernetworking/plugins#892 made it ignore a missing link)
   * and fails when the netns is gone.
   */
  @Test
  void sbr(Cni cni) {
    Findings.assertFindings(CniConformance.of(cni.conflist(list("{\"type\": \"sbr\"}"))).run(),
        Findings.skeletonAnd(Findings.DEL_OF_FAILED_ADD,
            Map.entry("CHECK right after ADD succeeds", "Failed to find Gateway 10.62.0.1 for interface eth0"),
            Map.entry("DEL twice succeeds", "Failed to get link eth0: Link not found"),
            Map.entry("DEL without a prior ADD succeeds", "Failed to get link eth0: Link not found"),
            Map.entry("DEL after the container's netns was deleted", "unknown FS magic")));
  }
}
