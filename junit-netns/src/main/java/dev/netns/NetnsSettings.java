package dev.netns;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings of one junit-netns run: an immutable value parsed once from a lookup (the
 * extension builds it from JUnit configuration parameters, which fall back to system properties,
 * keeps it in the root store and hands it down). Defaults: per-attempt probe timeout 1 s,
 * eventually timeout 10 s, poll interval 100 ms, engine {@code auto}, cleanup {@code always}.
 * Durations are written as {@code 500ms}, {@code 2s}, {@code 1m} or ISO-8601 ({@code PT2S}).
 *
 * <pre>{@code
 * # src/test/resources/junit-platform.properties
 * netns.engine=ip
 * netns.probe.timeout=500ms
 * }</pre>
 *
 * <p>A bad value is an {@link IllegalArgumentException} naming the key, the value and what is
 * allowed, raised when the settings are built (before any fixture is made).
 *
 * <p>A few settings configure what exists once per JVM: the run's ownership journal
 * ({@value #STATE_DIR}), the local backend of each engine choice and its engine
 * ({@value #NATIVE_PREPARED}), and the connection to Docker ({@value #DOCKER_HOST}). Those take
 * their values from the settings of their first use (in a test run: the run's settings, since the
 * warm-up and the first fixture both build them from the same configuration); later settings do
 * not change them. {@value #KIND_CHANNELS} and {@value #KIND_TRACE} apply to each kind node
 * connection, made per test class. There is no mutable
 * global: the static {@link #probeTimeout()}, {@link #eventuallyTimeout()},
 * {@link #eventuallyInterval()} and {@link #engine()} read system properties only, for code that
 * runs outside the extension.
 */
public final class NetnsSettings {

  public static final String PROBE_TIMEOUT = "netns.probe.timeout";
  public static final String EVENTUALLY_TIMEOUT = "netns.eventually.timeout";
  public static final String EVENTUALLY_INTERVAL = "netns.eventually.interval";
  /** Which engine talks to the local kernel: {@code auto} (default), {@code native} or {@code ip}. */
  public static final String ENGINE = "netns.engine";
  /** When fixtures are removed: {@code always} (default), {@code on-success}, {@code never}. */
  public static final String CLEANUP = "netns.cleanup";
  /** {@code true}: skip (rather than fail) tests when this JVM may not create namespaces. */
  public static final String DISABLED_WITHOUT_PRIVILEGES = "netns.disabledWithoutPrivileges";
  /** {@code true}: skip (rather than fail) {@code @KindNode} tests when the node is not there. */
  public static final String KIND_DISABLED_WITHOUT_NODE = "netns.kind.disabledWithoutNode";
  /** {@code true}: no background warm-up before the first test. */
  public static final String WARMUP_DISABLED = "netns.warmup.disabled";
  /** How a kind node's kernel is reached: {@code auto} (default), {@code native} or {@code channel}. */
  public static final String KIND_PATH = "netns.kind.path";
  /**
   * How many namespaces the native engine keeps made ahead of time, unnamed, so that creating one
   * costs a bind mount: {@code 0} to {@value #MAX_PREPARED} (default 4, {@code 0}: none).
   */
  public static final String NATIVE_PREPARED = "netns.native.prepared";
  /** How many exec sessions a kind node connection opens at most for concurrent programs: 1 to {@value #MAX_CHANNELS} (default 4). */
  public static final String KIND_CHANNELS = "netns.kind.channels";
  /** {@code true}: print every program run in a kind node, with its time, to standard error. */
  public static final String KIND_TRACE = "netns.kind.trace";
  /**
   * The Docker daemon the kind target talks to, e.g. {@code unix:///var/run/docker.sock} or
   * {@code tcp://127.0.0.1:2375}; unset: {@code DOCKER_HOST}, then Testcontainers' discovery.
   */
  public static final String DOCKER_HOST = "netns.docker.host";
  /** Where runs keep their lock files, journals and CNI IPAM directories: an absolute path (default {@code /run/junit-netns}). */
  public static final String STATE_DIR = "netns.state.dir";

  /** The most namespaces {@value #NATIVE_PREPARED} may ask for. */
  public static final int MAX_PREPARED = 64;
  /** The most sessions {@value #KIND_CHANNELS} may ask for. */
  public static final int MAX_CHANNELS = 64;

  private static final Duration DEFAULT_PROBE = Duration.ofSeconds(1);
  private static final Duration DEFAULT_EVENTUALLY = Duration.ofSeconds(10);
  private static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
  private static final Path DEFAULT_STATE_DIR = Path.of("/run/junit-netns");

  private final String engineChoice;
  private final Duration probe;
  private final Duration eventually;
  private final Duration interval;
  private final String cleanup;
  private final boolean disabledWithoutPrivileges;
  private final boolean kindDisabledWithoutNode;
  private final boolean warmUpDisabled;
  private final String kindPath;
  private final int nativePrepared;
  private final int kindChannels;
  private final boolean kindTrace;
  private final String dockerHost;
  private final Path stateDir;

  private NetnsSettings(Function<String, String> lookup) {
    this.engineChoice = choice(lookup, ENGINE, "auto", "auto", "native", "ip");
    this.probe = duration(lookup, PROBE_TIMEOUT, DEFAULT_PROBE);
    this.eventually = duration(lookup, EVENTUALLY_TIMEOUT, DEFAULT_EVENTUALLY);
    this.interval = duration(lookup, EVENTUALLY_INTERVAL, DEFAULT_INTERVAL);
    String c = lookup.apply(CLEANUP);
    this.cleanup = c == null || c.isBlank() ? "default" : c.strip(); // checked by the extension, which owns the modes
    this.disabledWithoutPrivileges = flag(lookup, DISABLED_WITHOUT_PRIVILEGES);
    this.kindDisabledWithoutNode = flag(lookup, KIND_DISABLED_WITHOUT_NODE);
    this.warmUpDisabled = flag(lookup, WARMUP_DISABLED);
    this.kindPath = choice(lookup, KIND_PATH, "auto", "auto", "native", "channel");
    this.nativePrepared = count(lookup, NATIVE_PREPARED, 4, 0, MAX_PREPARED);
    this.kindChannels = count(lookup, KIND_CHANNELS, 4, 1, MAX_CHANNELS);
    this.kindTrace = flag(lookup, KIND_TRACE);
    this.dockerHost = dockerHost(lookup);
    this.stateDir = stateDir(lookup);
  }

  /**
   * Parses every setting from {@code lookup} (a key to its value, or null when unset).
   *
   * @throws IllegalArgumentException naming the first bad key and value
   */
  public static NetnsSettings from(Function<String, String> lookup) {
    return new NetnsSettings(Objects.requireNonNull(lookup, "lookup"));
  }

  /** The settings that system properties alone give (for code that runs outside the extension). */
  public static NetnsSettings fromSystemProperties() {
    return from(System::getProperty);
  }

  /** {@value #ENGINE}: {@code auto}, {@code native} or {@code ip}. */
  public String engineChoice() {
    return engineChoice;
  }

  /** {@value #PROBE_TIMEOUT}: how long one probe attempt waits. */
  public Duration probe() {
    return probe;
  }

  /** {@value #EVENTUALLY_TIMEOUT}: how long {@code eventually()} retries. */
  public Duration eventually() {
    return eventually;
  }

  /** {@value #EVENTUALLY_INTERVAL}: how often {@code eventually()} polls. */
  public Duration interval() {
    return interval;
  }

  /** {@value #CLEANUP} as written ({@code default} when unset). */
  public String cleanup() {
    return cleanup;
  }

  /** {@value #DISABLED_WITHOUT_PRIVILEGES}. */
  public boolean disabledWithoutPrivileges() {
    return disabledWithoutPrivileges;
  }

  /** {@value #KIND_DISABLED_WITHOUT_NODE}. */
  public boolean kindDisabledWithoutNode() {
    return kindDisabledWithoutNode;
  }

  /** {@value #WARMUP_DISABLED}. */
  public boolean warmUpDisabled() {
    return warmUpDisabled;
  }

  /**
   * {@value #KIND_PATH}: {@code auto} (the default) reaches a kind node's namespaces through
   * {@code /proc/PID} of its container when the Docker daemon runs on this machine and the JVM may
   * enter them, and through the node's exec channel otherwise; {@code native} insists on the
   * former, {@code channel} on the latter. Programs always use the channel.
   */
  public String kindPath() {
    return kindPath;
  }

  /** {@value #NATIVE_PREPARED}: namespaces the native engine keeps made ahead of time (0: none). */
  public int nativePrepared() {
    return nativePrepared;
  }

  /** {@value #KIND_CHANNELS}: exec sessions a kind node connection opens at most. */
  public int kindChannels() {
    return kindChannels;
  }

  /** {@value #KIND_TRACE}: whether programs run in kind nodes are printed with their times. */
  public boolean kindTrace() {
    return kindTrace;
  }

  /** {@value #DOCKER_HOST}, or empty when unset (then {@code DOCKER_HOST} and discovery decide). */
  public Optional<String> dockerHost() {
    return Optional.ofNullable(dockerHost);
  }

  /** {@value #STATE_DIR}: where runs keep their lock files and journals, normalised. */
  public Path stateDir() {
    return stateDir;
  }

  /** {@value #KIND_PATH} from the system property alone (for code that runs outside the extension). */
  public static String kindPathProperty() {
    return fromSystemProperties().kindPath();
  }

  /**
   * The local engine choice from the system property {@value #ENGINE}: {@code auto} (the default)
   * uses the native netlink engine when it can start (Linux, root, libc through jnr-ffi) and
   * iproute2 otherwise; {@code native} and {@code ip} force one.
   */
  public static String engine() {
    return fromSystemProperties().engineChoice();
  }

  /** The system property {@value #PROBE_TIMEOUT}, default 1 s. */
  public static Duration probeTimeout() {
    return duration(System::getProperty, PROBE_TIMEOUT, DEFAULT_PROBE);
  }

  /** The system property {@value #EVENTUALLY_TIMEOUT}, default 10 s. */
  public static Duration eventuallyTimeout() {
    return duration(System::getProperty, EVENTUALLY_TIMEOUT, DEFAULT_EVENTUALLY);
  }

  /** The system property {@value #EVENTUALLY_INTERVAL}, default 100 ms. */
  public static Duration eventuallyInterval() {
    return duration(System::getProperty, EVENTUALLY_INTERVAL, DEFAULT_INTERVAL);
  }

  private static String choice(Function<String, String> lookup, String key, String fallback, String... allowed) {
    String v = lookup.apply(key);
    if (v == null || v.isBlank()) return fallback;
    String s = v.strip().toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(s)) return s;
    }
    throw new IllegalArgumentException(key + "=" + v + " is not valid; allowed are " + String.join(", ", allowed));
  }

  private static int count(Function<String, String> lookup, String key, int fallback, int min, int max) {
    String v = lookup.apply(key);
    if (v == null || v.isBlank()) return fallback;
    int n;
    try {
      n = Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      n = Integer.MIN_VALUE;
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(key + "=" + v + " is not valid; allowed is a whole number from " + min + " to " + max);
    }
    return n;
  }

  private static String dockerHost(Function<String, String> lookup) {
    String v = lookup.apply(DOCKER_HOST);
    if (v == null || v.isBlank()) return null;
    String s = v.strip();
    String scheme = null;
    try {
      scheme = java.net.URI.create(s).getScheme();
    } catch (IllegalArgumentException e) {
      // reported below
    }
    if (scheme == null || !(scheme.equals("unix") || scheme.equals("tcp") || scheme.equals("npipe"))) {
      throw new IllegalArgumentException(DOCKER_HOST + "=" + v + " is not valid; allowed is a Docker address with"
          + " scheme unix, tcp or npipe, e.g. unix:///var/run/docker.sock or tcp://127.0.0.1:2375");
    }
    return s;
  }

  private static Path stateDir(Function<String, String> lookup) {
    String v = lookup.apply(STATE_DIR);
    if (v == null || v.isBlank()) return DEFAULT_STATE_DIR;
    Path p = null;
    try {
      p = Path.of(v.strip());
    } catch (InvalidPathException e) {
      // reported below
    }
    if (p == null || !p.isAbsolute()) {
      throw new IllegalArgumentException(STATE_DIR + "=" + v + " is not valid; allowed is an absolute directory path,"
          + " e.g. /run/junit-netns (the default) or /tmp/junit-netns-state");
    }
    return p.normalize();
  }

  private static boolean flag(Function<String, String> lookup, String key) {
    String v = lookup.apply(key);
    if (v == null || v.isBlank()) return false;
    String s = v.strip().toLowerCase(Locale.ROOT);
    if (s.equals("true")) return true;
    if (s.equals("false")) return false;
    throw new IllegalArgumentException(key + "=" + v + " is not valid; allowed are true and false");
  }

  private static Duration duration(Function<String, String> lookup, String key, Duration fallback) {
    String v = lookup.apply(key);
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
