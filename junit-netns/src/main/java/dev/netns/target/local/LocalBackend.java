package dev.netns.target.local;

import dev.netns.NetnsException;
import dev.netns.internal.ip.IpEngine;
import dev.netns.target.Backend;
import dev.netns.target.Engine;
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

  /** The JVM-wide local backend, with the engine chosen by {@code netns.engine} ({@code ip}, or {@code auto}). */
  public static LocalBackend get() {
    LocalBackend b = instance;
    if (b == null) {
      synchronized (LocalBackend.class) {
        b = instance;
        if (b == null) {
          b = instance = new LocalBackend(EngineChoice.create(System.getProperty("netns.engine", "auto")));
        }
      }
    }
    return b;
  }

  @Override
  public String describe() {
    return "local kernel";
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
    long caps;
    try {
      caps = Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("CapEff:"))
          .map(l -> Long.parseUnsignedLong(l.substring(7).strip(), 16))
          .findFirst().orElse(0L);
    } catch (IOException e) {
      return Optional.of("cannot read /proc/self/status to check capabilities (" + e.getMessage()
          + "): junit-netns needs Linux");
    }
    StringBuilder missing = new StringBuilder();
    if ((caps & (1L << CAP_NET_ADMIN)) == 0) missing.append("CAP_NET_ADMIN");
    if ((caps & (1L << CAP_SYS_ADMIN)) == 0) missing.append(missing.length() > 0 ? " and " : "").append("CAP_SYS_ADMIN");
    if (missing.length() > 0) {
      return Optional.of("this JVM (uid " + uid() + ") lacks " + missing
          + ", which creating network namespaces needs. Run the tests as root (sudo -E mvn test), in a container"
          + " started with --cap-add NET_ADMIN --cap-add SYS_ADMIN, or opt into skipping with"
          + " @NetnsTest(disabledWithoutPrivileges = true)");
    }
    try {
      LocalCommandRunner.which("ip");
    } catch (NetnsException e) {
      return Optional.of(e.getMessage());
    }
    return Optional.empty();
  }

  private static String uid() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
          .map(l -> l.substring(4).strip().split("\\s+")[1]).findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  /** Picks the engine for the local kernel. */
  static final class EngineChoice {
    private EngineChoice() {
    }

    static Engine create(String choice) {
      switch (choice) {
        case "ip":
        case "auto":
          return new IpEngine(LocalCommandRunner.INSTANCE);
        default:
          throw new NetnsException("netns.engine=" + choice + " is not known; allowed: auto, ip, native");
      }
    }
  }
}
