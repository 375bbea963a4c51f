package dev.netns.bench;

import dev.netns.NetnsException;
import dev.netns.internal.core.Fixtures;
import dev.netns.internal.core.NetnsImpl;
import dev.netns.internal.core.Scope;
import dev.netns.internal.evidence.EvidenceSettings;
import dev.netns.internal.evidence.TestEvidence;
import dev.netns.internal.local.LocalBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One way to build the seed lab "two namespaces + veth + addresses + lo up", ping across it and
 * tear it down: the tutorial's shell commands, an {@code ip -batch} script, or the library.
 */
abstract class Approach {

  static final String LEFT_ADDR = "10.0.0.1/24";
  static final String RIGHT_ADDR = "10.0.0.2/24";
  static final String PEER = "10.0.0.2";
  private static final AtomicInteger SEQ = new AtomicInteger();

  /** A built fixture. */
  interface Lab {
  }

  abstract String label();

  abstract Lab setup();

  /** One echo from the left namespace to the right address; true when answered. */
  abstract boolean ping(Lab lab);

  abstract void teardown(Lab lab);

  static Approach of(String name) {
    switch (name) {
      case "shell": return new Shell();
      case "ip-batch": return new IpBatch();
      default:
        if (name.equals("engine:native+capture")) return new Library("native", true);
        if (name.startsWith("engine:")) return new Library(name.substring(7), false);
        throw new IllegalArgumentException("unknown approach " + name
            + "; allowed: shell, ip-batch, engine:ip, engine:native, engine:native+capture");
    }
  }

  static String uniqueName(String side) {
    return "bn-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet() + side;
  }

  static void run(List<String> argv, String stdin) {
    try {
      ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
      if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Process p = pb.start();
      if (stdin != null) {
        try (var os = p.getOutputStream()) {
          os.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new NetnsException(argv + " failed: " + new String(out, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new NetnsException(argv + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetnsException("interrupted", e);
    }
  }

  static boolean succeeds(List<String> argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      throw new NetnsException(argv + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  record Names(String a, String b) implements Lab {
  }

  /** Approaches driven by ip processes: the probe is the tutorial's own `ip netns exec ... ping -c 1`. */
  abstract static class Processes extends Approach {
    @Override
    boolean ping(Lab lab) {
      return succeeds(List.of("ip", "netns", "exec", ((Names) lab).a(), "ping", "-c", "1", "-W", "1", PEER));
    }
  }

  /** Seed 004, "Try This: Connect Two Namespaces", steps 1 to 5: eleven ip calls. */
  static final class Shell extends Processes {
    @Override
    String label() {
      return "tutorial shell commands (11 ip calls)";
    }

    @Override
    Lab setup() {
      Names n = new Names(uniqueName("a"), uniqueName("b"));
      run(List.of("ip", "netns", "add", n.a()), null);
      run(List.of("ip", "netns", "add", n.b()), null);
      run(List.of("ip", "link", "add", "veth-red", "type", "veth", "peer", "name", "veth-blue"), null);
      run(List.of("ip", "link", "set", "veth-red", "netns", n.a()), null);
      run(List.of("ip", "link", "set", "veth-blue", "netns", n.b()), null);
      run(List.of("ip", "netns", "exec", n.a(), "ip", "addr", "add", LEFT_ADDR, "dev", "veth-red"), null);
      run(List.of("ip", "netns", "exec", n.b(), "ip", "addr", "add", RIGHT_ADDR, "dev", "veth-blue"), null);
      run(List.of("ip", "netns", "exec", n.a(), "ip", "link", "set", "veth-red", "up"), null);
      run(List.of("ip", "netns", "exec", n.b(), "ip", "link", "set", "veth-blue", "up"), null);
      run(List.of("ip", "netns", "exec", n.a(), "ip", "link", "set", "lo", "up"), null);
      run(List.of("ip", "netns", "exec", n.b(), "ip", "link", "set", "lo", "up"), null);
      return n;
    }

    @Override
    void teardown(Lab lab) {
      Names n = (Names) lab;
      run(List.of("ip", "netns", "delete", n.a()), null);
      run(List.of("ip", "netns", "delete", n.b()), null);
    }
  }

  /** The same lab as an ip -batch script: one call for the machine-wide part, one per namespace. */
  static final class IpBatch extends Processes {
    @Override
    String label() {
      return "ip -batch script (3 ip calls)";
    }

    @Override
    Lab setup() {
      Names n = new Names(uniqueName("a"), uniqueName("b"));
      run(List.of("ip", "-batch", "-"), "netns add " + n.a() + "\nnetns add " + n.b()
          + "\nlink add name veth-red netns " + n.a() + " type veth peer name veth-blue netns " + n.b() + "\n");
      run(List.of("ip", "-n", n.a(), "-batch", "-"), "link set lo up\nlink set veth-red up\naddr add " + LEFT_ADDR + " dev veth-red\n");
      run(List.of("ip", "-n", n.b(), "-batch", "-"), "link set lo up\nlink set veth-blue up\naddr add " + RIGHT_ADDR + " dev veth-blue\n");
      return n;
    }

    @Override
    void teardown(Lab lab) {
      Names n = (Names) lab;
      run(List.of("ip", "-batch", "-"), "netns del " + n.a() + "\nnetns del " + n.b() + "\n");
    }
  }

  /**
   * The library: one scope with two namespaces and a ready veth pair; with {@code capture}, watched
   * as the extension watches a test's scope by default (evidence on failure, packet capture on).
   */
  static final class Library extends Approach {
    private final String engine;
    private final LocalBackend backend;
    private final boolean capture;

    Library(String engine, boolean capture) {
      this.engine = engine;
      this.backend = LocalBackend.withEngine(engine);
      this.capture = capture;
    }

    @Override
    String label() {
      return "junit-netns, " + engine + " engine" + (capture ? ", capture on" : "");
    }

    record Built(Scope scope, NetnsImpl left) implements Lab {
    }

    @Override
    Lab setup() {
      Scope scope = new Scope(backend, null, "bench");
      if (capture) {
        TestEvidence.watch(scope, EvidenceSettings.read(key -> java.util.Optional.empty()));
      }
      try {
        List<NetnsImpl> ns = scope.createNamespaces(List.of("red", "blue"));
        Fixtures.createVeth(scope, ns.get(0), "veth-red", ns.get(1), "veth-blue", 0,
            List.of(LEFT_ADDR), List.of(RIGHT_ADDR));
        return new Built(scope, ns.get(0));
      } catch (RuntimeException e) {
        scope.close();
        throw e;
      }
    }

    @Override
    boolean ping(Lab lab) {
      Built b = (Built) lab;
      return backend.engine().ping(b.left().engineName(), PEER, Duration.ofSeconds(1)).success();
    }

    @Override
    void teardown(Lab lab) {
      ((Built) lab).scope().close();
    }
  }

  static List<String> all() {
    return new ArrayList<>(List.of("shell", "ip-batch", "engine:ip", "engine:native", "engine:native+capture"));
  }
}
