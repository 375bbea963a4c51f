package dev.netns.internal.spi;

import dev.netns.Netns;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the CNI harness needs of a test's target, and nothing more: which machine it is, the
 * fixture scope it is bound to, its host side, the namespaces that belong to it, and where the
 * run keeps its state. It exists so that {@code dev.netns.cni} talks to the target through this
 * package alone (docs/architecture.md): the core's scoped target implements it, and a target that
 * does not is not one junit-netns made.
 */
public interface TargetPort {

  /** For messages, e.g. {@code local kernel} or {@code kind node kind-worker (cluster kind)}. */
  String describe();

  /**
   * Whether the target is this machine's kernel, so that files on it are this JVM's files
   * (otherwise they are reached by running programs in the host side).
   */
  boolean isLocalKernel();

  /** The fixture scope the target is bound to (the test's, or the class's for a static field). */
  CleanupScope scope();

  /**
   * The host side, where plugins run: the per-test stand-in namespace on the local kernel, the
   * node's own namespace on a kind node; made on first use.
   */
  NamespacePort hostSide();

  /** {@code ns} as a namespace of this target, or empty when it is on another target (or not junit-netns's). */
  Optional<NamespacePort> resolve(Netns ns);

  /**
   * The scope a clean-up owed for a change in {@code ns} (a CNI DEL for an ADD) is registered on:
   * the one that closes first of this target's scope and the scope that made {@code ns}, so that
   * the clean-up runs while the namespace still exists.
   *
   * @param ns a namespace {@link #resolve} returned
   */
  CleanupScope cleanupScopeFor(NamespacePort ns);

  /** This JVM's run id, unique among the runs that share the {@link #stateDir()}. */
  String runId();

  /** Where runs on this machine keep their lock files and journals (e.g. {@code /run/junit-netns}). */
  Path stateDir();
}
