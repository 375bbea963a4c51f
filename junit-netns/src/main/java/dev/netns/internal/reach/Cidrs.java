package dev.netns.internal.reach;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/** Whether an address lies in a comma-separated list of iptables address specs. */
final class Cidrs {

  private Cidrs() {
  }

  static FilterRule.Match contains(String specs, String ip) {
    IPAddress addr = new IPAddressString(ip).getAddress();
    if (addr == null) return FilterRule.Match.MAYBE;
    for (String spec : specs.split(",")) {
      IPAddress net = new IPAddressString(spec).getAddress();
      if (net == null) return FilterRule.Match.MAYBE; // a host name or a form we do not read
      if (net.getIPVersion() != addr.getIPVersion()) continue;
      if (net.toPrefixBlock().contains(addr)) return FilterRule.Match.YES;
    }
    return FilterRule.Match.NO;
  }
}
