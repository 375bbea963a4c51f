package dev.netns;

import java.time.Duration;
import java.util.function.Function;

/**
 * Defaults for probes and {@code eventually()}: per-attempt probe timeout 1 s, eventually
 * timeout 10 s, poll interval 100 ms. Set through JUnit configuration parameters (e.g. in
 * {@code junit-platform.properties}) or system properties of the same names:
 * {@code netns.probe.timeout}, {@code netns.eventually.timeout}, {@code netns.eventually.interval},
 * written as {@code 500ms}, {@code 2s} or ISO-8601 ({@code PT2S}); and {@code netns.engine}
 * ({@code auto}, {@code native} or {@code ip}).
 */
public final class NetnsSettings {

  public static final String PROBE_TIMEOUT = "netns.probe.timeout";
  public static final String EVENTUALLY_TIMEOUT = "netns.eventually.timeout";
  public static final String EVENTUALLY_INTERVAL = "netns.eventually.interval";
  /** Which engine talks to the local kernel: {@code auto} (default), {@code native} or {@code ip}. */
  public static final String ENGINE = "netns.engine";
  /** How a kind node's kernel is reached: {@code auto} (default), {@code native} or {@code channel}. */
  public static final String KIND_PATH = "netns.kind.path";

  private static volatile Function<String, String> source = System::getProperty;

  private NetnsSettings() {
  }

  /** Used by the extension to read JUnit configuration parameters first, then system properties. */
  public static void useSource(Function<String, String> lookup) {
    source = key -> {
      String v = lookup.apply(key);
      return v != null ? v : System.getProperty(key);
    };
  }

  /**
   * The local engine choice ({@value #ENGINE}): {@code auto} (the default) uses the native netlink
   * engine when it can start (Linux, root, libc through jnr-ffi) and iproute2 otherwise;
   * {@code native} and {@code ip} force one.
   */
  public static String engine() {
    String v = source.apply(ENGINE);
    return v == null || v.isBlank() ? "auto" : v.strip();
  }

  /**
   * The kind node path ({@value #KIND_PATH}): {@code auto} (the default) reaches the node's
   * namespaces through {@code /proc/PID} of its container when the Docker daemon runs on this
   * machine and the JVM may enter them, and the node's exec channel otherwise; {@code native}
   * insists on the former, {@code channel} on the latter. Programs always use the channel.
   *
   * @throws IllegalArgumentException for any other value, naming it
   */
  public static String kindPath() {
    String v = source.apply(KIND_PATH);
    if (v == null || v.isBlank()) return "auto";
    String s = v.strip().toLowerCase(java.util.Locale.ROOT);
    if (!s.equals("auto") && !s.equals("native") && !s.equals("channel")) {
      throw new IllegalArgumentException(KIND_PATH + " \"" + v + "\" is not valid; allowed are auto, native, channel");
    }
    return s;
  }

  public static Duration probeTimeout() {
    return duration(PROBE_TIMEOUT, Duration.ofSeconds(1));
  }

  public static Duration eventuallyTimeout() {
    return duration(EVENTUALLY_TIMEOUT, Duration.ofSeconds(10));
  }

  public static Duration eventuallyInterval() {
    return duration(EVENTUALLY_INTERVAL, Duration.ofMillis(100));
  }

  private static Duration duration(String key, Duration fallback) {
    String v = source.apply(key);
    if (v == null || v.isBlank()) return fallback;
    Duration d = parseDuration(v.strip(), key);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(key + "=" + v + " must be a positive duration such as 500ms or 2s");
    }
    return d;
  }

  /** {@code 250ms}, {@code 2s}, {@code 1m} or ISO-8601 {@code PT2S}. */
  public static Duration parseDuration(String v, String what) {
    try {
      if (v.startsWith("P") || v.startsWith("p")) return Duration.parse(v);
      if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).strip()));
      if (v.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).strip()) * 1000));
      if (v.endsWith("m")) return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).strip()) * 60);
    } catch (RuntimeException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(what + "=" + v + " is not a duration; write e.g. 500ms, 2s, 1m or PT2S");
  }
}
