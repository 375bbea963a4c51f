package dev.netns.internal.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only looks at the namespace of the calling thread (the JVM's own, on a JUnit thread), for
 * the pollution check: policy routing rules (as {@code ip rule} lists them, over rtnetlink) and the
 * nftables ruleset generation, a number the kernel bumps on every change to any table (also those
 * {@code iptables-nft} makes), so that a ruleset needs reading only when it changed. Nothing here
 * sends anything but dump and get requests.
 */
public final class HostReads {

  private static final int RTM_GETRULE = 34;
  private static final int RTM_NEWRULE = 32;
  private static final int FRA_DST = 1;
  private static final int FRA_SRC = 2;
  private static final int FRA_IIFNAME = 3;
  private static final int FRA_PRIORITY = 6;
  private static final int FRA_FWMARK = 10;
  private static final int FRA_TABLE = 15;
  private static final int FRA_OIFNAME = 17;
  private static final int NFNL_SUBSYS_NFTABLES = 10;
  private static final int NFT_MSG_GETGEN = 16;
  private static final int NFTA_GEN_ID = 1;

  /**
   * rtnetlink multicast groups whose messages mean "links, addresses, routes or rules changed":
   * RTMGRP_LINK, IPV4_IFADDR, IPV4_ROUTE, IPV4_RULE, IPV6_IFADDR, IPV6_ROUTE, and IPV6_RULE (group
   * 19, bit 18 of the legacy mask).
   */
  private static final int CHANGE_GROUPS = 0x1 | 0x10 | 0x40 | 0x80 | 0x100 | 0x400 | (1 << 18);
  private static final int ENOBUFS = 105;
  private static final Object CHANGES_LOCK = new Object();
  private static int changesFd = -1;
  private static long changesNs;
  private static ByteBuffer changesRx;

  private HostReads() {
  }

  /**
   * Whether links, addresses, routes or policy rules of the calling thread's namespace may have
   * changed since the last call from that namespace: the kernel announces each change on rtnetlink
   * multicast groups, which a socket subscribed at the first call (answered {@code true}) collects;
   * a call drains it without blocking. An overflowed socket, another namespace than the first
   * call's, or any error answers {@code true}, so a caller re-reads rather than trusts a stale copy.
   */
  public static boolean linksOrRoutesChanged() {
    long ns = threadNamespace();
    LibC c = LibC.Holder.get();
    synchronized (CHANGES_LOCK) {
      if (changesFd < 0 || ns != changesNs || ns < 0) {
        if (changesFd >= 0) c.close(changesFd);
        changesFd = -1;
        int fd = c.socket(Nl.AF_NETLINK, Nl.SOCK_RAW | Nl.SOCK_CLOEXEC, 0 /* NETLINK_ROUTE */);
        if (fd < 0) return true;
        byte[] sa = new byte[12];
        ByteBuffer.wrap(sa).order(ByteOrder.nativeOrder()).putShort((short) Nl.AF_NETLINK).putShort((short) 0)
            .putInt(0).putInt(CHANGE_GROUPS);
        if (c.bind(fd, sa, sa.length) != 0) {
          c.close(fd);
          return true;
        }
        changesFd = fd;
        changesNs = ns;
        changesRx = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.nativeOrder());
        return true;
      }
      boolean changed = false;
      while (true) {
        changesRx.clear();
        long n = c.recvfrom(changesFd, changesRx, changesRx.capacity(), Nl.MSG_DONTWAIT, null, null);
        if (n > 0) {
          changed = true;
          continue;
        }
        if (n < 0 && LibC.errno() == Nl.EAGAIN) return changed;
        if (n < 0 && LibC.errno() == ENOBUFS) {
          changed = true; // messages were lost: something changed, and the socket works again
          continue;
        }
        c.close(changesFd); // anything else: start over at the next call
        changesFd = -1;
        return true;
      }
    }
  }

  /** The inode of the calling thread's network namespace, or -1. */
  public static long threadNamespace() {
    try {
      String link = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self/ns/net")).toString();
      return Long.parseLong(link.substring(link.indexOf('[') + 1, link.length() - 1));
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Every policy routing rule (IPv4 and IPv6), one line each, e.g. {@code 4 32766: from all lookup 254}. */
  public static List<String> rules() {
    List<String> out = new ArrayList<>();
    try (RtnlSocket s = RtnlSocket.open()) {
      for (int family : new int[] {Nl.AF_INET, Nl.AF_INET6}) {
        for (ByteBuffer b : s.dump(new NlMsg(RTM_GETRULE, 0).rtmsg(family, 0, 0, 0, 0, 0))) {
          if ((b.getShort(4) & 0xffff) != RTM_NEWRULE) continue;
          int fam = b.get(16) & 0xff;
          int dstLen = b.get(17) & 0xff;
          int srcLen = b.get(18) & 0xff;
          int action = b.get(23) & 0xff;
          Attrs a = Attrs.parse(b, Nl.NLMSG_HDRLEN + 12, b.getInt(0));
          StringBuilder r = new StringBuilder(fam == Nl.AF_INET6 ? "6 " : "4 ");
          r.append(a.u32(FRA_PRIORITY, 0)).append(": from ")
              .append(a.has(FRA_SRC) ? Inet.format(a.bytes(FRA_SRC)) + "/" + srcLen : "all");
          if (a.has(FRA_DST)) r.append(" to ").append(Inet.format(a.bytes(FRA_DST))).append('/').append(dstLen);
          if (a.has(FRA_IIFNAME)) r.append(" iif ").append(a.str(FRA_IIFNAME));
          if (a.has(FRA_OIFNAME)) r.append(" oif ").append(a.str(FRA_OIFNAME));
          if (a.has(FRA_FWMARK)) r.append(" fwmark 0x").append(Integer.toHexString(a.u32(FRA_FWMARK, 0)));
          r.append(action == 1 ? " lookup " + a.u32(FRA_TABLE, b.get(20) & 0xff) : " action " + action);
          out.add(r.toString());
        }
      }
    }
    return out;
  }

  /**
   * The nftables ruleset generation of the calling thread's namespace, or -1 when it cannot be
   * read (no nf_tables in this kernel).
   */
  public static long nftGeneration() {
    LibC c = LibC.Holder.get();
    int fd = NfPresence.openNetfilterSocket(c);
    if (fd < 0) return -1;
    try {
      ByteBuffer tx = ByteBuffer.allocateDirect(20).order(ByteOrder.nativeOrder());
      tx.putInt(20).putShort((short) ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETGEN)).putShort((short) Nl.NLM_F_REQUEST)
          .putInt(1).putInt(0);
      tx.put((byte) Nl.AF_UNSPEC).put((byte) 0).putShort((short) 0); // struct nfgenmsg
      tx.flip();
      if (c.sendto(fd, tx, 20, 0, null, 0) < 0) return -1;
      ByteBuffer rx = ByteBuffer.allocateDirect(8192).order(ByteOrder.nativeOrder());
      long n = c.recvfrom(fd, rx, rx.capacity(), 0, null, null);
      if (n < Nl.NLMSG_HDRLEN + 4) return -1;
      int type = rx.getShort(4) & 0xffff;
      if (type == Nl.NLMSG_ERROR) return -1;
      Attrs a = Attrs.parse(rx, Nl.NLMSG_HDRLEN + 4, (int) Math.min(n, rx.getInt(0)));
      if (!a.has(NFTA_GEN_ID)) return -1;
      return Integer.toUnsignedLong(Integer.reverseBytes(a.u32(NFTA_GEN_ID, 0))); // network byte order
    } finally {
      c.close(fd);
    }
  }
}
