package dev.netns.internal.reach;

import dev.netns.ExecResult;
import dev.netns.internal.spi.ProbeSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One namespace whose packet-filter rules the watch reads: which {@code *-save} programs print
 * them (iptables-nft, iptables-legacy, and the IPv6 ones when a probe is IPv6) and the rules with
 * counters as last read.
 */
final class Watched {

  final ProbeSource ns;
  final List<String> programs;
  private final RuleReader reader;
  volatile Map<String, RuleSet> rules = Map.of();
  /** nf_tables counters read in-process (local kernel), after the first full read; null: re-run the programs. */
  private dev.netns.internal.netlink.NfCounters counters;
  private boolean countersTried;
  /** Counters at the first read: rule key -> packets. */
  final Map<String, Long> baseline = new java.util.concurrent.ConcurrentHashMap<>();

  /** The namespace's file as this JVM can enter it; null when the target is remote. */
  final String localPath;

  Watched(ProbeSource ns, List<String> programs, String localPath, RuleReader reader) {
    this.ns = ns;
    this.localPath = localPath;
    this.programs = programs;
    this.reader = reader;
  }

  private volatile java.util.Set<String> addresses;

  /** Whether the namespace holds {@code ip} on one of its interfaces (read once per grid). */
  boolean holds(String ip) {
    java.util.Set<String> a = addresses;
    if (a == null) {
      a = new java.util.HashSet<>();
      try {
        for (dev.netns.Link l : ns.links()) {
          for (String cidr : l.addresses()) a.add(canonical(cidr.substring(0, cidr.indexOf('/'))));
        }
      } catch (RuntimeException e) {
        // cannot read: treat it as a router (its FORWARD rules may apply)
      }
      addresses = a;
    }
    return a.contains(canonical(ip));
  }

  private static String canonical(String ip) {
    inet.ipaddr.IPAddress a = new inet.ipaddr.IPAddressString(ip).getAddress();
    return a == null ? ip : a.toCanonicalString();
  }

  String display() {
    return ns.display();
  }

  /** e.g. {@code iptables-nft} for {@code iptables-nft-save}. */
  String programLabel(String program) {
    String p = program.substring(program.lastIndexOf('/') + 1);
    p = p.endsWith("-save") ? p.substring(0, p.length() - 5) : p;
    if (p.equals("iptables") || p.equals("ip6tables")) return p;
    return p;
  }

  /** Whether a re-read costs microseconds (only nf_tables counters, read over netlink). */
  boolean fast() {
    return counters != null && programs.stream().allMatch(Watched::isNft);
  }

  private static boolean isNft(String program) {
    return program.contains("-nft-");
  }

  /**
   * Reads every program's rules now. After the first read, the counters of iptables-nft rules
   * are re-read over nf_tables netlink in this JVM (the rules' text stays as first read); other
   * programs run again.
   */
  void read() {
    if (!rules.isEmpty() && counters != null) {
      Map<String, RuleSet> now = new LinkedHashMap<>(rules);
      for (String p : programs) {
        if (isNft(p)) {
          RuleSet set = rules.get(p);
          if (set == null) continue;
          Map<String, Long> c = counters.read(p.startsWith("ip6") ? 10 : 2);
          for (FilterRule r : set.all) {
            Long n = c.get(r.table + "|" + r.chain + "|" + r.position);
            if (n != null) r.packets = n;
          }
        } else {
          ExecResult r = reader.save(ns, p);
          if (r.exitCode() == 0) now.put(p, RuleSet.parse(p, r.stdout()));
        }
      }
      rules = now;
      return;
    }
    if (counters != null && programs.stream().allMatch(Watched::isNft)) {
      // the text of the rules only changes with nf_tables' generation: read it again only then
      long gen = counters.generation();
      Cached known = CACHE.get(cacheKey());
      if (known != null && known.generation == gen && gen >= 0) {
        rules = known.rules;
        refreshNftCounters();
        return;
      }
      Map<String, RuleSet> now = readAll();
      if (counters.generation() == gen && gen >= 0) {
        if (CACHE.size() > 256) CACHE.clear(); // namespaces come and go: keep the memory bounded
        CACHE.put(cacheKey(), new Cached(gen, now));
      }
      rules = now;
      return;
    }
    rules = readAll();
  }

  /** Rules read at one nf_tables generation of one namespace (path and inode: a reused name is another namespace). */
  private record Cached(long generation, Map<String, RuleSet> rules) {
  }

  private static final Map<String, Cached> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

  private String cacheKey() {
    try {
      Object ino = java.nio.file.Files.getAttribute(java.nio.file.Path.of(localPath), "unix:ino");
      return localPath + "#" + ino;
    } catch (java.io.IOException | RuntimeException e) {
      return ns.path() + "#?" + System.nanoTime(); // never matches: read the rules
    }
  }

  private void refreshNftCounters() {
    for (String p : programs) {
      RuleSet set = rules.get(p);
      if (set == null) continue;
      Map<String, Long> c = counters.read(p.startsWith("ip6") ? 10 : 2);
      for (FilterRule r : set.all) {
        Long n = c.get(r.table + "|" + r.chain + "|" + r.position);
        if (n != null) r.packets = n;
      }
    }
  }

  private Map<String, RuleSet> readAll() {
    Map<String, RuleSet> now = new LinkedHashMap<>();
    for (String p : programs) {
      ExecResult r = reader.save(ns, p);
      if (r.exitCode() != 0) continue; // a program that cannot read here blames nothing
      now.put(p, RuleSet.parse(p, r.stdout()));
    }
    return now;
  }

  /** Switches re-reads of iptables-nft counters to netlink (local kernel only). */
  void useNetlinkCounters() {
    if (countersTried || programs.stream().noneMatch(Watched::isNft)) return;
    countersTried = true;
    try {
      counters = localPath == null ? null : dev.netns.internal.netlink.NfCounters.open(localPath);
    } catch (RuntimeException e) {
      counters = null; // keep re-running the programs
    }
  }

  void close() {
    if (counters != null) counters.close();
  }

  void setBaseline() {
    for (RuleSet s : rules.values()) {
      for (FilterRule r : s.all) baseline.put(r.key(), r.packets);
    }
  }

  boolean hasDenyingRule() {
    return rules.values().stream().anyMatch(RuleSet::hasDenyingRule);
  }

  /** How a namespace's rules are read: {@code PROGRAM -c} run inside it, on its target. */
  interface RuleReader {
    ExecResult save(ProbeSource ns, String program);

    /** Runs the program through the namespace's own exec (local kernel: this machine's program). */
    RuleReader EXEC = (ns, program) -> ns.exec(Duration.ofSeconds(20), List.of(program, "-c"));

    /** Runs this machine's program inside the namespace file {@code path} (a kind node's, entered through /proc). */
    static RuleReader nsenter(String path) {
      return (ns, program) -> dev.netns.internal.local.LocalCommandRunner.INSTANCE.run(dev.netns.internal.spi.ExecRequest.of(
          Duration.ofSeconds(20), List.of("nsenter", "--net=" + path, program, "-c")));
    }
  }
}
