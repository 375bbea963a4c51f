package dev.netns.internal.netlink;

import dev.netns.NetnsException;
import dev.netns.internal.spi.LinkState;
import dev.netns.internal.spi.NetOp;
import dev.netns.internal.spi.VethSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Links over rtnetlink, as {@code ip link} does: veth pairs, flags, MTU, alias, bridges and
 * masters, moving a link to another namespace, deleting one, and the link dump that
 * {@code ip -d link show} prints.
 */
final class LinkHandler {

  private static final String[] OPERSTATES = {"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING",
      "DORMANT", "UP"};

  private final NamespaceFactory namespaces;

  LinkHandler(NamespaceFactory namespaces) {
    this.namespaces = namespaces;
  }

  void createVeth(VethSpec s) {
    NsHandle left = namespaces.acquire(s.leftNs());
    try {
      NsHandle right = namespaces.acquire(s.rightNs());
      try {
        NlMsg m = new NlMsg(Nl.RTM_NEWLINK, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL)
            .ifinfomsg(Nl.AF_UNSPEC, 0, Nl.IFF_UP, Nl.IFF_UP)
            .str(Nl.IFLA_IFNAME, s.leftName());
        if (s.mtu() > 0) m.u32(Nl.IFLA_MTU, s.mtu());
        // the peer cannot be set up inside the same request: veth_open() of the peer runs before
        // the pair is linked and fails with ENOTCONN; the left end can (it is opened last)
        m.nest(Nl.IFLA_LINKINFO).str(Nl.IFLA_INFO_KIND, "veth").nest(Nl.IFLA_INFO_DATA).nestPlain(Nl.VETH_INFO_PEER)
            .ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0)
            .str(Nl.IFLA_IFNAME, s.rightName());
        if (right != left) m.u32(Nl.IFLA_NET_NS_FD, right.fd);
        if (s.mtu() > 0) m.u32(Nl.IFLA_MTU, s.mtu());
        m.end().end().end();
        try {
          left.rtnl.request(m);
        } catch (NetlinkError e) {
          throw new NetnsException("could not create veth pair " + s.leftName() + " (" + left.label() + ") <-> "
              + s.rightName() + " (" + right.label() + "): " + e.getMessage(), e);
        }
        NetOp up = new NetOp.LinkUp(s.rightName());
        try {
          right.rtnl.request(Messages.linkMsg(s.rightName(), Nl.IFF_UP, Nl.IFF_UP));
        } catch (NetlinkError e) {
          throw Messages.failure(right, up, e);
        }
        if (s.alias() != null) {
          setAlias(left, s.leftName(), s.alias());
          setAlias(right, s.rightName(), s.alias());
        }
      } finally {
        right.release();
      }
    } finally {
      left.release();
    }
  }

  /**
   * Applies a link operation ({@code ip link set/add/del}); false when {@code op} is not one, so
   * that the engine hands it to another handler.
   */
  boolean apply(NsHandle h, NetOp op) {
    if (op instanceof NetOp.LinkUp o) {
      h.rtnl.request(Messages.linkMsg(o.device(), Nl.IFF_UP, Nl.IFF_UP));
    } else if (op instanceof NetOp.LinkDown o) {
      h.rtnl.request(Messages.linkMsg(o.device(), 0, Nl.IFF_UP));
    } else if (op instanceof NetOp.SetMtu o) {
      h.rtnl.request(Messages.linkMsg(o.device(), 0, 0).u32(Nl.IFLA_MTU, o.mtu()));
    } else if (op instanceof NetOp.SetAlias o) {
      h.rtnl.request(Messages.linkMsg(o.device(), 0, 0).strNoNul(Nl.IFLA_IFALIAS, o.alias()));
    } else if (op instanceof NetOp.AddBridge o) {
      h.rtnl.request(new NlMsg(Nl.RTM_NEWLINK, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL)
          .ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0).str(Nl.IFLA_IFNAME, o.name())
          .nest(Nl.IFLA_LINKINFO).str(Nl.IFLA_INFO_KIND, "bridge").end());
    } else if (op instanceof NetOp.SetMaster o) {
      int master = Messages.ifindex(h, o.master());
      h.rtnl.request(Messages.linkMsg(o.device(), 0, 0).u32(Nl.IFLA_MASTER, master));
    } else if (op instanceof NetOp.MoveLink o) {
      NsHandle to = namespaces.acquire(o.toNs());
      try {
        h.rtnl.request(Messages.linkMsg(o.device(), 0, 0).u32(Nl.IFLA_NET_NS_FD, to.fd));
      } finally {
        to.release();
      }
    } else if (op instanceof NetOp.DeleteLink o) {
      h.rtnl.request(new NlMsg(Nl.RTM_DELLINK, 0).ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0).str(Nl.IFLA_IFNAME, o.device()));
    } else {
      return false;
    }
    return true;
  }

  private void setAlias(NsHandle h, String dev, String alias) {
    NetOp op = new NetOp.SetAlias(dev, alias);
    try {
      h.rtnl.request(Messages.linkMsg(dev, 0, 0).strNoNul(Nl.IFLA_IFALIAS, alias));
    } catch (NetlinkError e) {
      throw Messages.failure(h, op, e);
    }
  }

  List<LinkState> links(String ns) {
    NsHandle h = namespaces.acquire(ns);
    try {
      List<ByteBuffer> linkMsgs = h.rtnl.dump(new NlMsg(Nl.RTM_GETLINK, 0).ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0));
      List<ByteBuffer> addrMsgs = h.rtnl.dump(new NlMsg(Nl.RTM_GETADDR, 0).ifaddrmsg(Nl.AF_UNSPEC, 0, 0, 0, 0));
      Map<Integer, List<String>> addrs = new HashMap<>();
      for (ByteBuffer b : addrMsgs) {
        if ((b.getShort(4) & 0xffff) != Nl.RTM_NEWADDR) continue;
        int prefix = b.get(17) & 0xff;
        int index = b.getInt(20);
        Attrs a = Attrs.parse(b, Nl.NLMSG_HDRLEN + Nl.IFADDRMSG_LEN, b.getInt(0));
        byte[] addr = a.has(Nl.IFA_LOCAL) ? a.bytes(Nl.IFA_LOCAL) : a.bytes(Nl.IFA_ADDRESS);
        if (addr == null) continue;
        addrs.computeIfAbsent(index, k -> new ArrayList<>()).add(Inet.format(addr) + "/" + prefix);
      }
      Map<Integer, String> names = new HashMap<>();
      List<Attrs> parsed = new ArrayList<>();
      List<ByteBuffer> kept = new ArrayList<>();
      for (ByteBuffer b : linkMsgs) {
        if ((b.getShort(4) & 0xffff) != Nl.RTM_NEWLINK) continue;
        Attrs a = Attrs.parse(b, Nl.NLMSG_HDRLEN + Nl.IFINFOMSG_LEN, b.getInt(0));
        names.put(b.getInt(20), a.str(Nl.IFLA_IFNAME));
        parsed.add(a);
        kept.add(b);
      }
      List<LinkState> out = new ArrayList<>(kept.size());
      for (int i = 0; i < kept.size(); i++) {
        ByteBuffer b = kept.get(i);
        Attrs a = parsed.get(i);
        int index = b.getInt(20);
        int flags = b.getInt(24);
        int oper = a.u8(Nl.IFLA_OPERSTATE, 0);
        Attrs info = a.nested(Nl.IFLA_LINKINFO);
        int master = a.u32(Nl.IFLA_MASTER, 0);
        int link = a.u32(Nl.IFLA_LINK, 0);
        byte[] mac = a.bytes(Nl.IFLA_ADDRESS);
        out.add(new LinkState(
            a.str(Nl.IFLA_IFNAME),
            index,
            flagNames(flags),
            a.u32(Nl.IFLA_MTU, 0),
            oper < OPERSTATES.length ? OPERSTATES[oper] : "UNKNOWN",
            info == null ? "" : info.str(Nl.IFLA_INFO_KIND),
            mac == null ? "" : Messages.mac(mac),
            master == 0 ? null : names.getOrDefault(master, Integer.toString(master)),
            link != 0 && (link != index || a.has(Nl.IFLA_LINK_NETNSID)) ? link : -1,
            a.u32(Nl.IFLA_LINK_NETNSID, -1),
            a.str(Nl.IFLA_IFALIAS),
            addrs.getOrDefault(index, List.of()),
            a.str(Nl.IFLA_QDISC)));
      }
      return out;
    } finally {
      h.release();
    }
  }

  /** Link flags as {@code ip link} prints them, in its order. */
  static List<String> flagNames(int f) {
    List<String> out = new ArrayList<>();
    if ((f & Nl.IFF_UP) != 0 && (f & Nl.IFF_RUNNING) == 0) out.add("NO-CARRIER");
    int[] bits = {Nl.IFF_LOOPBACK, Nl.IFF_BROADCAST, Nl.IFF_POINTOPOINT, Nl.IFF_MULTICAST, Nl.IFF_NOARP,
        Nl.IFF_ALLMULTI, Nl.IFF_PROMISC, Nl.IFF_MASTER, Nl.IFF_SLAVE, Nl.IFF_DEBUG, Nl.IFF_DYNAMIC, Nl.IFF_AUTOMEDIA,
        Nl.IFF_PORTSEL, Nl.IFF_NOTRAILERS, Nl.IFF_UP, Nl.IFF_LOWER_UP, Nl.IFF_DORMANT, Nl.IFF_ECHO};
    String[] names = {"LOOPBACK", "BROADCAST", "POINTOPOINT", "MULTICAST", "NOARP", "ALLMULTI", "PROMISC", "MASTER",
        "SLAVE", "DEBUG", "DYNAMIC", "AUTOMEDIA", "PORTSEL", "NOTRAILERS", "UP", "LOWER_UP", "DORMANT", "ECHO"};
    for (int i = 0; i < bits.length; i++) {
      if ((f & bits[i]) != 0) out.add(names[i]);
    }
    return out;
  }
}
