package dev.netns.cni;

import dev.netns.target.ScopedTarget;

/** Runs real CNI plugin binaries against a test's namespaces. (Being built: see issue 5.) */
public final class Cni {
  private final ScopedTarget target;

  private Cni(ScopedTarget target) {
    this.target = target;
  }

  public static Cni forTarget(ScopedTarget target) {
    return new Cni(target);
  }
}
