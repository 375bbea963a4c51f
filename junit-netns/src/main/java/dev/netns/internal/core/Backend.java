package dev.netns.internal.core;

import dev.netns.internal.spi.Engine;
import java.util.List;
import java.util.logging.Logger;

/**
 * One target machine as the framework sees it: its engine, a key for the ownership journal, and
 * whether its host side is a stand-in namespace (local kernel) or the machine's own namespace
 * (kind node). Shared by all tests that use the same target; tests get a {@link ScopedTarget}.
 */
public abstract class Backend implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Backend.class.getName());

  private final Engine engine;
  private final String key;
  private volatile boolean reaped;

  protected Backend(Engine engine, String key) {
    this.engine = engine;
    this.key = key;
  }

  public Engine engine() {
    return engine;
  }

  /** The key under which the ownership journal records what was created on this target. */
  public String key() {
    return key;
  }

  /** e.g. {@code local kernel}, {@code kind node kind-worker (cluster kind)}. */
  public abstract String describe();

  /**
   * Where the network lives, as failure messages name it ({@code local kernel}, {@code kind node
   * kind-worker (cluster kind)}): {@link #describe()} without how this JVM reaches it (rootless,
   * the kind path), so that a message reads the same in every mode.
   */
  public String location() {
    return describe();
  }

  /**
   * Whether {@code @HostNamespace} is a per-test stand-in namespace (local kernel) rather than the
   * target's own namespace (kind node).
   */
  public abstract boolean hostIsStandIn();

  /** A hint printed with kept namespaces: how to run {@code ip} on this target. */
  public String shellPrefix() {
    return "";
  }

  /** Starts a TCP listener inside the namespace at {@code nsPath}; targets that cannot say so clearly. */
  public dev.netns.TcpListener listen(String nsPath, String ip, int port) {
    throw new UnsupportedOperationException("listen() is not available on the " + describe()
        + "; start a server inside the namespace with exec() instead");
  }

  /** Starts a UDP echo responder inside the namespace at {@code nsPath}; targets that cannot say so clearly. */
  public dev.netns.UdpListener listenUdp(String nsPath, String ip, int port) {
    throw new UnsupportedOperationException("listenUdp() is not available on the " + describe());
  }

  /**
   * A path to the namespace's file that this JVM can open and enter (setns), when the target's
   * kernel is this machine's: then probes, listeners and rule counters run in-process. Empty when
   * the target is remote. {@code ns == null} is the target's own namespace.
   */
  public java.util.Optional<String> localPathOf(String ns) {
    return java.util.Optional.empty();
  }

  /** Deletes what dead runs left on this target (once per backend). */
  public void reapOnce() {
    if (reaped) return;
    synchronized (this) {
      if (reaped) return;
      reaped = true;
      reapNow();
    }
  }

  /**
   * Deletes what runs whose JVM is gone (even after {@code kill -9}) left on this target: exactly
   * what their journals list for this target (see {@link JournalEntry}), nothing else.
   */
  public synchronized void reapNow() {
    Ownership.get().reapDeadRuns(key, left -> {
      List<String> doomed = JournalEntry.reapAll(engine, left.entries(), left.runId());
      if (!doomed.isEmpty()) {
        LOG.info("junit-netns: removed " + doomed.size() + " namespace(s) left by dead run " + left.runId()
            + " on the " + describe() + ": " + (doomed.size() <= 6 ? doomed.toString()
            : doomed.subList(0, 6) + " and " + (doomed.size() - 6) + " more"));
      }
    });
  }

  @Override
  public void close() {
    engine.close();
  }
}
