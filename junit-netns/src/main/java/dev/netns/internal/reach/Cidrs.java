package dev.netns.internal.reach;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an address lies in a comma-separated list of iptables address specs. Parsed forms are
 * kept: a grid matches every cell against every rule, and parsing dominated that.
 */
final class Cidrs {

  private static final Map<String, IPAddress[]> SPECS = new ConcurrentHashMap<>();
  private static final Map<String, IPAddress> ADDRESSES = new ConcurrentHashMap<>();
  private static final IPAddress[] UNREADABLE = new IPAddress[0];

  private Cidrs() {
  }

  static FilterRule.Match contains(String specs, String ip) {
    IPAddress addr = ADDRESSES.computeIfAbsent(ip, a -> new IPAddressString(a).getAddress());
    if (addr == null) return FilterRule.Match.MAYBE;
    IPAddress[] nets = SPECS.computeIfAbsent(specs, Cidrs::parse);
    if (nets == UNREADABLE) return FilterRule.Match.MAYBE; // a host name or a form we do not read
    for (IPAddress net : nets) {
      if (net.getIPVersion() != addr.getIPVersion()) continue;
      if (net.contains(addr)) return FilterRule.Match.YES;
    }
    return FilterRule.Match.NO;
  }

  private static IPAddress[] parse(String specs) {
    if (SPECS.size() > 4096) SPECS.clear();
    String[] parts = specs.split(",");
    IPAddress[] out = new IPAddress[parts.length];
    for (int i = 0; i < parts.length; i++) {
      IPAddress net = new IPAddressString(parts[i]).getAddress();
      if (net == null) return UNREADABLE;
      out[i] = net.toPrefixBlock();
    }
    return out;
  }
}
