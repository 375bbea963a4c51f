package dev.netns.bench;

import dev.netns.Netns;
import dev.netns.Reachability;
import dev.netns.ReachabilityResult;
import dev.netns.TcpListener;
import dev.netns.internal.core.Scope;
import dev.netns.internal.local.LocalBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The reachability grid against the naive loop, in one run: a 9×9 TCP grid over a routed star
 * (nine pods behind a host-side namespace that forwards and filters) with 14 denied cells, half
 * {@code DROP}, half {@code REJECT}, at the default 1 s probe timeout; then a 30×30 grid, with a
 * check that nothing is left behind (file descriptors, threads, namespaces).
 *
 * <p>Arguments: {@code --engine native|ip} (default native), {@code --runs N} (default 7).
 */
public final class GridBench {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private GridBench() {
  }

  public static void main(String[] args) throws Exception {
    String engine = "native";
    int runs = 7;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--engine")) engine = args[++i];
      else if (args[i].equals("--runs")) runs = Integer.parseInt(args[++i]);
      else throw new IllegalArgumentException("unknown argument " + args[i] + "; allowed: --engine native|ip, --runs N");
    }
    LocalBackend backend = LocalBackend.withEngine(engine);
    StringBuilder out = new StringBuilder("\njunit-netns grid benchmark (" + engine + " engine, "
        + Runtime.getRuntime().availableProcessors() + " cores, probe timeout 1 s)\n");

    Scope scope = new Scope(backend, null, "grid-bench");
    try {
      Star star = Star.build(scope, 9);
      List<String> denied = star.deny(14);
      Reachability grid = star.grid();
      for (int i = 0; i < 2; i++) grid.probe(); // warm-up: class loading, JIT
      long[] ms = new long[runs];
      ReachabilityResult last = null;
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        last = grid.probe();
        ms[i] = (System.nanoTime() - t0) / 1_000_000;
      }
      check(last, star, denied);
      Arrays.sort(ms);
      long median = ms[runs / 2];
      // cold: the rules changed right before (nf_tables' generation moved), so their text is read again
      long[] cold = new long[3];
      for (int i = 0; i < cold.length; i++) {
        star.host.exec("iptables", "-N", "jn-bench-gen").orThrow();
        star.host.exec("iptables", "-X", "jn-bench-gen").orThrow();
        long t0 = System.nanoTime();
        check(grid.probe(), star, denied);
        cold[i] = (System.nanoTime() - t0) / 1_000_000;
      }
      Arrays.sort(cold);
      long naive = star.naiveLoop();
      out.append(String.format(Locale.ROOT, "load average at start: %s%n", Files.readString(Path.of("/proc/loadavg")).strip()));
      out.append(String.format(Locale.ROOT, "9x9 TCP grid, 14 denied (7 DROP, 7 REJECT): median %d ms (min %d, max %d, %d runs)%n",
          median, ms[0], ms[runs - 1], runs));
      out.append(String.format(Locale.ROOT, "  same grid right after a rule change (rules' text re-read with iptables-nft-save): median %d ms (min %d, max %d)%n",
          cold[1], cold[0], cold[2]));
      out.append(String.format(Locale.ROOT, "naive loop (ip netns exec ... timeout 1 bash /dev/tcp, one cell after another): %d ms%n", naive));
      out.append(String.format(Locale.ROOT, "ratio: %.1fx faster (%.3f of the naive time)%n", (double) naive / median,
          (double) median / naive));
      out.append("observed table:\n").append(last.table()).append('\n');
      star.close();
    } finally {
      scope.close();
    }

    long fds0 = fds();
    int threads0 = Thread.activeCount();
    Scope big = new Scope(backend, null, "grid-bench-30");
    List<String> names;
    try {
      Star star = Star.build(big, 30);
      star.deny(60);
      names = big.ownedNamespaces();
      Reachability grid = star.grid();
      grid.probe();
      long t0 = System.nanoTime();
      ReachabilityResult r = grid.probe();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      int reachable = 0;
      for (String f : grid.sources().keySet()) {
        for (String t : grid.destinations().keySet()) if (r.reachable(f, t)) reachable++;
      }
      out.append(String.format(Locale.ROOT, "30x30 TCP grid (900 cells, 60 denied): %d ms, %d reachable, %d denied by a named rule%n",
          ms, reachable, r.denials().size()));
      star.close();
    } finally {
      big.close();
    }
    Thread.sleep(3000); // probes' threads end with their timeout at the latest, idle pool threads 2 s later
    long fds1 = fds();
    List<String> left = new ArrayList<>(backend.engine().listNamespaces());
    left.retainAll(names);
    out.append(String.format(Locale.ROOT, "after the 30x30 grid: open fds %d -> %d, threads %d -> %d, namespaces left %d%n",
        fds0, fds1, threads0, Thread.activeCount(), left.size()));
    System.out.println(out);
    backend.close();
  }

  private static void check(ReachabilityResult r, Star star, List<String> denied) {
    for (String f : star.labels) {
      for (String t : star.labels) {
        boolean expect = !denied.contains(f + ">" + t);
        if (r.reachable(f, t) != expect) {
          throw new IllegalStateException("cell " + f + " -> " + t + " observed " + r.reachable(f, t) + ":\n" + r.table());
        }
        if (!expect && r.result(f, t).deniedBy().isEmpty()) {
          throw new IllegalStateException("cell " + f + " -> " + t + " has no rule named: " + r.result(f, t));
        }
      }
    }
  }

  private static long fds() throws Exception {
    try (var s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    }
  }

  /** Pods p0..pN-1, each on 10.77.i.0/24 behind the host side (10.77.i.1), a TCP listener on :80 in each. */
  private static final class Star {
    final Netns host;
    final List<Netns> pods = new ArrayList<>();
    final List<String> labels = new ArrayList<>();
    final List<TcpListener> web = new ArrayList<>();

    private Star(Netns host) {
      this.host = host;
    }

    static Star build(Scope scope, int n) {
      Star s = new Star(scope.host());
      s.host.sysctl("net.ipv4.ip_forward", "1");
      for (int i = 0; i < n; i++) {
        Netns pod = scope.createNamespace("p" + i);
        s.host.addVeth("h" + i, pod, "eth0");
        s.host.addAddress("h" + i, "10.77." + i + ".1/24");
        pod.addAddress("eth0", "10.77." + i + ".2/24");
        pod.addRoute("default", "10.77." + i + ".1", null);
        s.pods.add(pod);
        s.labels.add("p" + i);
        s.web.add(pod.listen("10.77." + i + ".2", 80));
      }
      return s;
    }

    /** Denies {@code count} cells (never a pod to itself, which does not pass the host): even DROP, odd REJECT. */
    List<String> deny(int count) {
      List<String> denied = new ArrayList<>();
      int n = pods.size();
      for (int k = 0; k < count; k++) {
        int f = k % n;
        int t = (f + 1 + k / n) % n;
        if (t == f) t = (t + 1) % n;
        denied.add("p" + f + ">p" + t);
        host.exec("iptables", "-A", "FORWARD", "-s", "10.77." + f + ".2", "-d", "10.77." + t + ".2", "-p", "tcp",
            "--dport", "80", "-j", k % 2 == 0 ? "DROP" : "REJECT").orThrow();
      }
      return denied;
    }

    Reachability grid() {
      Reachability g = Reachability.tcp(80).timeout(TIMEOUT);
      for (int i = 0; i < pods.size(); i++) g.from(labels.get(i), pods.get(i)).to(labels.get(i), "10.77." + i + ".2");
      return g;
    }

    /** One {@code ip netns exec SRC timeout 1 bash -c 'exec 3<>/dev/tcp/IP/80'} per cell, one after another. */
    long naiveLoop() throws Exception {
      long t0 = System.nanoTime();
      for (Netns src : pods) {
        for (int i = 0; i < pods.size(); i++) {
          Process p = new ProcessBuilder("ip", "netns", "exec", src.name(), "timeout", "1", "bash", "-c",
              "exec 3<>\"/dev/tcp/$0/80\"", "10.77." + i + ".2").redirectErrorStream(true).start();
          p.getInputStream().readAllBytes();
          p.waitFor();
        }
      }
      return (System.nanoTime() - t0) / 1_000_000;
    }

    void close() {
      web.forEach(TcpListener::close);
    }
  }
}
