package dev.netns.kind;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.NetnsException;
import dev.netns.Target;
import dev.netns.internal.Addresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The pods of a kind node, found the way seeds 000 and 002 find them by hand: every namespace on
 * the node that the framework did not create whose {@code eth0} is a veth with its other end in
 * the node's own namespace.
 *
 * <pre>{@code
 * @NetnsTest
 * @KindNode(node = "kind-worker")
 * class PodWiringTest {
 *   @Test void everyPodHangsOffANodeVeth(Target node) {
 *     for (Pod pod : Pods.on(node)) {
 *       assertThat(pod.nodeVeth().name()).startsWith("veth");
 *       assertThat(pod.netns().routes()).anyMatch(r -> r.isDefault());
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>On the local kernel the host side is a stand-in namespace and the machine's own namespace is
 * never handed out, so {@link #on(Target)} finds no pods there.
 */
public final class Pods {

  /** Namespaces made by junit-netns (this run or another) are never pods. */
  private static final String OUR_PREFIX = "jn-";

  private Pods() {
  }

  /** Every pod on the node, in {@code ip netns list} order (newest first). */
  public static List<Pod> on(Target node) {
    Objects.requireNonNull(node, "target");
    List<Pod> out = new ArrayList<>();
    for (Netns ns : node.namespaces()) {
      if (ns.isOwned() || ns.name().startsWith(OUR_PREFIX)) continue;
      try {
        find(ns).ifPresent(out::add);
      } catch (NetnsException e) {
        // removed between the listing and the read (someone else's namespace): not a pod any more
        if (node.namespace(ns.name()).isPresent()) throw e;
      }
    }
    return out;
  }

  /** The pod whose {@code eth0} holds {@code ip}. */
  public static Optional<Pod> withIp(Target node, String ip) {
    String wanted = Addresses.requireIp(ip, "pod IP");
    return on(node).stream()
        .filter(p -> p.eth0().addresses().stream().anyMatch(a -> dev.netns.Cidr.parse(a, "pod address").address().toString().equals(wanted)))
        .findFirst();
  }

  /**
   * The pod in that namespace.
   *
   * @throws NetnsException when the namespace has no {@code eth0} veth whose other end is in the
   *     node's own namespace (the message shows its links)
   */
  public static Pod of(Netns podNamespace) {
    Objects.requireNonNull(podNamespace, "pod namespace");
    return find(podNamespace).orElseThrow(() -> new NetnsException("namespace " + podNamespace
        + " is not wired like a kind pod: expected an eth0 veth whose other end is in the node's own namespace;"
        + " its links are " + podNamespace.links()));
  }

  private static Optional<Pod> find(Netns ns) {
    Optional<Link> eth0 = ns.link("eth0").filter(l -> "veth".equals(l.kind()));
    if (eth0.isEmpty()) return Optional.empty();
    Optional<Link> peer = eth0.get().peer();
    if (peer.isEmpty() || !peer.get().netns().name().isEmpty()) return Optional.empty();
    return Optional.of(new Pod(ns, eth0.get(), peer.get()));
  }
}
