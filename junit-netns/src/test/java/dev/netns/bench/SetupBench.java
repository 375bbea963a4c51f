package dev.netns.bench;

import dev.netns.NetnsException;
import dev.netns.ProbeResult;
import dev.netns.internal.ip.IpEngine;
import dev.netns.internal.netlink.NetlinkEngine;
import dev.netns.internal.core.Backend;
import dev.netns.internal.spi.Engine;
import dev.netns.internal.core.Fixtures;
import dev.netns.internal.spi.LinkState;
import dev.netns.internal.spi.NetOp;
import dev.netns.internal.core.NetnsImpl;
import dev.netns.internal.core.Scope;
import dev.netns.internal.spi.VethSpec;
import dev.netns.internal.local.LocalBackend;
import dev.netns.internal.local.LocalCommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * A quick benchmark of the fixture: two namespaces joined by a veth pair with an address
 * on each end and lo up (ready for the first packet), one ping from inside, teardown. It times
 * the seed tutorial's shell commands, both engines and the library's fixture path (scope +
 * {@link Fixtures#createVeth}) in one run, interleaved, and prints medians. The full JMH
 * benchmark comes later; run this with {@code mvn -Pbench test} or its {@link #main}.
 */
public final class SetupBench {

  /** Medians in milliseconds of one way of doing the fixture. */
  public record Result(String name, double setup, double ping, double teardown, int failedPings) {
    double total() {
      return setup + ping + teardown;
    }
  }

  private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);
  private int seq;
  private final String run = Long.toString(ProcessHandle.current().pid(), 36);

  /** Runs {@code iterations} rounds (after {@code warmup} unmeasured ones) and returns the medians per way. */
  public List<Result> run(int warmup, int iterations) {
    NetlinkEngine nat = NetlinkEngine.create(LocalCommandRunner.INSTANCE);
    IpEngine ip = new IpEngine(LocalCommandRunner.INSTANCE);
    Backend library = LocalBackend.get();
    Map<String, long[][]> samples = new LinkedHashMap<>();
    String[] ways = {"tutorial shell commands", "ip engine", "native engine", "library (" + library.engine().describe() + ")"};
    for (String w : ways) samples.put(w, new long[3][iterations]);
    int[] failed = new int[ways.length];
    try {
      for (int i = -warmup; i < iterations; i++) {
        for (int w = 0; w < ways.length; w++) {
          long[] t;
          switch (w) {
            case 0: t = tutorial(); break;
            case 1: t = engine(ip); break;
            case 2: t = engine(nat); break;
            default: t = library(library); break;
          }
          if (i < 0) continue;
          long[][] s = samples.get(ways[w]);
          s[0][i] = t[0];
          s[1][i] = t[1];
          s[2][i] = t[2];
          if (t[3] != 0) failed[w]++;
        }
      }
    } finally {
      nat.close();
    }
    List<Result> out = new ArrayList<>();
    int w = 0;
    for (Map.Entry<String, long[][]> e : samples.entrySet()) {
      long[][] s = e.getValue();
      out.add(new Result(e.getKey(), median(s[0]), median(s[1]), median(s[2]), failed[w++]));
    }
    out.add(junit(iterations));
    return out;
  }

  /** The fixture as a user writes it: a {@code @NetnsTest} run by the JUnit Platform, timed from start to finish event. */
  @NetnsTest
  static class VethFixture {
    @RepeatedTest(REPETITIONS)
    void firstPing(@NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
                   @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                       leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
      ProbeResult p = red.ping("10.0.0.2", PING_TIMEOUT);
      if (!p.success()) throw new AssertionError("first ping lost: " + p.detail());
    }
  }

  static final int REPETITIONS = 50;

  private static Result junit(int iterations) {
    List<Long> times = new ArrayList<>();
    int failed = 0;
    for (int round = 0; round * REPETITIONS < iterations + REPETITIONS; round++) {
      List<Event> events = EngineTestKit.engine("junit-jupiter")
          .selectors(DiscoverySelectors.selectClass(VethFixture.class)).execute().allEvents().list();
      Map<String, java.time.Instant> started = new LinkedHashMap<>();
      for (Event e : events) {
        if (!e.getTestDescriptor().isTest()) continue;
        String id = e.getTestDescriptor().getUniqueId().toString();
        if (e.getType() == EventType.STARTED) started.put(id, e.getTimestamp());
        if (e.getType() == EventType.FINISHED) {
          if (round > 0) times.add(java.time.Duration.between(started.get(id), e.getTimestamp()).toNanos());
          if (e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
              .map(r -> r.getStatus() != org.junit.platform.engine.TestExecutionResult.Status.SUCCESSFUL).orElse(true)) {
            failed++;
          }
        }
      }
    }
    long[] t = times.stream().mapToLong(Long::longValue).toArray();
    return new Result("@NetnsTest through JUnit (setup+ping+down)", median(t), 0, 0, failed);
  }

  /** The seed tutorial, command by command: 11 ip calls, one ping, two deletes. */
  private long[] tutorial() {
    String red = name("red");
    String blue = name("blue");
    long t0 = System.nanoTime();
    sh("ip", "netns", "add", red);
    sh("ip", "netns", "add", blue);
    sh("ip", "link", "add", "veth-red", "type", "veth", "peer", "name", "veth-blue");
    sh("ip", "link", "set", "veth-red", "netns", red);
    sh("ip", "link", "set", "veth-blue", "netns", blue);
    sh("ip", "netns", "exec", red, "ip", "addr", "add", "10.0.0.1/24", "dev", "veth-red");
    sh("ip", "netns", "exec", blue, "ip", "addr", "add", "10.0.0.2/24", "dev", "veth-blue");
    sh("ip", "netns", "exec", red, "ip", "link", "set", "veth-red", "up");
    sh("ip", "netns", "exec", blue, "ip", "link", "set", "veth-blue", "up");
    sh("ip", "netns", "exec", red, "ip", "link", "set", "lo", "up");
    sh("ip", "netns", "exec", blue, "ip", "link", "set", "lo", "up");
    long t1 = System.nanoTime();
    int ok = shStatus("ip", "netns", "exec", red, "ping", "-c", "1", "-W", "1", "10.0.0.2");
    long t2 = System.nanoTime();
    sh("ip", "netns", "delete", red);
    sh("ip", "netns", "delete", blue);
    long t3 = System.nanoTime();
    return new long[] {t1 - t0, t2 - t1, t3 - t2, ok == 0 ? 0 : 1};
  }

  /** The same fixture through one engine, waiting for readiness as the library does. */
  private long[] engine(Engine e) {
    String red = name("red");
    String blue = name("blue");
    List<String> both = List.of(red, blue);
    try {
      long t0 = System.nanoTime();
      e.createNamespaces(both);
      e.createVeth(new VethSpec(red, "veth-red", blue, "veth-blue", 0, null));
      e.apply(red, List.of(new NetOp.LinkUp("veth-red"), new NetOp.AddAddress("veth-red", "10.0.0.1/24")));
      e.apply(blue, List.of(new NetOp.LinkUp("veth-blue"), new NetOp.AddAddress("veth-blue", "10.0.0.2/24")));
      awaitReady(e, red, "veth-red");
      awaitReady(e, blue, "veth-blue");
      long t1 = System.nanoTime();
      ProbeResult p = e.ping(red, "10.0.0.2", PING_TIMEOUT);
      long t2 = System.nanoTime();
      e.deleteNamespaces(both);
      long t3 = System.nanoTime();
      return new long[] {t1 - t0, t2 - t1, t3 - t2, p.success() ? 0 : 1};
    } catch (RuntimeException ex) {
      List<String> left = new ArrayList<>(e.listNamespaces());
      left.retainAll(both);
      if (!left.isEmpty()) e.deleteNamespaces(left);
      throw ex;
    }
  }

  /** What a {@code @VethPair} test costs: scope, names and journal, fixture with readiness, probe, close. */
  private static long[] library(Backend backend) {
    long t0 = System.nanoTime();
    Scope scope = new Scope(backend, null, "bench");
    try {
      List<NetnsImpl> ns = scope.createNamespaces(List.of("red", "blue"));
      Fixtures.createVeth(scope, ns.get(0), "veth-red", ns.get(1), "veth-blue", 0, List.of("10.0.0.1/24"),
          List.of("10.0.0.2/24"));
      long t1 = System.nanoTime();
      ProbeResult p = ns.get(0).ping("10.0.0.2", PING_TIMEOUT);
      long t2 = System.nanoTime();
      scope.close();
      long t3 = System.nanoTime();
      return new long[] {t1 - t0, t2 - t1, t3 - t2, p.success() ? 0 : 1};
    } finally {
      scope.close();
    }
  }

  static void awaitReady(Engine e, String ns, String dev) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      for (LinkState s : e.links(ns)) {
        if (s.name().equals(dev) && s.isReady()) return;
      }
      if (System.nanoTime() > deadline) throw new NetnsException(dev + " in " + ns + " not ready after 5 s");
      Thread.onSpinWait();
    }
  }

  private String name(String tag) {
    return "bench" + run + "-" + tag + "-" + (++seq);
  }

  private static void sh(String... argv) {
    int rc = shStatus(argv);
    if (rc != 0) throw new NetnsException(String.join(" ", argv) + " exited " + rc);
  }

  private static int shStatus(String... argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor();
    } catch (IOException e) {
      throw new NetnsException("cannot run " + Arrays.toString(argv) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetnsException("interrupted", e);
    }
  }

  static double median(long[] v) {
    long[] c = v.clone();
    Arrays.sort(c);
    int n = c.length;
    double m = n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2.0;
    return m / 1e6;
  }

  /** The table printed by the bench. */
  public static String table(List<Result> results, int iterations) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "fixture: 2 namespaces + veth + addresses + lo up (ready), 1 ping, teardown;"
        + " medians of %d rounds, %d cores%n", iterations, Runtime.getRuntime().availableProcessors()));
    b.append(String.format(Locale.ROOT, "%-40s %9s %9s %9s %9s %8s %6s%n", "", "setup ms", "ping ms", "down ms",
        "total ms", "speedup", "lost"));
    double base = results.get(0).total();
    for (Result r : results) {
      b.append(String.format(Locale.ROOT, "%-40s %9.2f %9.2f %9.2f %9.2f %7.1fx %6d%n", r.name(), r.setup(), r.ping(),
          r.teardown(), r.total(), base / r.total(), r.failedPings()));
    }
    return b.toString();
  }

  /** {@code java ... SetupBench [iterations] [warmup]}. */
  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    System.out.print(table(new SetupBench().run(warmup, iterations), iterations));
  }
}
