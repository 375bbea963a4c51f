package dev.netns.junit;

import dev.netns.target.Fixtures;
import dev.netns.target.NetnsImpl;
import dev.netns.target.Scope;
import dev.netns.target.local.LocalBackend;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts the slow one-time work (binding libc through jnr-ffi, the ownership lock, the engine's
 * sockets) on a background daemon thread while JUnit is still discovering tests, so the first
 * fixture does not wait for it. Nothing visible is created on the machine but the run's lock file
 * (the native engine's spare namespaces are unnamed and die with the JVM); failures are left for
 * the real start-up to report. Off with {@code -Dnetns.warmup.disabled=true}.
 */
final class WarmUp {

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private WarmUp() {
  }

  /**
   * One small fixture made and removed like any other (journaled, so even a kill leaves nothing
   * for long): the first real test then finds every code path loaded and warm.
   */
  private static void dryRun(LocalBackend backend) {
    Scope scope = new Scope(backend, null, "warm-up");
    try {
      List<NetnsImpl> ns = scope.createNamespaces(List.of("warmup", "warmup"));
      Fixtures.createVeth(scope, ns.get(0), "", ns.get(1), "", 0, List.of("192.0.0.1/30"), List.of("192.0.0.2/30"));
      backend.engine().ping(ns.get(0).engineName(), "192.0.0.2", java.time.Duration.ofMillis(500));
      ns.get(0).links();
    } finally {
      scope.close();
    }
  }

  static void start() {
    if (!STARTED.compareAndSet(false, true) || !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return;
    }
    Thread t = new Thread(() -> {
      try {
        // only where a test could use it; without the privileges the tests report why themselves
        if (LocalBackend.missingPrivileges().isEmpty()) dryRun(LocalBackend.get());
      } catch (Throwable ignored) {
        // the engine's own start-up reports the reason when a test needs it
      }
    }, "netns-warm-up");
    t.setDaemon(true);
    t.start();
  }
}
