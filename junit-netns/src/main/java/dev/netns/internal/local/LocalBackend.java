package dev.netns.internal.local;

import dev.netns.NetnsException;
import dev.netns.NetnsSettings;
import dev.netns.internal.core.Ownership;
import dev.netns.internal.ip.IpEngine;
import dev.netns.internal.netlink.NetlinkEngine;
import dev.netns.internal.core.Backend;
import dev.netns.internal.spi.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The local kernel. The host side is a per-test stand-in namespace: the machine's own namespace
 * is never changed.
 */
public final class LocalBackend extends Backend {

  /** One backend per engine choice ({@code auto}, {@code native}, {@code ip}), each made on first use. */
  private static final java.util.concurrent.ConcurrentHashMap<String, LocalBackend> INSTANCES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private LocalBackend(Engine engine) {
    super(engine, "local");
  }

  /**
   * The JVM-wide local backend for the run's engine choice ({@code netns.engine}): {@code auto}
   * (native if it starts here, else iproute2), {@code native} or {@code ip}. The settings are
   * handed in by the caller, so that whoever asks first (the warm-up, a test) cannot fix the
   * engine for a run configured otherwise. The backend of a choice and the run's ownership journal
   * exist once per JVM: they take {@code netns.native.prepared} and {@code netns.state.dir} from
   * the settings of their first use.
   */
  public static LocalBackend get(NetnsSettings settings) {
    return get(settings.engineChoice(), settings);
  }

  /**
   * {@link #get(NetnsSettings)} for the engine {@code choice}, the other settings from the system
   * properties (tools and tests that run outside the extension).
   */
  public static LocalBackend get(String choice) {
    return get(choice, NetnsSettings.fromSystemProperties());
  }

  /** {@link #get(NetnsSettings)} with the settings of the system properties alone (tools and tests). */
  public static LocalBackend get() {
    return get(NetnsSettings.fromSystemProperties());
  }

  private static LocalBackend get(String choice, NetnsSettings settings) {
    return INSTANCES.computeIfAbsent(choice, c -> {
      // rootless: the private /run must exist before an engine or the journal looks at it
      Rootless.prepare().ifPresent(why -> {
        throw new NetnsException(why);
      });
      Ownership.get(settings); // the journal's state directory is the run's, whoever uses it next
      return new LocalBackend(EngineChoice.create(c, settings.nativePrepared()));
    });
  }

  /**
   * A separate local backend with an explicitly chosen engine ({@code ip}, {@code native} or
   * {@code auto}), for benchmarks and engine comparisons; tests use {@link #get()}.
   */
  public static LocalBackend withEngine(String choice) {
    Rootless.prepare().ifPresent(why -> {
      throw new NetnsException(why);
    });
    return new LocalBackend(EngineChoice.create(choice, NetnsSettings.fromSystemProperties().nativePrepared()));
  }

  /** The iproute2 engine for the local kernel, as {@code netns.engine=ip} gets it (rootless included). */
  public static IpEngine ipEngine() {
    return EngineChoice.ipEngine();
  }

  @Override
  public String describe() {
    return Rootless.active() ? "local kernel (rootless)" : "local kernel";
  }

  @Override
  public String location() {
    return "local kernel";
  }

  @Override
  public dev.netns.TcpListener listen(String nsPath, String ip, int port) {
    return LocalTcpListener.open(nsPath, ip, port);
  }

  @Override
  public dev.netns.UdpListener listenUdp(String nsPath, String ip, int port) {
    return LocalUdpListener.open(nsPath, ip, port);
  }

  @Override
  public java.util.Optional<String> localPathOf(String ns) {
    return java.util.Optional.of(engine().pathOf(ns));
  }

  @Override
  public boolean hostIsStandIn() {
    return true;
  }

  /**
   * Why this JVM cannot create namespaces here, or empty when it can: it needs CAP_NET_ADMIN and
   * CAP_SYS_ADMIN (ip netns add bind-mounts under /run/netns), and iproute2. In the rootless mode
   * (root of a user namespace) it also makes the private {@code /run} first ({@link Rootless}).
   * The message names the fix for this machine ({@link Privileges#missing}).
   */
  public static Optional<String> missingPrivileges() {
    // asked before every test: once the answer is "nothing missing" it stays so for this JVM
    if (privileged) return Optional.empty();
    Optional<String> missing = checkPrivileges();
    if (missing.isEmpty()) privileged = true;
    return missing;
  }

  private static volatile boolean privileged;

  private static Optional<String> checkPrivileges() {
    Privileges.View view;
    try {
      view = Privileges.View.current();
    } catch (IOException e) {
      return Optional.of("cannot read /proc/self/status to check capabilities (" + e.getMessage()
          + "): junit-netns needs Linux");
    }
    Optional<String> caps = Privileges.missing(view);
    if (caps.isPresent()) return caps;
    Optional<String> rootless = Rootless.prepare();
    if (rootless.isPresent()) return rootless;
    try {
      LocalCommandRunner.which("ip");
    } catch (NetnsException e) {
      return Optional.of(e.getMessage());
    }
    return Optional.empty();
  }

  /** Picks the engine for the local kernel. */
  static final class EngineChoice {
    /** Rootless, iproute2 makes namespaces and veth pairs from a throw-away namespace (see IpEngine). */
    static IpEngine ipEngine() {
      return new IpEngine(LocalCommandRunner.INSTANCE, Rootless.hostSidePrefix());
    }

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(LocalBackend.class.getName());

    private EngineChoice() {
    }

    /**
     * {@code native}: the netlink engine, failing with its reason when it cannot start;
     * {@code ip}: iproute2; {@code auto}: native when it starts, else iproute2 (the reason is logged).
     */
    static Engine create(String choice) {
      return create(choice, NetnsSettings.fromSystemProperties().nativePrepared());
    }

    /** {@link #create(String)}, the native engine keeping {@code prepared} namespaces made ahead of time. */
    static Engine create(String choice, int prepared) {
      String c = choice == null ? "auto" : choice.strip().toLowerCase(java.util.Locale.ROOT);
      switch (c) {
        case "ip":
          return ipEngine();
        case "native":
          return NetlinkEngine.create(LocalCommandRunner.INSTANCE, prepared);
        case "auto":
        case "":
          try {
            return NetlinkEngine.create(LocalCommandRunner.INSTANCE, prepared);
          } catch (NetnsException | LinkageError e) {
            LOG.info("junit-netns: using the iproute2 engine, the native engine is not available: " + e.getMessage());
            return ipEngine();
          }
        default:
          throw new NetnsException("netns.engine=" + choice + " is not known; allowed: auto, native, ip");
      }
    }
  }
}
