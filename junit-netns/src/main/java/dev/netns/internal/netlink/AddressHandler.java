package dev.netns.internal.netlink;

import dev.netns.internal.spi.NetOp;
import java.nio.ByteBuffer;

/** Addresses over rtnetlink, as {@code ip addr add} does them. */
final class AddressHandler {

  private static final long SOLICITED_NODE_WAIT_NS = 2_000_000_000L;

  static void addAddress(NsHandle h, NetOp.AddAddress o) {
    Inet.Prefix p = Inet.prefix(o.cidr(), "address");
    int[] link = Messages.link(h, o.device());
    int index = link[0];
    NlMsg m = new NlMsg(Nl.RTM_NEWADDR, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL)
        .ifaddrmsg(p.v6() ? Nl.AF_INET6 : Nl.AF_INET, p.length(), p.v6() ? Nl.IFA_F_NODAD : 0, 0, index)
        .bytes(Nl.IFA_LOCAL, p.address())
        .bytes(Nl.IFA_ADDRESS, p.address());
    // no broadcast address: ip addr add sets none unless told (brd +), and neither does this
    if (p.v6()) m.u32(Nl.IFA_FLAGS, Nl.IFA_F_NODAD);
    h.rtnl.request(m);
    if (p.v6() && (link[1] & (Nl.IFF_LOOPBACK | Nl.IFF_NOARP)) == 0) {
      awaitSolicitedNode(h, index, p.address());
    }
  }

  /** Removes an address, as {@code ip addr del CIDR dev DEV}. */
  static void deleteAddress(NsHandle h, NetOp.DeleteAddress o) {
    Inet.Prefix p = Inet.prefix(o.cidr(), "address");
    int index = Messages.link(h, o.device())[0];
    h.rtnl.request(new NlMsg(Nl.RTM_DELADDR, 0)
        .ifaddrmsg(p.v6() ? Nl.AF_INET6 : Nl.AF_INET, p.length(), 0, 0, index)
        .bytes(Nl.IFA_LOCAL, p.address())
        .bytes(Nl.IFA_ADDRESS, p.address()));
  }

  /**
   * An IPv6 address answers neighbour solicitations only once its interface has joined the
   * address's solicited-node multicast group. The kernel does that in deferred work after the
   * address is added (even without DAD), and a solicitation arriving before it is dropped: the
   * first ping would wait for the next retransmission, a second later. So adding an address
   * returns once the group is joined (normally within microseconds).
   */
  private static void awaitSolicitedNode(NsHandle h, int index, byte[] addr) {
    byte[] group = new byte[16];
    group[0] = (byte) 0xff;
    group[1] = 0x02;
    group[11] = 0x01;
    group[12] = (byte) 0xff;
    group[13] = addr[13];
    group[14] = addr[14];
    group[15] = addr[15];
    long deadline = System.nanoTime() + SOLICITED_NODE_WAIT_NS;
    while (true) {
      for (ByteBuffer b : h.rtnl.dump(new NlMsg(Nl.RTM_GETMULTICAST, 0).ifaddrmsg(Nl.AF_INET6, 0, 0, 0, 0))) {
        int type = b.getShort(4) & 0xffff;
        if ((type != Nl.RTM_GETMULTICAST && type != Nl.RTM_NEWMULTICAST) || b.getInt(20) != index) continue;
        byte[] joined = Attrs.parse(b, Nl.NLMSG_HDRLEN + Nl.IFADDRMSG_LEN, b.getInt(0)).bytes(Nl.IFA_MULTICAST);
        if (java.util.Arrays.equals(joined, group)) return;
      }
      if (System.nanoTime() > deadline) return; // the address is there; its first packet may wait for a retry
      Thread.onSpinWait();
    }
  }
}
