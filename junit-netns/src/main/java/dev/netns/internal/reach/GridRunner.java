package dev.netns.internal.reach;

import dev.netns.Netns;
import dev.netns.ProbeResult;
import dev.netns.Reachability;
import dev.netns.internal.spi.ProbeSource;
import dev.netns.internal.local.LocalCommandRunner;
import dev.netns.internal.netlink.NfPresence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the cells of a {@link Reachability} grid (and single probes) with the denial watch: on
 * the local kernel TCP and UDP cells all go out together from one selector
 * ({@link SocketCells}); ICMP cells, and every cell on a remote target, run on a thread each
 * through the engine's own probe.
 */
public final class GridRunner {

  private static final AtomicInteger SEQ = new AtomicInteger();

  /** Daemon threads for cells and rule reads; idle ones end after two seconds, so a grid leaves none behind. */
  static final ExecutorService THREADS = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 2,
      TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "netns-grid-" + SEQ.incrementAndGet());
        t.setDaemon(true);
        return t;
      });

  private GridRunner() {
  }

  /** Probes every cell of {@code grid}; source label -> destination label -> result. */
  public static Map<String, Map<String, ProbeResult>> run(Reachability grid) {
    String proto = grid.protocol().name().toLowerCase(java.util.Locale.ROOT);
    List<Cell> cells = new ArrayList<>();
    List<ProbeSource> sources = new ArrayList<>();
    for (var s : grid.sources().entrySet()) {
      ProbeSource src = impl(s.getKey(), s.getValue());
      sources.add(src);
      for (var d : grid.destinations().entrySet()) {
        cells.add(new Cell(s.getKey(), d.getKey(), src, d.getValue(), grid.port(), proto));
      }
    }
    boolean v6 = grid.destinations().values().stream().anyMatch(ip -> ip.contains(":"));
    runCells(cells, sources, v6, grid.timeout());
    Map<String, Map<String, ProbeResult>> out = new LinkedHashMap<>();
    for (Cell c : cells) out.computeIfAbsent(c.from, k -> new LinkedHashMap<>()).put(c.to, c.result.join());
    return out;
  }

  /**
   * One probe with the denial watch: what {@code Netns.ping/connect/connectUdp} run. Without a
   * rule that drops or rejects in the watched namespaces it is exactly the engine's probe.
   *
   * @param proto {@code icmp}, {@code tcp} or {@code udp}
   */
  public static ProbeResult single(ProbeSource source, String proto, String ip, int port, Duration timeout) {
    Cell c = new Cell("", "", source, ip, port, proto);
    runCells(List.of(c), List.of(source), ip.contains(":"), timeout);
    return c.result.join();
  }

  private static void runCells(List<Cell> cells, List<ProbeSource> sources, boolean v6, Duration timeout) {
    boolean local = cells.stream().allMatch(c -> c.sourcePath != null);
    try (DenialWatch watch = DenialWatch.open(watchable(sources, v6, local))) {
      String proto = cells.get(0).proto;
      if (!watch.active()) {
        // nothing could deny: exactly today's probes (the selector still runs a grid's cells at once)
        if (local && !proto.equals("icmp") && cells.size() > 1) {
          SocketCells.run(cells, timeout, watch);
        } else {
          perCell(cells, timeout, watch, false);
        }
      } else if (local && !proto.equals("icmp")) {
        SocketCells.run(cells, timeout, watch);
      } else {
        perCell(cells, timeout, watch, local);
      }
      long limit = timeout.toMillis() + 30_000;
      for (Cell c : cells) {
        try {
          c.result.get(limit, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          c.complete(SocketCells.fail(c, "the probe did not finish: " + e));
        }
      }
    }
  }

  private static void perCell(List<Cell> cells, Duration timeout, DenialWatch watch, boolean learnSources) {
    if (watch.active()) {
      if (learnSources) {
        Map<String, List<Cell>> bySource = new LinkedHashMap<>();
        for (Cell c : cells) bySource.computeIfAbsent(c.source.name(), k -> new ArrayList<>()).add(c);
        List<java.util.concurrent.CompletableFuture<Void>> f = new ArrayList<>();
        for (List<Cell> cs : bySource.values()) {
          f.add(java.util.concurrent.CompletableFuture.runAsync(() -> dev.netns.internal.netlink.NsThread.callIn(
              cs.get(0).sourcePath, "learn source addresses", () -> {
                cs.forEach(SocketCells::learnSource);
                return null;
              }), THREADS));
        }
        f.forEach(java.util.concurrent.CompletableFuture::join);
      }
      for (Cell c : cells) watch.prepare(c);
      watch.start();
    }
    if (cells.size() == 1) {
      Cell c = cells.get(0);
      watchOrRun(c, timeout, watch);
      return;
    }
    if (!watch.active()) {
      for (Cell c : cells) THREADS.execute(() -> c.complete(unwatched(c, timeout)));
      return;
    }
    for (Cell c : cells) watchOrRun(c, timeout, watch);
  }

  private static void watchOrRun(Cell c, Duration timeout, DenialWatch watch) {
    if (!watch.active()) {
      c.complete(unwatched(c, timeout));
      return;
    }
    // the probe runs on its own thread so that a denial can end the wait before the probe's timeout
    THREADS.execute(() -> {
      ProbeResult r;
      try {
        r = unwatched(c, timeout);
      } catch (RuntimeException e) {
        c.result.completeExceptionally(e);
        return;
      }
      watch.settle(c, r);
    });
  }

  private static ProbeResult unwatched(Cell c, Duration timeout) {
    c.launched();
    return c.source.probeUnwatched(c.proto, c.dst, c.port, timeout);
  }

  /**
   * The namespaces whose rules could decide probes from {@code sources}: the sources, every
   * namespace of their tests (and classes), and the host side. On the local kernel only those
   * that have packet-filter tables at all (asked in-process), each with the programs that print
   * its rules.
   */
  static List<Watched> watchable(Collection<ProbeSource> sources, boolean v6, boolean local) {
    Set<ProbeSource> all = new LinkedHashSet<>(sources);
    Set<Object> scopes = new java.util.HashSet<>();
    for (ProbeSource s : sources) {
      if (scopes.add(s.scopeKey())) all.addAll(s.filterNamespaces());
    }
    List<Watched> out = new ArrayList<>();
    List<ProbeSource> nss = new ArrayList<>(all);
    List<String> paths = nss.stream().map(n -> n.localPath().orElse(null)).toList();
    boolean inProcess = local && paths.stream().allMatch(java.util.Objects::nonNull);
    List<NfPresence> presence = inProcess ? NfPresence.ofAll(paths) : List.of();
    for (int i = 0; i < nss.size(); i++) {
      ProbeSource ns = nss.get(i);
      List<String> programs = new ArrayList<>();
      if (inProcess) {
        NfPresence p = presence.get(i);
        if (p == null) continue; // removed meanwhile: it filters nothing
        if (p.nfTables()) {
          programs.add(program("iptables-nft-save", "iptables-save"));
          if (v6) programs.add(program("ip6tables-nft-save", "ip6tables-save"));
        }
        if (!p.legacyTables().isEmpty()) programs.add(program("iptables-legacy-save", null));
        if (v6 && !p.legacyTables6().isEmpty()) programs.add(program("ip6tables-legacy-save", null));
        programs.removeIf(java.util.Objects::isNull);
      } else {
        programs.add("iptables-save");
        if (v6) programs.add("ip6tables-save");
      }
      if (programs.isEmpty()) continue;
      String path = inProcess ? paths.get(i) : null;
      boolean onThisMachine = ns.onLocalKernel();
      // a kind node on this machine's Docker: this machine's programs read the node's rules (the node may have none)
      out.add(new Watched(ns, programs, path, path == null || onThisMachine ? Watched.RuleReader.EXEC
          : Watched.RuleReader.nsenter(path)));
    }
    return out;
  }

  private static String program(String preferred, String fallback) {
    for (String p : fallback == null ? List.of(preferred) : List.of(preferred, fallback)) {
      try {
        LocalCommandRunner.which(p);
        return p;
      } catch (dev.netns.NetnsException missing) {
        // try the next name
      }
    }
    return null;
  }

  private static ProbeSource impl(String label, Netns ns) {
    if (!(ns instanceof ProbeSource n)) {
      throw new IllegalArgumentException("source \"" + label + "\" is " + ns.getClass().getName()
          + ", not a namespace junit-netns made or adopted");
    }
    return n;
  }

  static byte[] literal(String ip) {
    return new inet.ipaddr.IPAddressString(ip).getAddress().getBytes();
  }
}
