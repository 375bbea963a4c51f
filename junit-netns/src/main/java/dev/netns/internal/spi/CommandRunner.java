package dev.netns.internal.spi;

import dev.netns.ExecResult;

/**
 * Runs a program on a target machine, in that machine's own namespace: a local process, or a
 * command sent through a kind node's long-lived exec channel. The iproute2 engine is written
 * against this interface only, so it works the same on every target.
 */
public interface CommandRunner extends AutoCloseable {

  /** Runs {@code request.argv()} and waits for it (at most {@code request.timeout()}). */
  ExecResult run(ExecRequest request);

  /** Where commands run, for messages: {@code local kernel}, {@code kind node kind-worker}. */
  String describe();

  /** Whether commands run on this machine's kernel (then a thread of this JVM may enter its namespaces). */
  default boolean isLocal() {
    return false;
  }

  @Override
  default void close() {
  }
}
