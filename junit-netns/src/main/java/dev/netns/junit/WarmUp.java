package dev.netns.junit;

import dev.netns.target.local.LocalBackend;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts the slow one-time work (binding libc through jnr-ffi, the ownership lock, the engine's
 * sockets) on a background daemon thread while JUnit is still discovering tests, so the first
 * fixture does not wait for it. Nothing that {@code ip netns list} or {@code ip link} shows is
 * created (the native engine's spare namespaces are unnamed and die with the JVM), so leak checks
 * that compare the machine before and after see nothing; failures are left for the real start-up
 * to report. Off with {@code -Dnetns.warmup.disabled=true}.
 */
final class WarmUp {

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private WarmUp() {
  }

  static void start() {
    if (!STARTED.compareAndSet(false, true) || !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return;
    }
    Thread t = new Thread(() -> {
      try {
        // only where a test could use it; without the privileges the tests report why themselves
        if (LocalBackend.missingPrivileges().isEmpty()) LocalBackend.get();
      } catch (Throwable ignored) {
        // the engine's own start-up reports the reason when a test needs it
      }
    }, "netns-warm-up");
    t.setDaemon(true);
    t.start();
  }
}
