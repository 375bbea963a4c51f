package dev.netns.internal.spi;

import dev.netns.ExecResult;

/**
 * A namespace of a target as a harness that runs programs against it needs it: its names and the
 * path a program is given for it, and a way to run a program inside it. It exists so that the
 * CNI harness runs plugins in the host side and hands them {@code CNI_NETNS} without depending
 * on the core's namespace implementation; the core's namespaces implement it.
 */
public interface NamespacePort {

  /** The namespace's real name on the target (empty for a machine's own namespace). */
  String name();

  /** For messages, e.g. {@code <red: jn-ab12c-red-1>}. */
  String display();

  /** The path of the namespace on the target, as a program there opens it (a plugin's {@code CNI_NETNS}). */
  String path();

  /** Runs a program inside the namespace (argv, environment, standard input, timeout as given). */
  ExecResult exec(ExecRequest request);
}
