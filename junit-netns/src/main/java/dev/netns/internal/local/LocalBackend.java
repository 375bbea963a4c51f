package dev.netns.internal.local;

import dev.netns.NetnsException;
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

  private static volatile LocalBackend instance;

  private LocalBackend(Engine engine) {
    super(engine, "local");
  }

  /**
   * The JVM-wide local backend, with the engine chosen by {@code netns.engine} (JUnit configuration
   * parameter or system property): {@code auto} (the default: native if it starts here, else
   * iproute2), {@code native} or {@code ip}.
   */
  public static LocalBackend get() {
    LocalBackend b = instance;
    if (b == null) {
      synchronized (LocalBackend.class) {
        b = instance;
        if (b == null) {
          b = instance = new LocalBackend(EngineChoice.create(dev.netns.NetnsSettings.engine()));
        }
      }
    }
    return b;
  }

  /**
   * A separate local backend with an explicitly chosen engine ({@code ip}, {@code native} or
   * {@code auto}), for benchmarks and engine comparisons; tests use {@link #get()}.
   */
  public static LocalBackend withEngine(String choice) {
    return new LocalBackend(EngineChoice.create(choice));
  }

  @Override
  public String describe() {
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

  /** CAP_NET_ADMIN is bit 12 and CAP_SYS_ADMIN bit 21 of the effective capability set. */
  static final int CAP_NET_ADMIN = 12;
  static final int CAP_SYS_ADMIN = 21;

  /**
   * Why this JVM cannot create namespaces here, or empty when it can: it needs CAP_NET_ADMIN and
   * CAP_SYS_ADMIN (ip netns add bind-mounts under /run/netns), and iproute2.
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
    String status;
    try {
      status = dev.netns.internal.ProcFiles.read(Path.of("/proc/self/status"));
    } catch (IOException e) {
      return Optional.of("cannot read /proc/self/status to check capabilities (" + e.getMessage()
          + "): junit-netns needs Linux");
    }
    Optional<String> caps = missingCapabilities(status);
    if (caps.isPresent()) return caps;
    try {
      LocalCommandRunner.which("ip");
    } catch (NetnsException e) {
      return Optional.of(e.getMessage());
    }
    return Optional.empty();
  }

  /** Reads CapEff and Uid from the text of {@code /proc/self/status}. */
  static Optional<String> missingCapabilities(String status) {
    long caps = 0;
    String uid = "?";
    for (String l : status.split("\n")) {
      if (l.startsWith("CapEff:")) caps = Long.parseUnsignedLong(l.substring(7).strip(), 16);
      if (l.startsWith("Uid:")) uid = l.substring(4).strip().split("\\s+")[1];
    }
    StringBuilder missing = new StringBuilder();
    if ((caps & (1L << CAP_NET_ADMIN)) == 0) missing.append("CAP_NET_ADMIN");
    if ((caps & (1L << CAP_SYS_ADMIN)) == 0) missing.append(missing.length() > 0 ? " and " : "").append("CAP_SYS_ADMIN");
    if (missing.length() == 0) return Optional.empty();
    return Optional.of("this JVM (uid " + uid + ") lacks " + missing
        + ", which creating network namespaces needs. Run the tests as root (sudo -E mvn test), in a container"
        + " started with --cap-add NET_ADMIN --cap-add SYS_ADMIN, or opt into skipping with"
        + " @NetnsTest(disabledWithoutPrivileges = true) or -Dnetns.disabledWithoutPrivileges=true");
  }

  /** Picks the engine for the local kernel. */
  static final class EngineChoice {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(LocalBackend.class.getName());

    private EngineChoice() {
    }

    /**
     * {@code native}: the netlink engine, failing with its reason when it cannot start;
     * {@code ip}: iproute2; {@code auto}: native when it starts, else iproute2 (the reason is logged).
     */
    static Engine create(String choice) {
      String c = choice == null ? "auto" : choice.strip().toLowerCase(java.util.Locale.ROOT);
      switch (c) {
        case "ip":
          return new IpEngine(LocalCommandRunner.INSTANCE);
        case "native":
          return NetlinkEngine.create(LocalCommandRunner.INSTANCE);
        case "auto":
        case "":
          try {
            return NetlinkEngine.create(LocalCommandRunner.INSTANCE);
          } catch (NetnsException | LinkageError e) {
            LOG.info("junit-netns: using the iproute2 engine, the native engine is not available: " + e.getMessage());
            return new IpEngine(LocalCommandRunner.INSTANCE);
          }
        default:
          throw new NetnsException("netns.engine=" + choice + " is not known; allowed: auto, native, ip");
      }
    }
  }
}
