package dev.netns.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The per-test cost through the JUnit Platform: {@link SeedLabTests} (100 seed-003 labs, each
 * with a ping) run by the Launcher in a fresh JVM per run, as surefire's forked JVM runs a test
 * class, against the tutorial's shell commands (11 {@code ip} calls, a ping, two deletes) in the
 * same run. Prints the class time per fixture (what surefire reports as the class's time, divided
 * by 100), the first test on its own (cold start), the median test, and the ratios.
 *
 * <p>Arguments: {@code --runs N} (fresh JVMs, default 3), {@code --shell N} (shell labs, default
 * 100), {@code --jfr DIR} (each child JVM records a JFR profile there), {@code --jvm OPTION}
 * (repeatable: options for the child JVMs, e.g. {@code -XX:TieredStopAtLevel=1}).
 */
public final class JUnitPathBench {

  private JUnitPathBench() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child();
      return;
    }
    int runs = 3;
    int shellLabs = 100;
    String jfr = null;
    List<String> jvmOpts = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--shell" -> shellLabs = Integer.parseInt(args[++i]);
        case "--jfr" -> jfr = args[++i];
        case "--jvm" -> jvmOpts.add(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; allowed: --runs N, --shell N, --jfr DIR, --jvm OPTION (repeatable)");
      }
    }
    List<Map<String, Double>> results = new ArrayList<>();
    for (int r = 0; r < runs; r++) results.add(runChild(jfr == null ? null : Path.of(jfr, "seedlab-" + r + ".jfr"), jvmOpts));
    double[] shell = shell(shellLabs);

    System.out.println();
    System.out.printf(Locale.ROOT, "JUnit path: %d tests of the seed-003 lab per fresh JVM, %d runs%s; %d CPUs, load %s%n",
        SeedLabTests.REPS, runs, jvmOpts.isEmpty() ? "" : " (JVM options " + String.join(" ", jvmOpts) + ")",
        Runtime.getRuntime().availableProcessors(), load());
    System.out.println("| run | class time per fixture | first test | median test | mean test | JVM start to end | JIT compiler threads' CPU |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
    double[] perFixture = new double[runs];
    double[] firsts = new double[runs];
    double[] medians = new double[runs];
    for (int r = 0; r < runs; r++) {
      Map<String, Double> m = results.get(r);
      perFixture[r] = m.get("classMs") / SeedLabTests.REPS;
      firsts[r] = m.get("firstMs");
      medians[r] = m.get("medianMs");
      System.out.printf(Locale.ROOT, "| %d | %.2f ms | %.1f ms | %.2f ms | %.2f ms | %.0f ms | %.0f ms |%n", r + 1,
          perFixture[r], m.get("firstMs"), m.get("medianMs"), m.get("meanMs"), m.get("jvmMs"), m.get("compilerMs"));
    }
    double shellMedian = median(shell);
    double shellMean = Arrays.stream(shell).average().orElse(0);
    double lib = median(perFixture);
    System.out.printf(Locale.ROOT, "tutorial shell commands (11 ip calls + ping + 2 deletes): median %.1f ms, mean %.1f ms per lab%n",
        shellMedian, shellMean);
    System.out.printf(Locale.ROOT, "ratio (shell median / library class time per fixture, median of runs): %.1fx;"
        + " per median test: %.1fx; first test (cold) median of runs: %.1f ms%n",
        shellMedian / lib, shellMedian / median(medians), median(firsts));
  }

  private static Map<String, Double> runChild(Path jfr, List<String> jvmOpts) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOpts);
    if (jfr != null) {
      jfr.getParent().toFile().mkdirs();
      cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), JUnitPathBench.class.getName(), "--child"));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IllegalStateException("child JVM failed: " + out);
    for (String line : out.split("\n")) {
      if (!line.startsWith("RESULT ")) continue;
      Map<String, Double> m = new java.util.LinkedHashMap<>();
      for (String kv : line.substring(7).split(" ")) {
        String[] x = kv.split("=");
        m.put(x[0], Double.parseDouble(x[1]));
      }
      if (m.get("failures") > 0) throw new IllegalStateException("tests failed: " + out);
      return m;
    }
    throw new IllegalStateException("no result from the child JVM: " + out);
  }

  /** In the child JVM: runs SeedLabTests through the Launcher and prints one RESULT line. */
  private static void child() {
    Map<String, Long> started = new ConcurrentHashMap<>();
    List<Double> tests = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicLong classStart = new AtomicLong();
    AtomicLong classEnd = new AtomicLong();
    AtomicInteger failures = new AtomicInteger();
    TestExecutionListener listener = new TestExecutionListener() {
      @Override
      public void executionStarted(TestIdentifier id) {
        long now = System.nanoTime();
        started.put(id.getUniqueId(), now);
        if (isClass(id)) classStart.set(now);
      }

      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        long now = System.nanoTime();
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
          failures.incrementAndGet();
          result.getThrowable().ifPresent(Throwable::printStackTrace);
        }
        if (id.isTest()) tests.add((now - started.get(id.getUniqueId())) / 1e6);
        if (isClass(id)) classEnd.set(now);
      }
    };
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(SeedLabTests.class)).build();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request, listener);
    long jvmMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    double[] t = tests.stream().mapToDouble(Double::doubleValue).toArray();
    System.out.printf(Locale.ROOT, "RESULT classMs=%.3f firstMs=%.3f medianMs=%.3f meanMs=%.3f jvmMs=%d tests=%d failures=%d"
            + " compilerMs=%d%n",
        (classEnd.get() - classStart.get()) / 1e6, t.length > 0 ? t[0] : -1, median(t),
        Arrays.stream(t).average().orElse(-1), jvmMs, t.length, failures.get(), compilerCpuMs());
    System.out.flush();
    System.exit(0);
  }

  /**
   * CPU time (user + system) of this JVM's JIT compiler threads so far ({@code C1/C2 CompilerThre…}
   * in {@code /proc/self/task/<tid>/stat}), in ms: the JIT's share of a 2-core runner.
   */
  static long compilerCpuMs() {
    long ticks = 0;
    java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
    if (tasks == null) return -1;
    for (java.io.File task : tasks) {
      try {
        String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (!comm.contains("CompilerThre")) continue;
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(rest[11]) + Long.parseLong(rest[12]); // utime, stime (fields 14, 15)
      } catch (IOException | RuntimeException e) {
        // a thread that ended meanwhile
      }
    }
    return ticks * 1000 / 100; // USER_HZ is 100 on Linux
  }

  private static boolean isClass(TestIdentifier id) {
    return id.getSource().filter(s -> s instanceof org.junit.platform.engine.support.descriptor.ClassSource).isPresent();
  }

  private static double[] shell(int labs) {
    Approach shell = Approach.of("shell");
    double[] ms = new double[labs];
    for (int i = 0; i < labs; i++) {
      long t0 = System.nanoTime();
      Approach.Lab lab = shell.setup();
      try {
        if (!shell.ping(lab)) throw new IllegalStateException("the shell lab's ping was not answered");
      } finally {
        shell.teardown(lab);
      }
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    return ms;
  }

  static double median(double[] xs) {
    if (xs.length == 0) return -1;
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static String load() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }
}
