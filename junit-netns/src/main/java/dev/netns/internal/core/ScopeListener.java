package dev.netns.internal.core;

import java.util.List;

/**
 * Told what a {@link Scope} does to the target, for those that watch a test while it runs (the
 * evidence of a failed test starts its packet capture here, before the first link exists).
 * Called with the scope's lock held: keep it short and never call back into the scope.
 */
public interface ScopeListener {

  /** The scope just created these namespaces ({@code ip netns} names); nothing is in them but {@code lo}. */
  void namespacesCreated(Scope scope, List<String> names);

  /**
   * The scope is about to delete one of its namespaces before it closes ({@code
   * Target.removeNamespace}); called without the scope's lock. Whatever holds the namespace open
   * (a capture's socket) must let it go, or the kernel keeps it, and its veths, alive.
   */
  default void namespaceRemoving(Scope scope, String name) {
  }

  /** The scope was closed (its namespaces are gone) or abandoned. */
  void closed(Scope scope);
}
