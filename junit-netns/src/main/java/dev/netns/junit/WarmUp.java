package dev.netns.junit;

import dev.netns.internal.local.LocalBackend;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts the slow one-time work (binding libc, the ownership lock, the engine's sockets and
 * namespaces made ahead of time, the pollution check's first look at the host; the address
 * parser, the classes of the first test, AssertJ) on two background daemon threads while JUnit is
 * still discovering tests, so the first fixture does not wait for it. Nothing that
 * {@code ip netns list} or {@code ip link} shows is created (the native engine's spare namespaces
 * are unnamed and die with the JVM), so leak checks that compare the machine before and after see
 * nothing; failures are left for the real start-up to report. Started only by
 * {@link NetnsDiscoveryListener} (discovery of a named junit-netns class starts) or
 * {@link NetnsWarmUpListener} (a plan with junit-netns tests starts executing), never with
 * {@code netns.warmup.disabled}, with the run's settings, so the engine it builds is the one the
 * tests use.
 */
final class WarmUp {

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private WarmUp() {
  }

  /** Whether a warm-up was started in this JVM. */
  static boolean started() {
    return STARTED.get();
  }

  /**
   * Starts the warm-up unless the run's settings (from {@code config}: configuration parameters,
   * which fall back to system properties) disable it, or {@code hasNetnsTests} says there is no
   * junit-netns test to warm up for (asked only when it could start). A bad setting starts
   * nothing: the extension reports it where a test needs it.
   */
  static void startFor(java.util.function.Function<String, java.util.Optional<String>> config,
                       java.util.function.BooleanSupplier hasNetnsTests) {
    dev.netns.NetnsSettings settings;
    try {
      settings = dev.netns.NetnsSettings.from(key -> config.apply(key).orElse(null));
    } catch (RuntimeException e) {
      return;
    }
    if (settings.warmUpDisabled() || started() || !hasNetnsTests.getAsBoolean()) return;
    boolean hostLook;
    try {
      hostLook = dev.netns.internal.evidence.EvidenceSettings.read(config).pollution()
          != dev.netns.internal.evidence.EvidenceSettings.Pollution.OFF;
    } catch (RuntimeException e) {
      hostLook = false; // reported by the extension, where a test needs it
    }
    start(settings, hostLook);
  }

  /**
   * Starts the warm-up thread; with {@code hostLook}, it also takes the pollution check's first
   * look at the machine's namespace (read only: a few netlink dumps and, once, the packet filter
   * through {@code iptables-save}, a program start the first test would otherwise wait for).
   */
  static void start(dev.netns.NetnsSettings settings, boolean hostLook) {
    if (!STARTED.compareAndSet(false, true) || !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return;
    }
    // two threads: the kernel side (the engine, the run's lock and journal, the first look at the
    // host) and the Java side (the address parser, the first test's classes, AssertJ), which do
    // not depend on each other; while JUnit discovers tests, each has a core's worth of work
    Thread kernel = new Thread(() -> {
      try {
        // only where a test could use it; without the privileges the tests report why themselves
        if (!LocalBackend.missingPrivileges().isEmpty()) return;
        LocalBackend backend = LocalBackend.get(settings); // what the first fixture waits for
        // the first fixture's own one-time steps, so that it finds them done: the run's lock and
        // journal, and removing what dead runs left (it would otherwise wait for that)
        backend.reapOnce();
        backend.engine().warmUp();
        if (hostLook) dev.netns.internal.evidence.PollutionCheck.firstLook(backend);
      } catch (Throwable ignored) {
        // the engine's own start-up (or the failing read) reports the reason where a test needs it
      }
    }, "netns-warm-up");
    Thread java = new Thread(() -> {
      warmAddressParser();
      FirstTestClasses.load(WarmUp.class.getClassLoader());
      warmAssertions();
    }, "netns-warm-up-classes");
    for (Thread t : new Thread[] {kernel, java}) {
      t.setDaemon(true);
      t.start();
    }
  }

  /**
   * The first use of the address parser (seancfoley ipaddress: ~100 ms of class loading and set-up
   * on a small machine), so that the first test's fixture validation does not pay for it.
   */
  private static void warmAddressParser() {
    try {
      for (String cidr : new String[] {"10.0.0.1/24", "fd00::1/64"}) {
        dev.netns.internal.Addresses.requireCidr(cidr, "warm-up address");
      }
      dev.netns.internal.Addresses.requireIp("10.0.0.2", "warm-up address");
      dev.netns.internal.Addresses.requireIp("fd00::2", "warm-up address");
    } catch (Throwable ignored) {
      // the real call reports any problem
    }
  }

  /** AssertJ's entry points (a large class) with assertj-netns, when the test classpath has them. */
  private static void warmAssertions() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) cl = WarmUp.class.getClassLoader();
    try {
      Class.forName("dev.netns.assertj.NetnsAssertions", true, cl);
      Object a = Class.forName("org.assertj.core.api.Assertions", true, cl)
          .getMethod("assertThat", Object.class).invoke(null, "warm-up");
      a.getClass().getMethod("isNotNull").invoke(a);
    } catch (Throwable ignored) {
      // not on the classpath: nothing to warm
    }
  }
}
