package dev.netns.internal.ip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netns.ExecResult;
import dev.netns.NetnsException;
import dev.netns.ProbeResult;
import dev.netns.Route;
import dev.netns.internal.spi.CommandRunner;
import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.spi.LinkState;
import dev.netns.internal.spi.NetOp;
import dev.netns.internal.spi.VethSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The iproute2 engine: every change is an {@code ip} command (batched with {@code ip -batch} where
 * iproute2 allows it), every read is {@code ip -json}. Runs through a {@link CommandRunner}, so it
 * works on the local kernel and, unchanged, inside a kind node.
 */
public final class IpEngine implements Engine {

  /** Made on first use: Jackson's start-up (tens of ms) is not paid by the native engine, which holds an IpEngine only for exec. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
  private static final Duration CMD_TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicInteger THREADS = new AtomicInteger();
  /** Per-namespace steps run in parallel on plain platform threads (they only wait on processes). */
  private static final ExecutorService PARALLEL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "netns-ip-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private static final List<String[]> NO_DAD = List.of(
      new String[] {"net.ipv6.conf.all.accept_dad", "0"},
      new String[] {"net.ipv6.conf.default.accept_dad", "0"},
      new String[] {"net.ipv6.conf.lo.accept_dad", "0"});

  private final CommandRunner runner;
  private final List<String> hostSidePrefix;

  public IpEngine(CommandRunner runner) {
    this(runner, List.of());
  }

  /**
   * An engine whose commands that act from its own namespace (creating namespaces, creating veth
   * pairs between two of them) start with {@code hostSidePrefix}. A rootless JVM passes
   * {@code unshare --net --}: its own namespace is the machine's, which belongs to the initial user
   * namespace and refuses those requests (and {@code ip netns add} fails going back into it), so
   * they are made from a throw-away namespace of the JVM's user namespace instead.
   */
  public IpEngine(CommandRunner runner, List<String> hostSidePrefix) {
    this.runner = runner;
    this.hostSidePrefix = List.copyOf(hostSidePrefix);
  }

  public CommandRunner runner() {
    return runner;
  }

  @Override
  public String describe() {
    return "iproute2 on the " + runner.describe();
  }

  // ---------------------------------------------------------------- namespaces

  @Override
  public void createNamespaces(List<String> names) {
    if (names.isEmpty()) return;
    StringBuilder batch = new StringBuilder();
    for (String n : names) {
      batch.append("netns add ").append(n).append('\n');
    }
    ipBatch(null, batch.toString(), "create namespaces " + names);
    parallel(names, n -> {
      // no duplicate address detection: an IPv6 address works the moment it is added
      writeSysctls(n, NO_DAD);
      ipBatch(n, "link set lo up\n", "set lo up in " + n);
      return null;
    });
  }

  @Override
  public void deleteNamespaces(List<String> names) {
    if (names.isEmpty()) return;
    StringBuilder batch = new StringBuilder();
    for (String n : names) {
      batch.append("netns del ").append(n).append('\n');
    }
    ExecResult r = runner.run(new ExecRequest(List.of("ip", "-force", "-batch", "-"), null,
        batch.toString().getBytes(StandardCharsets.UTF_8), CMD_TIMEOUT));
    if (r.exitCode() != 0) {
      List<String> still = new ArrayList<>(listNamespaces());
      still.retainAll(names);
      if (!still.isEmpty()) {
        throw new NetnsException("could not delete namespaces " + still + " on the " + runner.describe()
            + ": " + r.stderr().strip());
      }
    }
  }

  @Override
  public List<String> listNamespaces() {
    ExecResult r = run(List.of("ip", "-j", "netns", "list"), "list namespaces");
    List<String> out = new ArrayList<>();
    String text = r.stdout().strip();
    if (text.isEmpty()) return out;
    for (JsonNode n : parse(text, "ip -j netns list")) {
      out.add(n.path("name").asText());
    }
    return out;
  }

  // ---------------------------------------------------------------- exec

  @Override
  public ExecResult exec(String ns, ExecRequest request) {
    return dev.netns.internal.spi.NamespacePrograms.exec(runner, ns, request);
  }

  // ---------------------------------------------------------------- links

  @Override
  public void createVeth(VethSpec s) {
    List<String> argv = new ArrayList<>(hostSidePrefix);
    argv.addAll(List.of("ip", "link", "add", "name", s.leftName()));
    if (s.leftNs() != null) argv.addAll(List.of("netns", s.leftNs()));
    if (s.mtu() > 0) argv.addAll(List.of("mtu", Integer.toString(s.mtu())));
    // "up" here brings up the left end only; the peer is set up from inside its namespace below
    argv.addAll(List.of("up", "type", "veth", "peer", "name", s.rightName()));
    if (s.rightNs() != null) argv.addAll(List.of("netns", s.rightNs()));
    if (s.mtu() > 0) argv.addAll(List.of("mtu", Integer.toString(s.mtu())));
    run(argv, "create veth pair " + s.leftName() + " <-> " + s.rightName());
    String alias = s.alias() == null ? "" : " alias " + quoteBatch(s.alias());
    String left = s.alias() == null ? "" : "link set dev " + s.leftName() + alias + "\n";
    String right = "link set dev " + s.rightName() + " up" + alias + "\n";
    if (java.util.Objects.equals(s.leftNs(), s.rightNs())) {
      ipBatch(s.leftNs(), left + right, "set up veth pair " + s.leftName());
    } else if (left.isEmpty()) {
      ipBatch(s.rightNs(), right, "set up veth end " + s.rightName());
    } else {
      parallel(List.of(0, 1), i -> {
        ipBatch(i == 0 ? s.leftNs() : s.rightNs(), i == 0 ? left : right, "set up veth end");
        return null;
      });
    }
  }

  @Override
  public void apply(String ns, List<NetOp> ops) {
    StringBuilder batch = new StringBuilder();
    List<NetOp.Sysctl> sysctls = new ArrayList<>();
    for (NetOp op : ops) {
      if (op instanceof NetOp.Sysctl s) {
        // sysctl is not an ip command: flush what came before, in order.
        if (batch.length() > 0) {
          ipBatch(ns, batch.toString(), "configure " + label(ns));
          batch.setLength(0);
        }
        writeSysctl(ns, s.key(), s.value());
        continue;
      }
      batch.append(line(op)).append('\n');
    }
    if (batch.length() > 0) {
      ipBatch(ns, batch.toString(), "configure " + label(ns));
    }
  }

  static String line(NetOp op) {
    if (op instanceof NetOp.Sysctl) throw new IllegalArgumentException("sysctl is no ip batch line: " + op);
    return NetOp.words(op);
  }

  /** ip's batch parser splits on blanks and honours double quotes. */
  private static String quoteBatch(String s) {
    return "\"" + s.replace("\"", "") + "\"";
  }

  private void writeSysctl(String ns, String key, String value) {
    writeSysctls(ns, List.<String[]>of(new String[] {key, value}));
  }

  /**
   * Set once the target turned out to mount {@code /proc/sys} read-only: a container (such as a
   * kind node started without {@code --privileged}) where Docker's default read-only bind mount
   * is in place although the container holds CAP_SYS_ADMIN.
   */
  private volatile boolean procSysReadOnly;

  /**
   * A fixed script, no sysctl binary needed (a minimal node image has no procps): writes each value
   * to its /proc/sys file; the files and values come as arguments ($1 $2 $3 $4 ...), never as code.
   */
  private static final String SYSCTL_WRITE =
      "while [ $# -ge 2 ]; do printf '%s\\n' \"$2\" > \"$1\" || exit 1; shift 2; done";
  /** The same, after making /proc/sys writable in a private mount namespace. */
  private static final String SYSCTL_RW = "mount -o remount,rw,bind /proc/sys && " + SYSCTL_WRITE;

  /**
   * A fixed bash loop writes the /proc/sys files inside the namespace ({@code nsenter --net}), on
   * the local kernel as on a kind node: this engine works through programs only and borrows no
   * thread of the native engine.
   */
  private void writeSysctls(String ns, List<String[]> pairs) {
    for (String[] kv : pairs) dev.netns.SysctlKey.of(kv[0]); // every key before the first write
    String what = "set sysctl " + pairs.get(0)[0] + "=" + pairs.get(0)[1] + (pairs.size() > 1 ? " (and more)" : "")
        + " in " + label(ns);
    List<String> fileValuePairs = new ArrayList<>();
    for (String[] kv : pairs) {
      fileValuePairs.add(dev.netns.internal.ProcFiles.sysctlPath(kv[0]).toString());
      fileValuePairs.add(kv[1]);
    }
    List<String> enter = ns == null ? List.of() : List.of("nsenter", "--net=" + pathOf(ns));
    if (!procSysReadOnly) {
      List<String> argv = new ArrayList<>(enter);
      argv.addAll(List.of("bash", "-c", SYSCTL_WRITE, "sysctl"));
      argv.addAll(fileValuePairs);
      ExecResult r = runner.run(ExecRequest.of(CMD_TIMEOUT, argv));
      if (r.exitCode() == 0) return;
      String err = r.stderr();
      String lower = err.toLowerCase(java.util.Locale.ROOT);
      if (!lower.contains("permission denied") && !lower.contains("read-only file system")) {
        throw new NetnsException("could not " + what + " on the " + runner.describe() + ": exit " + r.exitCode()
            + ": " + err.strip());
      }
      procSysReadOnly = true;
    }
    // the change stays in the namespace's sysctls; the writable mount dies with the private mount namespace
    List<String> argv = new ArrayList<>(enter);
    argv.addAll(List.of("unshare", "--mount", "--propagation", "private", "--", "bash", "-c", SYSCTL_RW, "sysctl"));
    argv.addAll(fileValuePairs);
    run(argv, what);
  }


  @Override
  public String readSysctl(String ns, String key) {
    dev.netns.SysctlKey.of(key);
    List<String> argv = new ArrayList<>();
    if (ns != null) argv.addAll(List.of("nsenter", "--net=" + pathOf(ns)));
    argv.addAll(List.of("cat", dev.netns.internal.ProcFiles.sysctlPath(key).toString())); // no sysctl binary needed
    return run(argv, "read sysctl " + key + " in " + label(ns)).stdout().strip();
  }

  /** One program for all keys: {@code grep -H .} prints {@code path:value} per file; a missing file is left out. */
  @Override
  public java.util.Map<String, String> readSysctls(String ns, List<String> keys) {
    List<String> argv = new ArrayList<>();
    if (ns != null) argv.addAll(List.of("nsenter", "--net=" + pathOf(ns)));
    argv.addAll(List.of("grep", "-H", "."));
    for (String k : keys) argv.add(dev.netns.internal.ProcFiles.sysctlPath(k).toString());
    java.util.Map<String, String> found = new java.util.HashMap<>();
    ExecResult r = runner.run(new ExecRequest(argv, null, null, CMD_TIMEOUT));
    for (String line : r.stdout().split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0 || !line.startsWith("/proc/sys/")) continue;
      found.put(line.substring("/proc/sys/".length(), colon), line.substring(colon + 1).strip());
    }
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String k : keys) {
      String v = found.get(dev.netns.SysctlKey.of(k).relativePath());
      if (v != null) out.put(k, v);
    }
    return out;
  }

  @Override
  public List<LinkState> applyAndRead(String ns, List<NetOp> ops) {
    if (ops.stream().anyMatch(o -> o instanceof NetOp.Sysctl)) {
      apply(ns, ops);
      return links(ns);
    }
    StringBuilder batch = new StringBuilder();
    for (NetOp op : ops) batch.append(line(op)).append('\n');
    batch.append("addr show\n");
    List<String> argv = new ArrayList<>(List.of("ip", "-j", "-d"));
    if (ns != null) argv.addAll(List.of("-n", ns));
    argv.addAll(List.of("-batch", "-"));
    ExecResult r = runner.run(new ExecRequest(argv, null, batch.toString().getBytes(StandardCharsets.UTF_8), CMD_TIMEOUT));
    if (r.exitCode() != 0) {
      throw new NetnsException("could not configure " + label(ns) + " on the " + runner.describe() + ": "
          + describeBatchFailure(batch.toString(), r.stderr()));
    }
    return parseLinks(r.stdout());
  }

  @Override
  public List<LinkState> links(String ns) {
    List<String> argv = new ArrayList<>(List.of("ip"));
    if (ns != null) argv.addAll(List.of("-n", ns));
    argv.addAll(List.of("-j", "-d", "addr", "show"));
    return parseLinks(run(argv, "read links of " + label(ns)).stdout());
  }

  private static List<LinkState> parseLinks(String json) {
    List<LinkState> out = new ArrayList<>();
    JsonNode all = parse(json, "ip -j -d addr show");
    // ip names a peer in the same namespace ("link": "vb") instead of giving its index
    java.util.Map<String, Integer> indexOf = new java.util.HashMap<>();
    for (JsonNode l : all) indexOf.put(l.path("ifname").asText(), l.path("ifindex").asInt());
    for (JsonNode l : all) {
      List<String> flags = new ArrayList<>();
      l.path("flags").forEach(f -> flags.add(f.asText()));
      List<String> addrs = new ArrayList<>();
      for (JsonNode a : l.path("addr_info")) {
        if (a.has("local")) addrs.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
      }
      out.add(new LinkState(
          l.path("ifname").asText(),
          l.path("ifindex").asInt(),
          flags,
          l.path("mtu").asInt(),
          l.path("operstate").asText("UNKNOWN"),
          l.path("linkinfo").path("info_kind").asText(""),
          l.path("address").asText(""),
          l.hasNonNull("master") ? l.path("master").asText() : null,
          l.has("link_index") ? l.path("link_index").asInt()
              : l.hasNonNull("link") ? indexOf.getOrDefault(l.path("link").asText(), -1) : -1,
          l.has("link_netnsid") ? l.path("link_netnsid").asInt() : -1,
          l.hasNonNull("ifalias") ? l.path("ifalias").asText() : null,
          addrs,
          l.path("qdisc").asText("")));
    }
    return out;
  }


  @Override
  public List<Route> routes(String ns) {
    List<Route> out = new ArrayList<>();
    for (int family : new int[] {4, 6}) {
      List<String> argv = new ArrayList<>(List.of("ip"));
      if (ns != null) argv.addAll(List.of("-n", ns));
      argv.addAll(List.of("-j", "-" + family, "route", "show", "table", "main"));
      ExecResult r = run(argv, "read routes of " + label(ns));
      for (JsonNode n : parse(r.stdout(), "ip -j route show")) {
        // a multipath route: one Route per next hop, as the native engine reports it
        List<JsonNode> hops = new ArrayList<>();
        if (!n.hasNonNull("gateway") && n.path("nexthops").size() > 0) n.path("nexthops").forEach(hops::add);
        if (hops.isEmpty()) hops.add(n);
        for (JsonNode hop : hops) {
          out.add(new Route(
              n.path("dst").asText("default"),
              hop.hasNonNull("gateway") ? hop.path("gateway").asText() : null,
              hop.hasNonNull("dev") ? hop.path("dev").asText() : null,
              "main",
              n.path("protocol").asText("boot"),
              n.path("scope").asText("global"),
              n.hasNonNull("prefsrc") ? n.path("prefsrc").asText() : null,
              family));
        }
      }
    }
    return out;
  }

  /** {@code ip -j neigh show}: both families, without NOARP and NONE entries (ip's default filter). */
  @Override
  public List<dev.netns.Neighbour> neighbours(String ns) {
    List<String> argv = new ArrayList<>(List.of("ip"));
    if (ns != null) argv.addAll(List.of("-n", ns));
    argv.addAll(List.of("-j", "neigh", "show"));
    ExecResult r = run(argv, "read neighbours of " + label(ns));
    return parseNeighbours(r.stdout());
  }

  static List<dev.netns.Neighbour> parseNeighbours(String json) {
    List<dev.netns.Neighbour> out = new ArrayList<>();
    for (JsonNode n : parse(json, "ip -j neigh show")) {
      JsonNode state = n.path("state");
      String first = state.isArray() && state.size() > 0 ? state.get(0).asText() : state.isTextual() ? state.asText() : "NONE";
      out.add(new dev.netns.Neighbour(
          n.path("dst").asText(),
          n.hasNonNull("lladdr") ? n.path("lladdr").asText().toLowerCase(Locale.ROOT) : null,
          n.path("dev").asText(null),
          first));
    }
    return out;
  }

  @Override
  public Optional<String> namespaceOfNsid(String ns, int nsid) {
    List<String> argv = new ArrayList<>(List.of("ip"));
    if (ns != null) argv.addAll(List.of("-n", ns));
    argv.addAll(List.of("-j", "netns", "list-id"));
    ExecResult r = run(argv, "list namespace ids of " + label(ns));
    String text = r.stdout().strip();
    if (text.isEmpty()) return Optional.empty();
    for (JsonNode n : parse(text, "ip -j netns list-id")) {
      if (n.path("nsid").asInt(-2) == nsid) {
        String name = n.path("name").asText(null);
        if (name != null) return Optional.of(name);
        return ns != null && isOwnNamespace(ns, nsid) ? Optional.of("") : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code nsid}, as seen from {@code ns}, is the engine's own namespace (which has no ip
   * netns name to match). Decided through a veth pair between the two, as {@code ip link} shows
   * it from both sides: an end in {@code ns} whose peer is in {@code nsid}, and in the own
   * namespace the link at that peer index pointing back to it, whose own link-netnsid names
   * {@code ns}. Without such a pair the answer is "unknown" (false).
   */
  private boolean isOwnNamespace(String ns, int nsid) {
    List<LinkState> own = null;
    for (LinkState l : links(ns)) {
      if (l.linkNetnsId() != nsid || !"veth".equals(l.kind()) || l.peerIndex() <= 0) continue;
      if (own == null) own = links(null);
      for (LinkState o : own) {
        if (o.index() == l.peerIndex() && "veth".equals(o.kind()) && o.peerIndex() == l.index() && o.linkNetnsId() >= 0) {
          if (namespaceOfNsid(null, o.linkNetnsId()).map(ns::equals).orElse(false)) return true;
        }
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- probes

  @Override
  public ProbeResult ping(String ns, String ip, Duration timeout) {
    boolean v6 = ip.contains(":");
    if (runner.isLocal()) {
      dev.netns.internal.local.LocalCommandRunner.which("ping"); // names the package when missing
    }
    double seconds = Math.max(0.1, timeout.toMillis() / 1000.0);
    List<String> argv = new ArrayList<>();
    if (ns != null) argv.addAll(List.of("nsenter", "--net=" + pathOf(ns)));
    argv.addAll(List.of("ping", v6 ? "-6" : "-4", "-n", "-c", "1", "-W", String.format(Locale.ROOT, "%.1f", seconds)));
    PingRecord record = PingRecord.start(runner, ns, ip); // for the evidence's capture, when one watches
    if (record != null) argv.addAll(record.options());
    argv.add(ip);
    long start = System.nanoTime();
    ExecResult r = runner.run(ExecRequest.of(timeout.plusSeconds(5), argv));
    if (record != null) record.sent(ip, r);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    if (r.exitCode() == 0) {
      return new ProbeResult(true, ip, elapsed, lastLines(r.stdout(), 3));
    }
    String detail = (r.stdout() + "\n" + r.stderr()).strip();
    if (r.exitCode() == 126 || r.exitCode() == 127 || r.stderr().contains("failed to execute ping")) {
      LocalHints.requirePing(runner, r);
    }
    return new ProbeResult(false, ip, elapsed, "ping exited " + r.exitCode() + ": " + lastLines(detail, 4));
  }

  @Override
  public ProbeResult connect(String ns, String ip, int port, Duration timeout) {
    double seconds = Math.max(0.1, timeout.toMillis() / 1000.0);
    List<String> argv = new ArrayList<>();
    if (ns != null) argv.addAll(List.of("nsenter", "--net=" + pathOf(ns)));
    // A fixed script; the address and port are passed as arguments $0 and $1, never interpolated.
    argv.addAll(List.of("timeout", String.format(Locale.ROOT, "%.1f", seconds), "bash", "-c",
        "exec 3<>\"/dev/tcp/$0/$1\"", ip, Integer.toString(port)));
    long start = System.nanoTime();
    ExecResult r = runner.run(ExecRequest.of(timeout.plusSeconds(5), argv));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    String target = (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    if (r.exitCode() == 0) {
      return new ProbeResult(true, target, elapsed, "connected");
    }
    String why = r.exitCode() == 124 ? "timed out after " + timeout.toMillis() + " ms"
        : r.stderr().replaceAll("(?s).*/dev/tcp/[^:]*: ", "").strip();
    return new ProbeResult(false, target, elapsed, why.isEmpty() ? "exit " + r.exitCode() : why);
  }

  @Override
  public ProbeResult ping(String ns, String ip, int payloadBytes, Duration timeout) {
    return IpProbes.ping(this, runner, ns, ip, payloadBytes, timeout);
  }

  @Override
  public ProbeResult connectUdp(String ns, String ip, int port, Duration timeout) {
    return IpProbes.connectUdp(this, runner, ns, ip, port, timeout);
  }

  // ---------------------------------------------------------------- helpers

  private String label(String ns) {
    return ns == null ? "the " + runner.describe() + "'s own namespace" : "namespace " + ns;
  }

  ExecResult ipBatch(String ns, String batch, String what) {
    List<String> argv = new ArrayList<>(ns == null ? hostSidePrefix : List.of());
    argv.add("ip");
    if (ns != null) argv.addAll(List.of("-n", ns));
    argv.addAll(List.of("-batch", "-"));
    ExecResult r = runner.run(new ExecRequest(argv, null, batch.getBytes(StandardCharsets.UTF_8), CMD_TIMEOUT));
    if (r.exitCode() != 0) {
      throw new NetnsException("could not " + what + " on the " + runner.describe() + ": "
          + describeBatchFailure(batch, r.stderr()));
    }
    return r;
  }

  /** Turns "Command failed -:3" into the failing line itself; without that marker names the batch. */
  static String describeBatchFailure(String batch, String stderr) {
    String msg = stderr.strip();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Command failed -:(\\d+)").matcher(msg);
    if (m.find()) {
      String[] lines = batch.split("\n");
      int n = Integer.parseInt(m.group(1));
      if (n >= 1 && n <= lines.length) {
        msg = msg.substring(0, m.start()).strip() + " (ip " + lines[n - 1] + ")";
      }
    } else {
      // some commands (ip neigh) exit at once on failure, without saying which line failed
      String[] lines = batch.strip().split("\n");
      msg = msg + (lines.length == 1 ? " (ip " + lines[0] + ")" : " (in the batch: " + String.join("; ", lines) + ")");
    }
    return msg;
  }

  ExecResult run(List<String> argv, String what) {
    ExecResult r = runner.run(ExecRequest.of(CMD_TIMEOUT, argv));
    if (r.exitCode() != 0) {
      throw new NetnsException("could not " + what + " on the " + runner.describe() + ": "
          + String.join(" ", argv) + " exited " + r.exitCode() + ": " + r.stderr().strip());
    }
    return r;
  }

  private static JsonNode parse(String text, String what) {
    try {
      JsonNode n = Json.MAPPER.readTree(text.isBlank() ? "[]" : text);
      return n == null ? Json.MAPPER.createArrayNode() : n;
    } catch (IOException e) {
      throw new NetnsException("could not parse the output of " + what + ": " + e.getMessage()
          + "\n" + text, e);
    }
  }

  private static String lastLines(String text, int n) {
    String[] lines = text.strip().split("\n");
    return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - n), lines.length));
  }

  interface Step<T> {
    Object call(T t) throws Exception;
  }

  /** Runs one step per item concurrently; rethrows the first failure with the others suppressed. */
  static <T> void parallel(List<T> items, Step<T> step) {
    if (items.size() == 1) {
      try {
        step.call(items.get(0));
        return;
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new NetnsException(e.getMessage(), e);
      }
    }
    List<Future<Object>> futures = new ArrayList<>();
    for (T item : items) {
      Callable<Object> c = () -> step.call(item);
      futures.add(PARALLEL.submit(c));
    }
    RuntimeException first = null;
    for (Future<Object> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        RuntimeException re = e.getCause() instanceof RuntimeException x ? x
            : new NetnsException(String.valueOf(e.getCause().getMessage()), e.getCause());
        if (first == null) first = re; else first.addSuppressed(re);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NetnsException("interrupted", e);
      }
    }
    if (first != null) throw first;
  }
}
