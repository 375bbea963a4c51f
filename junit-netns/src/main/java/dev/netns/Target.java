package dev.netns;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a test's network lives: the local kernel, or a kind node container. Injected into a test
 * parameter or field of this type without an annotation.
 *
 * <pre>{@code
 * @Test void podNamespacesAreListed(Target node) {
 *   assertThat(node.namespaces()).extracting(Netns::name).anyMatch(n -> n.startsWith("cni-"));
 * }
 * }</pre>
 */
public interface Target {

  /**
   * A human-readable description, with how the JVM reaches the target: {@code local kernel},
   * {@code local kernel (rootless)}, or for a kind node the node and the path to its kernel,
   * {@code kind node kind-worker (cluster kind), netlink through /proc/4242} (the node's
   * namespaces entered from this JVM; Docker runs here) or
   * {@code kind node kind-worker (cluster kind), exec channel (...why...)}.
   */
  String describe();

  /**
   * Where the network lives, as failure messages name it: {@code local kernel} or {@code kind node
   * kind-worker (cluster kind)}; unlike {@link #describe()} it leaves out how the JVM reaches it
   * (rootless, the kind path), so that messages read the same in every mode.
   */
  default String location() {
    return describe();
  }

  /** The host side: the node's own namespace on a kind node, a per-test stand-in namespace on the local kernel. */
  Netns host();

  /**
   * Every namespace {@code ip netns list} shows on the target, including ones the test did not
   * create (those are never deleted by the framework).
   */
  List<Netns> namespaces();

  /** The namespace of that name on the target, if it exists (adopted, never deleted, when not ours). */
  Optional<Netns> namespace(String name);

  /**
   * A fresh namespace owned by the running test ({@code lo} up, IPv6 DAD off), or by the class when
   * called from {@code @BeforeAll}; removed with the scope's other fixtures. The way to build
   * topologies in loops:
   *
   * <pre>{@code
   * for (String pod : List.of("x-a", "x-b", "x-c")) pods.put(pod, target.createNamespace(pod));
   * }</pre>
   *
   * @param logicalName the name messages show ({@code <x-a: jn-...>}): letters, digits, '-', '_' or
   *                    '.', 1 to 32 characters, not yet used by this test
   * @throws IllegalArgumentException when the name is not allowed or already names a namespace of this test
   */
  Netns createNamespace(String logicalName);

  /**
   * Deletes, now, a namespace that the running test (or its class) created, with every interface
   * in it, instead of at the end of the test: for tests that must see what happens when a
   * namespace disappears (a container that died), or that make many short-lived namespaces.
   *
   * @throws IllegalArgumentException when the test did not create {@code namespace} (an adopted
   *     namespace, the host side, one of another target) or it was removed already
   */
  void removeNamespace(Netns namespace);

  /**
   * The namespaces of the running test: those it, its class or an enclosing class made
   * (annotations and {@link #createNamespace}), and its host side once it has one. Failure
   * messages use it to show the far side of a failed probe: the namespace that holds the address
   * probed, and the one that holds the next hop.
   */
  default List<Netns> testNamespaces() {
    return List.of(host());
  }

  /**
   * Probes every cell of {@code grid} at once, its sources being namespaces of this target: what
   * {@link Reachability#probe()} runs on its first source's target, which the result wraps. The
   * targets junit-netns injects run the cells concurrently and say, per cell, which packet-filter
   * rule dropped a probe ({@link ProbeResult#deniedBy()}).
   *
   * @return for each source label, for each destination label, what the probe saw
   * @throws UnsupportedOperationException when this target cannot run grids (one that junit-netns
   *     did not make)
   */
  default Map<String, Map<String, ProbeResult>> probeCells(Reachability grid) {
    throw new UnsupportedOperationException("reachability grids need a target that junit-netns injects, not "
        + getClass().getName());
  }
}
