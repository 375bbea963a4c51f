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
   * The scope is about to delete one of its namespaces before it closes
   * ({@link dev.netns.Target#removeNamespace}): let go of it now.
   */
  default void namespaceRemoving(Scope scope, String name) {
  }

  /**
   * The scope is closing (its namespaces are deleted right after this call, so that nothing held
   * by a watcher keeps them alive) or was abandoned.
   */
  void closed(Scope scope);
}
