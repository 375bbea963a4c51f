package dev.netns.internal.netlink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a namespace has any packet-filter tables at all, asked in-process in microseconds: an
 * nf_tables table dump over {@code NETLINK_NETFILTER} (iptables-nft and nft rules live there) and
 * the legacy x_tables names in {@code /proc/net}. A namespace without tables cannot drop anything,
 * so probes from or through it never pay for reading rules.
 *
 * @param nfTables     whether nf_tables has at least one table (family ip, ip6 or inet)
 * @param legacyTables the legacy iptables (IPv4) tables in use, e.g. {@code [filter]}
 * @param legacyTables6 the legacy ip6tables tables in use
 */
public record NfPresence(boolean nfTables, java.util.List<String> legacyTables, java.util.List<String> legacyTables6) {

  private static final int NETLINK_NETFILTER = 12;
  private static final int NFNL_SUBSYS_NFTABLES = 10;
  private static final int NFT_MSG_GETTABLE = 1;
  private static final int NFT_MSG_NEWTABLE = 0;

  /** Whether there is anything that could filter. */
  public boolean any() {
    return nfTables || !legacyTables.isEmpty() || !legacyTables6.isEmpty();
  }

  /** Looks inside the namespace whose file is {@code nsPath}. */
  public static NfPresence of(String nsPath) {
    return NsThread.callIn(nsPath, "look for packet-filter tables", NfPresence::here);
  }

  /**
   * Looks inside every namespace of {@code nsPaths} on one fresh thread that enters each in turn
   * (and is discarded afterwards): one thread hand-off instead of one per namespace. A namespace
   * that cannot be opened (removed meanwhile) maps to {@code null}.
   */
  public static java.util.List<NfPresence> ofAll(java.util.List<String> nsPaths) {
    if (nsPaths.isEmpty()) return java.util.List.of();
    NfPresence[] out = new NfPresence[nsPaths.size()];
    java.util.List<Integer> inside = new java.util.ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      NsExtras e = NsExtras.forPath(nsPaths.get(i));
      out[i] = e == null ? null : e.presence();
      if (out[i] == null) inside.add(i);
    }
    if (inside.isEmpty()) return java.util.Arrays.asList(out);
    NsThread.await(NsThread.submit(() -> {
      LibC c = LibC.Holder.get();
      for (int i : inside) {
        int fd = c.open(nsPaths.get(i), Nl.O_RDONLY | Nl.O_CLOEXEC, 0);
        if (fd < 0) continue; // removed meanwhile: null
        try {
          NsThread.enter(fd, "look for packet-filter tables");
        } finally {
          c.close(fd);
        }
        out[i] = here();
      }
      return null;
    }), "look for packet-filter tables");
    return java.util.Arrays.asList(out);
  }

  private static NfPresence here() {
    LibC c = LibC.Holder.get();
    int fd = openNetfilterSocket(c);
    Boolean nf;
    try {
      nf = fd < 0 ? null : nfTables(c, fd);
    } finally {
      if (fd >= 0) c.close(fd);
    }
    // cannot tell: assume there may be rules
    return new NfPresence(nf == null || nf, names("ip_tables_names"), names("ip6_tables_names"));
  }

  private static java.util.List<String> names(String file) {
    try {
      // /proc/thread-self/net is this thread's namespace (it entered it); /proc/self/net would be the main thread's
      return Files.readAllLines(Path.of("/proc/thread-self/net/" + file)).stream().filter(s -> !s.isBlank()).toList();
    } catch (IOException e) {
      return java.util.List.of(); // module not loaded: no legacy tables anywhere
    }
  }

  /** A bound {@code NETLINK_NETFILTER} socket of the calling thread's namespace (2 s receive timeout), or -1. */
  static int openNetfilterSocket(LibC c) {
    int fd = c.socket(Nl.AF_NETLINK, Nl.SOCK_RAW | Nl.SOCK_CLOEXEC, NETLINK_NETFILTER);
    if (fd < 0) return -1;
    byte[] sa = new byte[12];
    ByteBuffer.wrap(sa).order(ByteOrder.nativeOrder()).putShort((short) Nl.AF_NETLINK);
    if (c.bind(fd, sa, sa.length) != 0) {
      c.close(fd);
      return -1;
    }
    byte[] tv = new byte[16];
    ByteBuffer.wrap(tv).order(ByteOrder.nativeOrder()).putLong(2).putLong(0);
    c.setsockopt(fd, Nl.SOL_SOCKET, Nl.SO_RCVTIMEO, tv, tv.length);
    return fd;
  }

  private static final java.util.concurrent.atomic.AtomicInteger SEQ = new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Whether nf_tables has a table in the namespace of socket {@code fd}: the whole table dump is
   * read (to its end, so the socket can be asked again), messages of other requests are skipped.
   * Null when the answer could not be read.
   */
  static Boolean nfTables(LibC c, int fd) {
    int seq = SEQ.incrementAndGet();
    ByteBuffer req = ByteBuffer.allocateDirect(20).order(ByteOrder.nativeOrder());
    req.putInt(20).putShort((short) ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETTABLE))
        .putShort((short) (Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP)).putInt(seq).putInt(0);
    req.put((byte) Nl.AF_UNSPEC).put((byte) 0).putShort((short) 0); // nfgenmsg: any family
    req.flip();
    if (c.sendto(fd, req, 20, 0, null, 0) < 0) return null;
    ByteBuffer rx = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.nativeOrder());
    boolean found = false;
    while (true) {
      rx.clear();
      long n = c.recvfrom(fd, rx, rx.capacity(), 0, null, null);
      if (n <= 0) return null;
      int off = 0;
      while (off + 16 <= n) {
        int len = rx.getInt(off);
        int type = rx.getShort(off + 4) & 0xffff;
        if (len < 16) return null;
        if (rx.getInt(off + 8) == seq) {
          if (type == Nl.NLMSG_DONE) return found;
          if (type == Nl.NLMSG_ERROR) return rx.getInt(off + 16) == 0 ? found : null;
          if (type == ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWTABLE)) found = true;
        }
        off += (len + 3) & ~3;
      }
    }
  }
}
