package dev.netns.internal.netlink;

import dev.netns.internal.spi.NetOp;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Neighbour (ARP/NDP) entries over rtnetlink, as {@code ip neigh} adds, deletes and shows them. */
final class NeighbourHandler {

  private final NamespaceFactory namespaces;

  NeighbourHandler(NamespaceFactory namespaces) {
    this.namespaces = namespaces;
  }

  /**
   * An {@code RTM_GETNEIGH} dump of both families, filtered as {@code ip neigh show} filters it
   * (no NOARP entries, no entries without a state, no bridge fdb entries).
   */
  List<dev.netns.Neighbour> neighbours(String ns) {
    NsHandle h = namespaces.acquire(ns);
    try {
      Map<Integer, String> names = null;
      List<dev.netns.Neighbour> out = new ArrayList<>();
      for (ByteBuffer b : h.rtnl.dump(new NlMsg(Nl.RTM_GETNEIGH, 0).ndmsg(Nl.AF_UNSPEC, 0, 0, 0, 0))) {
        if ((b.getShort(4) & 0xffff) != Nl.RTM_NEWNEIGH) continue;
        int family = b.get(16) & 0xff;
        int index = b.getInt(20);
        int state = b.getShort(24) & 0xffff;
        if (family != Nl.AF_INET && family != Nl.AF_INET6) continue;
        if ((state & (0xff & ~Nl.NUD_NOARP)) == 0) continue;
        Attrs a = Attrs.parse(b, Nl.NLMSG_HDRLEN + Nl.NDMSG_LEN, b.getInt(0));
        byte[] dst = a.bytes(Nl.NDA_DST);
        if (dst == null) continue;
        byte[] ll = a.bytes(Nl.NDA_LLADDR);
        if (names == null) names = Messages.linkNames(h);
        out.add(new dev.netns.Neighbour(Inet.format(dst), ll == null || ll.length == 0 ? null : Messages.mac(ll),
            names.getOrDefault(index, "if" + index), nudName(state)));
      }
      return out;
    } finally {
      h.release();
    }
  }

  /** Adds or deletes a neighbour entry ({@code ip neigh replace ... nud permanent}, {@code ip neigh del}). */
  void apply(NsHandle h, NetOp op) {
    if (op instanceof NetOp.AddNeighbour o) {
      byte[] dst = Inet.address(o.address(), "neighbour address");
      h.rtnl.request(new NlMsg(Nl.RTM_NEWNEIGH, Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE)
          .ndmsg(dst.length == 16 ? Nl.AF_INET6 : Nl.AF_INET, Messages.ifindex(h, o.device()), Nl.NUD_PERMANENT, 0, 0)
          .bytes(Nl.NDA_DST, dst)
          .bytes(Nl.NDA_LLADDR, Messages.macBytes(o.mac())));
    } else if (op instanceof NetOp.DeleteNeighbour o) {
      byte[] dst = Inet.address(o.address(), "neighbour address");
      h.rtnl.request(new NlMsg(Nl.RTM_DELNEIGH, 0)
          .ndmsg(dst.length == 16 ? Nl.AF_INET6 : Nl.AF_INET, Messages.ifindex(h, o.device()), 0, 0, 0)
          .bytes(Nl.NDA_DST, dst));
    } else {
      throw new IllegalArgumentException("not a neighbour operation: " + op);
    }
  }

  /** The first state name iproute2 prints for {@code ndm_state}, in its order. */
  static String nudName(int state) {
    int[] bits = {Nl.NUD_INCOMPLETE, Nl.NUD_REACHABLE, Nl.NUD_STALE, Nl.NUD_DELAY, Nl.NUD_PROBE, Nl.NUD_FAILED,
        Nl.NUD_NOARP, Nl.NUD_PERMANENT};
    String[] names = {"INCOMPLETE", "REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "NOARP", "PERMANENT"};
    for (int i = 0; i < bits.length; i++) {
      if ((state & bits[i]) != 0) return names[i];
    }
    return "NONE";
  }
}
