package dev.netns.internal.evidence;

import dev.netns.Route;
import dev.netns.internal.core.Backend;
import dev.netns.internal.core.Ownership;
import dev.netns.internal.netlink.HostReads;
import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.spi.LinkState;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What tests may change on the host side of their target, read only: on a kind node the node's
 * own namespace, on the local kernel the JVM's own (the machine's) namespace. One line per fact:
 * links (kind, admin state, MTU, master), addresses, main-table routes, policy rules, packet-filter
 * rules ({@code iptables-save}/{@code ip6tables-save}, counters and comments dropped), the
 * networking sysctls tests commonly change, and the {@code ip netns} names.
 *
 * <p>Left out, because they are not a test's doing: namespaces named by the framework
 * ({@code jn-…}, any run's, and the reproducer scripts' {@code jnr…}), links marked with the
 * framework's alias (and their addresses and routes), and whatever the ignore pattern matches.
 *
 * <p>Cost: on the local kernel with the native engine everything is read in-process by the
 * calling thread, and only what changed: links, addresses, routes and rules only after the kernel
 * announced a change on its rtnetlink multicast groups ({@link HostReads#linksOrRoutesChanged}),
 * the packet filter with {@code iptables-save} only when the nftables generation moved (so almost
 * never); the sysctls (from files kept open) and the namespace names are read each time. On a
 * kind node each part is one request through the node's exec channel (all sysctls in one), seven
 * in all.
 */
final class HostSnapshot {

  static final List<String> SYSCTLS = List.of("net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding",
      "net.ipv4.conf.all.rp_filter", "net.ipv4.conf.default.rp_filter", "net.ipv4.conf.all.route_localnet",
      "net.ipv4.conf.all.proxy_arp", "net.ipv4.ping_group_range", "net.ipv4.ip_local_port_range",
      "net.bridge.bridge-nf-call-iptables", "net.ipv4.conf.all.send_redirects", "net.ipv6.conf.all.disable_ipv6");

  private static final Pattern REPRODUCER_NS = Pattern.compile("jnr[0-9a-f]+-.*");
  private static final Pattern COUNTERS = Pattern.compile("\\[\\d+:\\d+\\]");
  private static final Object FILTER_LOCK = new Object();
  private static final Object ROUTING_LOCK = new Object();
  private static Set<String> cachedRouting;
  /** {@link #cachedRouting} without what each ignore pattern (by its text) leaves out. */
  private static final Map<String, Set<String>> cachedIgnored = new java.util.HashMap<>();
  private static long cachedGeneration = Long.MIN_VALUE;
  private static Set<String> cachedFilter = Set.of();

  private HostSnapshot() {
  }

  /** Reads the host side of {@code backend}; never changes anything. */
  static Set<String> take(Backend backend, Pattern ignore) {
    Engine engine = backend.engine();
    boolean local = backend.hostIsStandIn();
    boolean inProcess = local && engine.inProcess();
    Set<String> out = new HashSet<>();
    if (inProcess) {
      // links, addresses, routes and rules are read again only when the kernel announced a change
      // (and the ignore pattern is applied again only to what was read again)
      synchronized (ROUTING_LOCK) {
        if (HostReads.linksOrRoutesChanged() || cachedRouting == null) {
          cachedRouting = routing(engine, true);
          cachedIgnored.clear();
        }
        out.addAll(cachedIgnored.computeIfAbsent(String.valueOf(ignore), k -> without(cachedRouting, ignore)));
      }
    } else {
      out.addAll(without(routing(engine, false), ignore));
    }
    Set<String> rest = new HashSet<>();
    // one trip for all of them (one hop into the namespace, or one program through a channel)
    for (Map.Entry<String, String> e : engine.readSysctls(null, SYSCTLS).entrySet()) {
      rest.add("sysctl " + e.getKey() + "=" + oneSpaced(e.getValue()));
    }
    for (String n : engine.listNamespaces()) {
      if (n.startsWith(Ownership.NS_PREFIX) || REPRODUCER_NS.matcher(n).matches()) continue;
      rest.add("netns " + n);
    }
    rest.addAll(filter(engine, inProcess));
    out.addAll(without(rest, ignore));
    return out;
  }

  private static Set<String> without(Set<String> lines, Pattern ignore) {
    if (ignore == null) return lines;
    Set<String> out = new HashSet<>(lines);
    out.removeIf(line -> ignore.matcher(line).find());
    return out;
  }

  /** Runs of white space as one space (sysctl values such as {@code 32768\t60999}). */
  private static String oneSpaced(String v) {
    StringBuilder b = new StringBuilder(v.length());
    boolean space = false;
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      if (Character.isWhitespace(ch)) {
        space = true;
        continue;
      }
      if (space && b.length() > 0) b.append(' ');
      space = false;
      b.append(ch);
    }
    return b.toString();
  }

  /** Links (kind, state, MTU, master), their addresses, main-table routes and policy rules. */
  private static Set<String> routing(Engine engine, boolean inProcess) {
    Set<String> out = new HashSet<>();
    Set<String> ours = new HashSet<>();
    for (LinkState l : engine.links(null)) {
      if (l.alias() != null && l.alias().startsWith(Ownership.ALIAS_PREFIX)) {
        ours.add(l.name());
        continue;
      }
      out.add("link " + l.name() + " kind=" + (l.kind().isEmpty() ? "-" : l.kind()) + (l.isUp() ? " up" : " down")
          + " mtu=" + l.mtu() + (l.master() == null || l.master().isEmpty() ? "" : " master=" + l.master()));
      for (String a : l.addresses()) if (!a.startsWith("fe80:")) out.add("addr " + l.name() + " " + a);
    }
    for (Route r : engine.routes(null)) {
      if (r.device() != null && ours.contains(r.device())) continue;
      if (r.destination().startsWith("fe80:")) continue;
      out.add("route " + r);
    }
    for (String r : inProcess ? HostReads.rules() : lines(engine, List.of("ip", "rule", "show"))) out.add("rule " + r);
    return Set.copyOf(out);
  }

  /** Packet-filter rules; on the local kernel re-read only when the nftables generation moved. */
  private static Set<String> filter(Engine engine, boolean inProcess) {
    if (!inProcess) return readFilter(engine);
    synchronized (FILTER_LOCK) {
      long gen = HostReads.nftGeneration();
      if (gen >= 0 && gen == cachedGeneration) return cachedFilter;
      Set<String> now = readFilter(engine);
      cachedGeneration = gen;
      cachedFilter = now;
      return now;
    }
  }

  private static Set<String> readFilter(Engine engine) {
    Set<String> out = new TreeSet<>();
    for (String prog : List.of("iptables-save", "ip6tables-save")) {
      String table = "";
      for (String line : lines(engine, List.of(prog))) {
        if (line.startsWith("#") || line.isBlank() || line.equals("COMMIT")) continue;
        if (line.startsWith("*")) {
          table = line.substring(1);
          continue;
        }
        out.add("filter " + (prog.startsWith("ip6") ? "6 " : "4 ") + table + " "
            + COUNTERS.matcher(line).replaceAll("").strip());
      }
    }
    return out;
  }

  /** A program's output lines (none when it failed or is not there). */
  private static List<String> lines(Engine engine, List<String> argv) {
    try {
      var r = engine.exec(null, ExecRequest.of(Duration.ofSeconds(10), argv));
      if (r.exitCode() != 0) return List.of();
      return r.stdout().lines().toList();
    } catch (RuntimeException e) {
      return List.of(); // the program is not there: nothing of that kind to compare
    }
  }
}
