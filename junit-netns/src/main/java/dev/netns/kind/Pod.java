package dev.netns.kind;

import dev.netns.Link;
import dev.netns.Netns;
import java.util.Objects;

/**
 * A pod's network as seen from its kind node: the pod's namespace (containerd names it
 * {@code cni-<uuid>}), its {@code eth0}, and the node-side end of that veth pair (kindnet's
 * {@code veth<8 hex>}, which holds the pod gateway as a {@code /32}).
 *
 * <pre>{@code
 * Pod pod = Pods.withIp(node, "10.244.1.2").orElseThrow();
 * assertThat(pod.nodeVeth().addresses()).containsExactly("10.244.1.1/32");
 * }</pre>
 *
 * <p>The links are snapshots taken when the pod was found; read them again through
 * {@link Netns#link(String)} for fresh state. The pod namespace was not created by the test and is
 * never deleted by the framework.
 *
 * @param netns    the pod's network namespace on the node
 * @param eth0     the pod's {@code eth0}
 * @param nodeVeth the other end of {@code eth0}, in the node's own namespace
 */
public record Pod(Netns netns, Link eth0, Link nodeVeth) {

  /** Checks that no part is missing. */
  public Pod {
    Objects.requireNonNull(netns, "netns");
    Objects.requireNonNull(eth0, "eth0");
    Objects.requireNonNull(nodeVeth, "nodeVeth");
  }

  /** The pod namespace's name as {@code ip netns list} shows it, e.g. {@code cni-f4fd112d-...}. */
  public String name() {
    return netns.name();
  }

  /** {@code eth0}'s first IPv4 address with its prefix, e.g. {@code 10.244.1.2/24}; the first IPv6 one when it has no IPv4. */
  public String cidr() {
    return eth0.addresses().stream().filter(a -> !a.contains(":")).findFirst()
        .or(() -> eth0.addresses().stream().filter(a -> !a.startsWith("fe80:")).findFirst())
        .orElseThrow(() -> new IllegalStateException("pod " + netns + " has no address on eth0"));
  }

  /** The pod IP without prefix, e.g. {@code 10.244.1.2}. */
  public String ip() {
    return dev.netns.Cidr.parse(cidr(), "pod address").address().toString();
  }

  /** Same pod: same namespace, and the same two interfaces (by name and index), whatever their state when read. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Pod p && p.netns.equals(netns)
        && p.eth0.name().equals(eth0.name()) && p.eth0.index() == eth0.index()
        && p.nodeVeth.name().equals(nodeVeth.name()) && p.nodeVeth.index() == nodeVeth.index();
  }

  @Override
  public int hashCode() {
    return Objects.hash(netns, eth0.index(), nodeVeth.name());
  }

  @Override
  public String toString() {
    return "pod " + netns.name() + " (eth0 " + String.join(" ", eth0.addresses()) + ", node side " + nodeVeth.name()
        + " " + String.join(" ", nodeVeth.addresses()) + ")";
  }
}
