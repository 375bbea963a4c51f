package dev.netns.bench;

import dev.netns.NetnsSettings;
import dev.netns.ProbeResult;
import dev.netns.internal.kind.KindBackend;
import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.LinkState;
import dev.netns.internal.spi.NetOp;
import dev.netns.internal.spi.VethSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One operation on a kind node, three ways, in one run: the native path (this JVM's system calls
 * in the node's namespaces through {@code /proc/PID} of the node container), the exec channel
 * (one program per operation through a long-lived session in the node), and one {@code docker
 * exec} per operation (the docker CLI, as a user types it). Operations: read the node's links
 * with their addresses ({@code ip -j -d addr show}), ping one pod from another pod's namespace,
 * make a veth pair in the node (removed again, untimed). Each path runs its rounds in a block of
 * its own (a {@code docker exec} leaves work behind in the daemon that would slow an interleaved
 * request down). Prints medians and the ratios to {@code docker exec}.
 *
 * <p>Arguments: {@code [cluster [node]]} (default the stand-in {@code jn-kind jn-kind-worker}),
 * {@code --rounds N} (default 200 for in-process and channel, a fifth of it for docker exec).
 */
public final class KindNodeBench {

  private static final String DOCKER = "/usr/bin/docker";
  private static final Duration PING = Duration.ofSeconds(1);

  private KindNodeBench() {
  }

  public static void main(String[] args) throws Exception {
    List<String> pos = new ArrayList<>();
    int rounds = 200;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--rounds")) rounds = Integer.parseInt(args[++i]);
      else if (args[i].startsWith("--")) throw new IllegalArgumentException("unknown argument " + args[i] + "; allowed: [cluster [node]] --rounds N");
      else pos.add(args[i]);
    }
    String cluster = pos.size() > 0 ? pos.get(0) : "jn-kind";
    String node = pos.size() > 1 ? pos.get(1) : cluster + "-worker";
    System.out.println(run(cluster, node, rounds));
    exitUnlessInSurefire();
  }

  static String run(String cluster, String node, int rounds) throws Exception {
    Map<String, Map<String, Double>> table = new LinkedHashMap<>();
    String pod;
    String peerIp;
    String describeNative = null;
    int dockerRounds = Math.max(10, rounds / 5);
    for (String path : List.of("native", "channel")) {
      System.setProperty(NetnsSettings.KIND_PATH, path);
      try (KindBackend b = KindBackend.connect(cluster, node)) {
        if (path.equals("native")) describeNative = b.describe();
        Engine e = b.engine();
        String[] pods = twoPods(e);
        pod = pods[0];
        peerIp = pods[1];
        int n = path.equals("native") ? rounds : Math.max(20, rounds / 2);
        table.computeIfAbsent("read the node's links and addresses", k -> new LinkedHashMap<>())
            .put(path, time(n, () -> e.links(null)));
        final String p = pod;
        final String ip = peerIp;
        table.computeIfAbsent("ping a pod from another pod's namespace", k -> new LinkedHashMap<>())
            .put(path, time(n, () -> {
              ProbeResult r = e.ping(p, ip, PING);
              if (!r.success()) throw new IllegalStateException("ping " + ip + " from " + p + ": " + r.detail());
            }));
        table.computeIfAbsent("make a veth pair in the node", k -> new LinkedHashMap<>())
            .put(path, vethTimes(n, e));
      } finally {
        System.clearProperty(NetnsSettings.KIND_PATH);
      }
    }
    // the same three with one docker exec each (the pods as the native path found them)
    String[] pods;
    System.setProperty(NetnsSettings.KIND_PATH, "native");
    try (KindBackend b = KindBackend.connect(cluster, node)) {
      pods = twoPods(b.engine());
    } finally {
      System.clearProperty(NetnsSettings.KIND_PATH);
    }
    table.get("read the node's links and addresses").put("docker exec", time(dockerRounds, 3,
        () -> docker(List.of(DOCKER, "exec", node, "ip", "-j", "-d", "addr", "show"))));
    table.get("ping a pod from another pod's namespace").put("docker exec", time(dockerRounds, 3,
        () -> docker(List.of(DOCKER, "exec", node, "ip", "netns", "exec", pods[0], "ping", "-c", "1", "-W", "1", pods[1]))));
    List<Double> veth = new ArrayList<>();
    for (int i = 0; i < dockerRounds; i++) {
      String[] names = vethNames();
      long t0 = System.nanoTime();
      docker(List.of(DOCKER, "exec", node, "ip", "link", "add", names[0], "type", "veth", "peer", "name", names[1]));
      veth.add((System.nanoTime() - t0) / 1e6);
      docker(List.of(DOCKER, "exec", node, "ip", "link", "del", names[0]));
    }
    table.get("make a veth pair in the node").put("docker exec", median(veth));

    StringBuilder out = new StringBuilder();
    out.append(describeNative).append('\n');
    out.append(String.format(Locale.ROOT, "kind node %s (cluster %s); %d CPUs, load %s; rounds: %d in-process, %d channel,"
            + " %d docker exec; medians%n", node, cluster, Runtime.getRuntime().availableProcessors(),
        JUnitPathBench.load(), rounds, Math.max(20, rounds / 2), dockerRounds));
    out.append("| operation | native (/proc/PID) | exec channel | docker exec per op | native vs docker exec | channel vs docker exec |\n");
    out.append("| --- | --- | --- | --- | --- | --- |\n");
    table.forEach((op, m) -> out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.0fx | %.1fx |%n", op,
        ms(m.get("native")), ms(m.get("channel")), ms(m.get("docker exec")),
        m.get("docker exec") / m.get("native"), m.get("docker exec") / m.get("channel"))));
    return out.toString();
  }

  /** The Docker client's threads would keep a plain {@code java} run alive; surefire's JVM must not be ended here. */
  static void exitUnlessInSurefire() {
    if (System.getProperty("surefire.real.class.path") == null) System.exit(0);
  }

  private static String ms(double v) {
    return v < 1 ? String.format(Locale.ROOT, "%.3f ms", v) : String.format(Locale.ROOT, "%.1f ms", v);
  }

  /** The first two pods of the node: a pod namespace and the other pod's address. */
  private static String[] twoPods(Engine e) {
    List<String> pods = new ArrayList<>();
    for (String n : e.listNamespaces()) if (n.startsWith("cni-")) pods.add(n);
    if (pods.size() < 2) throw new IllegalStateException("the node needs two pods, it has " + pods);
    java.util.Collections.sort(pods);
    String ip = null;
    for (LinkState l : e.links(pods.get(1))) {
      if (l.name().equals("eth0") && !l.addresses().isEmpty()) ip = l.addresses().get(0).replaceAll("/.*", "");
    }
    if (ip == null) throw new IllegalStateException("pod " + pods.get(1) + " has no eth0 address");
    return new String[] {pods.get(0), ip};
  }

  private static int seq;

  private static String[] vethNames() {
    String base = "jnbv" + Long.toString(ProcessHandle.current().pid(), 36) + Integer.toString(++seq, 36);
    return new String[] {base + "a", base + "b"};
  }

  private static double vethTimes(int n, Engine e) {
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < n + 5; i++) {
      String[] names = vethNames();
      long t0 = System.nanoTime();
      e.createVeth(new VethSpec(null, names[0], null, names[1], 0, null));
      long t = System.nanoTime() - t0;
      e.apply(null, List.of(new NetOp.DeleteLink(names[0])));
      if (i >= 5) ms.add(t / 1e6);
    }
    return median(ms);
  }

  private static double time(int n, Runnable op) {
    return time(n, 20, op);
  }

  private static double time(int n, int warm, Runnable op) {
    for (int i = 0; i < Math.min(warm, n); i++) op.run();
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      op.run();
      ms.add((System.nanoTime() - t0) / 1e6);
    }
    return median(ms);
  }

  private static void docker(List<String> argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(argv + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException(argv + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double median(List<Double> xs) {
    return JUnitPathBench.median(xs.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
