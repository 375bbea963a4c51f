package dev.netns.cni;

import dev.netns.ExecResult;
import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.Route;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a namespace holds, read through the model: its links (up or down, with their addresses),
 * its main routing table and, for a node, its packet-filter rules. Two snapshots are compared to
 * see what a plugin left behind.
 *
 * @param links  link name to {@code UP 10.0.0.1/24 ...} (IPv6 link-local addresses left out: the
 *               kernel makes them, not the plugin)
 * @param routes routes as {@code ip route} prints them
 * @param rules  {@code iptables-save} and {@code ip6tables-save} without comments and counters;
 *               {@code ""} when not read
 */
record ConformanceState(Map<String, String> links, List<String> routes, String rules) {

  static ConformanceState of(Netns ns, boolean withRules) {
    Map<String, String> links = new TreeMap<>();
    for (Link l : ns.links()) {
      List<String> addrs = new ArrayList<>();
      for (String a : l.addresses()) if (!a.toLowerCase().startsWith("fe80:")) addrs.add(a);
      addrs.sort(null);
      links.put(l.name(), (l.isUp() ? "UP" : "DOWN") + (addrs.isEmpty() ? "" : " " + String.join(" ", addrs)));
    }
    List<String> routes = new ArrayList<>();
    for (Route r : ns.routes()) {
      if (r.destination().toLowerCase().startsWith("fe80:")) continue;
      routes.add(r.toString());
    }
    routes.sort(null);
    return new ConformanceState(links, routes, withRules ? rules(ns) : "");
  }

  private static String rules(Netns ns) {
    StringBuilder b = new StringBuilder();
    for (String tool : List.of("iptables-save", "ip6tables-save")) {
      ExecResult r = ns.exec(Duration.ofSeconds(30), List.of(tool));
      if (r.exitCode() == 127) continue; // not installed: nothing can have been added with it either
      for (String line : r.stdout().split("\n")) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) continue;
        // counters change with traffic, not with the plugin
        b.append(tool.startsWith("ip6") ? "v6 " : "v4 ").append(t.replaceAll("\\s*\\[\\d+:\\d+\\]$", "")).append('\n');
      }
    }
    return b.toString();
  }

  /** What {@code after} holds that this snapshot did not (or holds differently), one line each. */
  List<String> added(ConformanceState after) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : after.links.entrySet()) {
      String before = links.get(e.getKey());
      if (before == null) out.add("link " + e.getKey() + " " + e.getValue());
      else if (!before.equals(e.getValue())) out.add("link " + e.getKey() + " is " + e.getValue() + " (was " + before + ")");
    }
    for (String r : after.routes) if (!routes.contains(r)) out.add("route " + r);
    List<String> beforeRules = List.of(rules.split("\n"));
    for (String r : after.rules.split("\n")) {
      if (!r.isBlank() && !beforeRules.contains(r)) out.add("rule " + r);
    }
    return out;
  }

  /** What this snapshot held that {@code after} lost, one line each. */
  List<String> removed(ConformanceState after) {
    List<String> out = new ArrayList<>();
    for (String l : links.keySet()) if (!after.links.containsKey(l)) out.add("link " + l + " " + links.get(l));
    for (String r : routes) if (!after.routes.contains(r)) out.add("route " + r);
    return out;
  }

  /** A route destination or result {@code dst} in one spelling: {@code 10.1.0.0/16}, {@code 0.0.0.0/0}. */
  static String prefix(String dst, int family) {
    if ("default".equals(dst)) return family == 6 ? "::/0" : "0.0.0.0/0";
    IPAddress a = new IPAddressString(dst).getAddress();
    if (a == null) return dst;
    if (a.getNetworkPrefixLength() == null) a = a.setPrefixLength(a.getBitCount(), false);
    return a.toPrefixBlock().toCanonicalString();
  }
}
