package dev.netns.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link LabBenchmark} for every approach that works on this machine and prints the issue's
 * table (medians, same run) with the ratio to the tutorial's shell commands, then counts first
 * pings lost right after set-up.
 *
 * <p>Arguments: {@code --quick} (shorter iterations), {@code --first-pings N} (default 400),
 * {@code --approaches a,b} (a subset, e.g. {@code shell,engine:native,engine:native+capture}).
 */
public final class BenchMain {

  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    int firstPings = 400;
    List<String> wanted = Approach.all();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--quick")) quick = true;
      else if (args[i].equals("--first-pings")) firstPings = Integer.parseInt(args[++i]);
      else if (args[i].equals("--approaches")) wanted = List.of(args[++i].split(","));
      else throw new IllegalArgumentException("unknown argument " + args[i]
          + "; allowed: --quick, --first-pings N, --approaches a,b (of " + Approach.all() + ")");
    }
    List<String> approaches = new ArrayList<>();
    for (String a : wanted) {
      try {
        Approach impl = Approach.of(a);
        impl.teardown(impl.setup());
        approaches.add(a);
      } catch (RuntimeException | LinkageError e) {
        System.out.println("(skipping " + a + ": " + e.getMessage() + ")");
      }
    }
    Options opts = new OptionsBuilder()
        .include(LabBenchmark.class.getName())
        .param("approach", approaches.toArray(new String[0]))
        .warmupIterations(1).warmupTime(TimeValue.seconds(quick ? 1 : 2))
        .measurementIterations(quick ? 2 : 3).measurementTime(TimeValue.seconds(quick ? 2 : 4))
        .forks(1)
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(opts).run();

    Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
    for (RunResult r : results) {
      String op = r.getParams().getBenchmark().replaceAll(".*\\.", "");
      String approach = r.getParams().getParam("approach");
      double median = r.getPrimaryResult().getStatistics().getPercentile(50);
      medians.computeIfAbsent(op, k -> new LinkedHashMap<>()).put(approach, median);
    }

    StringBuilder out = new StringBuilder();
    out.append("\njunit-netns benchmark: medians in ms, same run, ")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
        .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append('\n');
    out.append(String.format(Locale.ROOT, "%-10s", "operation"));
    for (String a : approaches) out.append(String.format(Locale.ROOT, " | %-22s", a));
    out.append('\n');
    for (Map.Entry<String, Map<String, Double>> e : medians.entrySet()) {
      out.append(String.format(Locale.ROOT, "%-10s", e.getKey()));
      Double shell = e.getValue().get("shell");
      for (String a : approaches) {
        Double m = e.getValue().get(a);
        String cell = m == null ? "n/a" : String.format(Locale.ROOT, "%.3f", m)
            + (shell != null && !a.equals("shell") ? String.format(Locale.ROOT, " (%.1fx)", shell / m) : "");
        out.append(String.format(Locale.ROOT, " | %-22s", cell));
      }
      out.append('\n');
    }
    out.append("\nfirst ping right after set-up (one echo, 1 s timeout), lost of ").append(firstPings).append(":\n");
    for (String a : approaches) {
      Approach impl = Approach.of(a);
      int lost = 0;
      for (int i = 0; i < firstPings; i++) {
        Approach.Lab lab = impl.setup();
        try {
          if (!impl.ping(lab)) lost++;
        } finally {
          impl.teardown(lab);
        }
      }
      out.append(String.format(Locale.ROOT, "  %-14s %d%n", a, lost));
    }
    System.out.println(out);
  }
}
