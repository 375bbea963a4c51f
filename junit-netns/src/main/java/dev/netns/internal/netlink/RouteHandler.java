package dev.netns.internal.netlink;

import dev.netns.Route;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Routes over rtnetlink: adding and deleting them as {@code ip route} does, and the main table's dump. */
final class RouteHandler {

  private final NamespaceFactory namespaces;

  RouteHandler(NamespaceFactory namespaces) {
    this.namespaces = namespaces;
  }

  void route(NsHandle h, int type, String destination, String gateway, String device) {
    boolean dflt = "default".equals(destination);
    byte[] gw = gateway == null ? null : Inet.address(gateway, "route gateway");
    Inet.Prefix dst = dflt ? null : Inet.prefix(destination, "route destination");
    boolean v6 = dst != null ? dst.v6() : gw != null && gw.length == 16;
    int dstLen = dst == null ? 0 : dst.length();
    boolean add = type == Nl.RTM_NEWROUTE;
    int scope = !add ? Nl.RT_SCOPE_NOWHERE : gw == null ? Nl.RT_SCOPE_LINK : Nl.RT_SCOPE_UNIVERSE;
    NlMsg m = new NlMsg(type, add ? Nl.NLM_F_CREATE | Nl.NLM_F_EXCL : 0)
        .rtmsg(v6 ? Nl.AF_INET6 : Nl.AF_INET, dstLen, Nl.RT_TABLE_MAIN, add ? Nl.RTPROT_BOOT : 0, scope,
            add ? Nl.RTN_UNICAST : 0);
    if (dst != null) m.bytes(Nl.RTA_DST, Inet.network(dst.address(), dstLen));
    if (gw != null) m.bytes(Nl.RTA_GATEWAY, gw);
    if (device != null) m.u32(Nl.RTA_OIF, Messages.ifindex(h, device));
    h.rtnl.request(m);
  }

  List<Route> routes(String ns) {
    NsHandle h = namespaces.acquire(ns);
    try {
      Map<Integer, String> names = null;
      List<Route> out = new ArrayList<>();
      for (int family : new int[] {Nl.AF_INET, Nl.AF_INET6}) {
        List<ByteBuffer> msgs = h.rtnl.dump(new NlMsg(Nl.RTM_GETROUTE, 0).rtmsg(family, 0, 0, 0, 0, 0));
        for (ByteBuffer b : msgs) {
          if ((b.getShort(4) & 0xffff) != Nl.RTM_NEWROUTE) continue;
          int fam = b.get(16) & 0xff;
          int dstLen = b.get(17) & 0xff;
          int protocol = b.get(21) & 0xff;
          int scope = b.get(22) & 0xff;
          int rtFlags = b.getInt(24);
          Attrs a = Attrs.parse(b, Nl.NLMSG_HDRLEN + Nl.RTMSG_LEN, b.getInt(0));
          int table = a.u32(Nl.RTA_TABLE, b.get(20) & 0xff);
          if (table != Nl.RT_TABLE_MAIN || (rtFlags & Nl.RTM_F_CLONED) != 0 || fam != family) continue;
          int hostLen = fam == Nl.AF_INET6 ? 128 : 32;
          String dst;
          if (a.has(Nl.RTA_DST)) {
            dst = Inet.format(a.bytes(Nl.RTA_DST)) + (dstLen == hostLen ? "" : "/" + dstLen);
          } else {
            dst = dstLen == 0 ? "default" : (fam == Nl.AF_INET6 ? "::" : "0.0.0.0") + "/" + dstLen;
          }
          // one (gateway, interface) per next hop: a multipath route has several (struct rtnexthop:
          // length u16, flags u8, hops u8, ifindex i32, then its own attributes)
          List<NextHop> hops = new ArrayList<>();
          if (a.has(Nl.RTA_MULTIPATH)) {
            int end = a.offset(Nl.RTA_MULTIPATH) + a.length(Nl.RTA_MULTIPATH);
            for (int nh = a.offset(Nl.RTA_MULTIPATH); nh + 8 <= end; ) {
              int nhLen = b.getShort(nh) & 0xffff;
              if (nhLen < 8 || nh + nhLen > end) break;
              Attrs na = Attrs.parse(b, nh + 8, nh + nhLen);
              hops.add(new NextHop(na.has(Nl.RTA_GATEWAY) ? Inet.format(na.bytes(Nl.RTA_GATEWAY)) : null, b.getInt(nh + 4)));
              nh += (nhLen + 3) & ~3;
            }
          }
          if (hops.isEmpty()) {
            hops.add(new NextHop(a.has(Nl.RTA_GATEWAY) ? Inet.format(a.bytes(Nl.RTA_GATEWAY)) : null, a.u32(Nl.RTA_OIF, 0)));
          }
          String src = a.has(Nl.RTA_PREFSRC) ? Inet.format(a.bytes(Nl.RTA_PREFSRC)) : null;
          for (NextHop hop : hops) {
            String dev = null;
            if (hop.oif() != 0) {
              if (names == null) names = Messages.linkNames(h);
              dev = names.getOrDefault(hop.oif(), "if" + hop.oif());
            }
            out.add(new Route(dst, hop.gateway(), dev, "main", protocolName(protocol), scopeName(scope), src,
                fam == Nl.AF_INET6 ? 6 : 4));
          }
        }
      }
      return out;
    } finally {
      h.release();
    }
  }

  /** One next hop of a route: its gateway (or null) and output interface index (or 0). */
  private record NextHop(String gateway, int oif) {
  }

  /** iproute2's names from /etc/iproute2/rt_protos. */
  static String protocolName(int p) {
    switch (p) {
      case 0: return "unspec";
      case 1: return "redirect";
      case 2: return "kernel";
      case 3: return "boot";
      case 4: return "static";
      case 8: return "gated";
      case 9: return "ra";
      case 10: return "mrt";
      case 11: return "zebra";
      case 12: return "bird";
      case 13: return "dnrouter";
      case 14: return "xorp";
      case 15: return "ntk";
      case 16: return "dhcp";
      case 17: return "mrouted";
      case 18: return "keepalived";
      case 42: return "babel";
      case 99: return "openr";
      case 186: return "bgp";
      case 187: return "isis";
      case 188: return "ospf";
      case 189: return "rip";
      case 192: return "eigrp";
      default: return Integer.toString(p);
    }
  }

  static String scopeName(int s) {
    switch (s) {
      case 0: return "global";
      case 200: return "site";
      case 253: return "link";
      case 254: return "host";
      case 255: return "nowhere";
      default: return Integer.toString(s);
    }
  }
}
