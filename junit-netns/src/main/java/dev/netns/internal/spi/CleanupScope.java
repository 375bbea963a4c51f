package dev.netns.internal.spi;

/**
 * A fixture scope (one test, or a test class) as code outside the core sees it: something that
 * runs actions when it closes. It exists so that the CNI harness can owe a DEL, remove its IPAM
 * directory and forget its state when the test ends, without depending on the core's
 * {@code Scope} (its namespaces, journal and ownership stay the core's business).
 *
 * <p>Actions run in reverse order of registration (the last registered runs first), as the
 * core's own undo steps do; equality is identity, so a scope can key per-scope state.
 */
public interface CleanupScope {

  /** For messages and logs, e.g. the test's display name. */
  String label();

  /**
   * Runs {@code action} when this scope closes, after the actions registered later and before
   * those registered earlier. A failing action fails the scope's close (after the others ran).
   *
   * @param description what the action does, for the failure message
   */
  void onClose(String description, Runnable action);
}
