package dev.netns.cni;

import dev.netns.Netns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;

/**
 * A conformance kit for any CNI plugin binary (or configuration list): it runs the plugin through
 * the situations the CNI specification (SPEC.md 1.0.0, and 1.1.0 for 1.1.0 configurations) has
 * rules for, and reports, per rule, whether the plugin kept it and what it did otherwise.
 *
 * <pre>{@code
 * @NetnsTest
 * class MyPluginConformanceTest {
 *   static final String CONF = """
 *       {"cniVersion": "1.0.0", "name": "podnet", "type": "my-plugin",
 *        "ipam": {"type": "host-local", "subnet": "10.61.0.0/24"}}""";
 *
 *   @TestFactory
 *   Stream<DynamicNode> conformance(Cni cni) {
 *     return CniConformance.of(cni.pluginAt(Path.of("build/my-plugin")), CONF).tests();
 *   }
 * }
 * }</pre>
 *
 * <p>Every check makes its own namespaces on the test's target ({@link dev.netns.Target#createNamespace}):
 * a node namespace in which the plugin runs, so that what it adds on the host side (veths, routes,
 * addresses, iptables rules) lands where the check can see it and nowhere else, and the
 * containers it attaches; plus a {@code host-local} {@code dataDir} of its own (replacing one the
 * configuration names). When the check ends, passed or failed halfway, a best-effort DEL runs for
 * every attachment still open and the namespaces and the directory are removed. Checks therefore
 * run in parallel (see {@link #withParallelism(int)}) and leave nothing behind.
 *
 * <p>A plugin that needs something on the host side before ADD (a {@code master} for macvlan, the
 * device for host-device) gets it from {@link #withHostSetup(Consumer)}, run on each check's node
 * namespace.
 */
public final class CniConformance {

  private final ConformanceSubject subject;
  private final String ifName;
  private final Consumer<Netns> hostSetup;
  private final int parallelism;

  private CniConformance(ConformanceSubject subject, String ifName, Consumer<Netns> hostSetup, int parallelism) {
    this.subject = subject;
    this.ifName = ifName;
    this.hostSetup = hostSetup;
    this.parallelism = parallelism;
  }

  /**
   * The kit for one plugin and its network configuration. The configuration is checked now: it
   * must be a JSON object with {@code cniVersion}, {@code type} and {@code name}, and the plugin
   * types it names ({@code type} when it differs from the plugin's, e.g. for a wrapper, and
   * {@code ipam.type}) must be found on the plugin's {@code CNI_PATH}.
   *
   * @throws IllegalArgumentException naming what is wrong, before any check runs
   */
  public static CniConformance of(CniPlugin plugin, String configJson) {
    return new CniConformance(ConformanceSubject.of(plugin, configJson), "eth0", ns -> { }, 8);
  }

  /**
   * The kit for a configuration list: ADD, CHECK and DEL run through the chain as libcni runs it;
   * the protocol checks (VERSION, bad input, missing variables) hold every plugin of the list to
   * the rule.
   *
   * @throws IllegalArgumentException when a plugin's {@code ipam.type} cannot be found
   */
  public static CniConformance of(CniConflist list) {
    return new CniConformance(ConformanceSubject.of(list), "eth0", ns -> { }, 8);
  }

  /** Uses this {@code CNI_IFNAME} (default {@code eth0}; {@code lo} for the loopback plugin). */
  public CniConformance withIfName(String name) {
    Objects.requireNonNull(name, "ifName");
    if (name.isEmpty() || name.length() > 15 || name.contains("/") || name.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("interface name \"" + name + "\" is not usable as CNI_IFNAME: 1 to 15"
          + " characters, no '/' or whitespace");
    }
    return new CniConformance(subject, name, hostSetup, parallelism);
  }

  /**
   * Prepares each check's node namespace (where the plugin runs) before the plugin is called, e.g.
   * {@code node -> node.exec("ip", "link", "add", "uplink0", "type", "dummy")} for a macvlan
   * {@code master}. Whatever it makes goes with the namespace.
   */
  public CniConformance withHostSetup(Consumer<Netns> setup) {
    Objects.requireNonNull(setup, "host setup");
    return new CniConformance(subject, ifName, setup, parallelism);
  }

  /** How many checks run at once (default 8; 1 runs them one after the other). */
  public CniConformance withParallelism(int checksAtOnce) {
    if (checksAtOnce < 1 || checksAtOnce > 64) {
      throw new IllegalArgumentException("parallelism " + checksAtOnce + " is out of range: 1 to 64 checks at once");
    }
    return new CniConformance(subject, ifName, hostSetup, checksAtOnce);
  }

  /** The names of the checks that {@link #run()} runs, in report order. */
  public List<String> checks() {
    return new ConformanceChecks(subject, ifName, hostSetup).all().stream().map(ConformanceChecks.Check::name).toList();
  }

  /** Runs every check and returns the report; a plugin that breaks rules does not make this throw. */
  public CniConformanceReport run() {
    long start = System.nanoTime();
    List<ConformanceChecks.Check> checks = new ConformanceChecks(subject, ifName, hostSetup).all();
    List<CniConformanceReport.Check> out = new ArrayList<>();
    if (parallelism == 1) {
      for (ConformanceChecks.Check c : checks) out.add(runOne(c));
    } else {
      AtomicInteger n = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
        Thread t = new Thread(r, "cni-conformance-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<CniConformanceReport.Check>> futures = new ArrayList<>();
        for (ConformanceChecks.Check c : checks) futures.add(pool.submit(() -> runOne(c)));
        for (Future<CniConformanceReport.Check> f : futures) out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the conformance checks ran", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("a conformance check crashed: " + e.getCause(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    return new CniConformanceReport(describe(), out, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * One dynamic test per check, for a {@code @TestFactory}: a failed check is a failed test whose
   * message says what the plugin did; a check that does not apply is an aborted (skipped) test. The
   * checks run together, in parallel, when the first test runs; the tests then report them one by one.
   */
  public Stream<DynamicNode> tests() {
    List<String> names = checks();
    ConformanceChecks.Lazy<CniConformanceReport> report = new ConformanceChecks.Lazy<>(this::run);
    List<DynamicNode> tests = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      int index = i;
      tests.add(DynamicTest.dynamicTest(names.get(i), () -> {
        CniConformanceReport.Check c = report.get().results().get(index);
        switch (c.outcome()) {
          case FAIL -> throw new AssertionError(describe() + " breaks the rule \"" + c.name() + "\":\n" + c.detail());
          case SKIP -> throw new TestAbortedException(c.detail());
          default -> { }
        }
      }));
    }
    return tests.stream();
  }

  private CniConformanceReport.Check runOne(ConformanceChecks.Check c) {
    long start = System.nanoTime();
    CniConformanceReport.Outcome outcome;
    String detail;
    try {
      c.body().run();
      outcome = CniConformanceReport.Outcome.PASS;
      detail = "";
    } catch (ConformanceChecks.Failed f) {
      outcome = CniConformanceReport.Outcome.FAIL;
      detail = f.getMessage();
    } catch (ConformanceChecks.Skipped sk) {
      outcome = CniConformanceReport.Outcome.SKIP;
      detail = sk.getMessage();
    } catch (Exception | AssertionError e) {
      // the check could not be carried out (e.g. the plugin left the namespace unreadable): it did not pass
      outcome = CniConformanceReport.Outcome.FAIL;
      detail = "the check could not complete: " + e;
    }
    return new CniConformanceReport.Check(c.name(), outcome, detail, Duration.ofNanos(System.nanoTime() - start));
  }

  private String describe() {
    return subject.description + ", network \"" + subject.name + "\", cniVersion " + subject.version;
  }

  @Override
  public String toString() {
    return "CNI conformance kit for " + describe();
  }
}
