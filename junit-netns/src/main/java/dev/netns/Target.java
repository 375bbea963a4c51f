package dev.netns;

import java.util.List;
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

  /** A human-readable description: {@code local kernel} or {@code kind node kind-worker (cluster kind)}. */
  String describe();

  /** The host side: the node's own namespace on a kind node, a per-test stand-in namespace on the local kernel. */
  Netns host();

  /**
   * Every namespace {@code ip netns list} shows on the target, including ones the test did not
   * create (those are never deleted by the framework).
   */
  List<Netns> namespaces();

  /** The namespace of that name on the target, if it exists (adopted, never deleted, when not ours). */
  Optional<Netns> namespace(String name);
}
