package dev.netns.internal.netlink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the thread that makes a namespace ahead of time opens while it is inside, so that later
 * questions about that namespace need no thread of their own (each hand-off to a fresh thread
 * that enters a namespace costs a thread wake-up, milliseconds on a busy 2-core machine):
 * <ul>
 *   <li>a {@code NETLINK_NETFILTER} socket, to ask whether nf_tables has any table there;</li>
 *   <li>the namespace's {@code /proc/net/ip_tables_names} and {@code ip6_tables_names} (a
 *       {@code /proc/net} file keeps the namespace it was opened in; it is read again from its
 *       start each time), for legacy iptables tables;</li>
 *   <li>a packet socket for the capture, once a capture was ever started
 *       ({@link PacketSocket#wanted}).</li>
 * </ul>
 * Registered under the namespace's file once it is named, checked against the file's inode on
 * each use (a name deleted and made again by someone else is another namespace), closed when the
 * engine deletes the namespace. Anything that cannot be answered from here (a file that did not
 * exist when the namespace was made but does now, a socket that misbehaved) returns {@code null},
 * and the caller asks from inside the namespace as before.
 */
final class NsExtras implements AutoCloseable {

  private static final int NETLINK_NETFILTER = 12;
  private static final int SEEK_SET = 0;
  private static final ConcurrentHashMap<String, NsExtras> BY_PATH = new ConcurrentHashMap<>();

  private final long ino;
  private int nfnl;
  private final int legacy4;
  private final int legacy6;
  private PacketSocket packet;
  private boolean closed;

  private NsExtras(long ino, int nfnl, int legacy4, int legacy6, PacketSocket packet) {
    this.ino = ino;
    this.nfnl = nfnl;
    this.legacy4 = legacy4;
    this.legacy6 = legacy6;
    this.packet = packet;
  }

  /** Opens everything from the calling thread, which is inside the namespace {@code ino}; never fails. */
  static NsExtras openHere(long ino) {
    LibC c = LibC.Holder.get();
    int nf = NfPresence.openNetfilterSocket(c);
    int l4 = c.open("/proc/thread-self/net/ip_tables_names", Nl.O_RDONLY | Nl.O_CLOEXEC, 0);
    int l6 = c.open("/proc/thread-self/net/ip6_tables_names", Nl.O_RDONLY | Nl.O_CLOEXEC, 0);
    PacketSocket p = null;
    if (PacketSocket.wanted) {
      try {
        p = PacketSocket.openInThisNamespace("a new namespace");
      } catch (RuntimeException e) {
        // the capture opens its own later, and reports a failure there
      }
    }
    return new NsExtras(ino, nf, l4, l6, p);
  }

  /** Files these extras under the namespace's file {@code path}. */
  void register(String path) {
    NsExtras old = BY_PATH.put(path, this);
    if (old != null && old != this) old.close();
  }

  /** The extras of the namespace that {@code path} names now, or null. */
  static NsExtras forPath(String path) {
    NsExtras e = BY_PATH.get(path);
    if (e == null) return null;
    long[] id = NamespaceFactory.statPath(LibC.Holder.get(), path);
    if (id != null && id[1] == e.ino) return e;
    // deleted behind the engine's back (maybe named again): what it holds must not keep it alive
    if (BY_PATH.remove(path, e)) e.close();
    return null;
  }

  /** Closes and forgets the extras filed under {@code path}. */
  static void forget(String path) {
    NsExtras e = BY_PATH.remove(path);
    if (e != null) e.close();
  }

  /** The packet socket opened ahead of time, now under the namespace's file name; once, else null. */
  synchronized PacketSocket takePacketSocket(String path) {
    if (packet == null || closed) return null;
    PacketSocket p = packet.named(path);
    packet = null;
    return p;
  }

  /** The namespace's packet-filter tables, or null when this cannot be told from here. */
  synchronized NfPresence presence() {
    if (closed || nfnl < 0) return null;
    List<String> v4 = legacy(legacy4, "ip_tables_names");
    List<String> v6 = legacy(legacy6, "ip6_tables_names");
    if (v4 == null || v6 == null) return null;
    Boolean nf = NfPresence.nfTables(LibC.Holder.get(), nfnl);
    if (nf == null) {
      LibC.Holder.get().close(nfnl); // an answer we could not read: never trust this socket again
      nfnl = -1;
      return null;
    }
    return new NfPresence(nf, v4, v6);
  }

  /** The table names in a kept {@code /proc/net} file, read from its start; null when unknown. */
  private static List<String> legacy(int fd, String file) {
    LibC c = LibC.Holder.get();
    if (fd < 0) {
      // not there when the namespace was made: then no namespace had one, unless the module was
      // loaded since (the file now exists in every namespace), which only a look inside can tell
      return java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/net/" + file)) ? null : List.of();
    }
    if (c.lseek(fd, 0, SEEK_SET) < 0) return null;
    StringBuilder text = new StringBuilder();
    byte[] buf = new byte[4096];
    while (true) {
      long n = c.read(fd, buf, buf.length);
      if (n < 0) return null;
      if (n == 0) break;
      text.append(new String(buf, 0, (int) n, StandardCharsets.US_ASCII));
    }
    List<String> out = new ArrayList<>();
    for (String line : text.toString().split("\n")) if (!line.isBlank()) out.add(line.strip());
    return out;
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    LibC c = LibC.Holder.get();
    if (nfnl >= 0) c.close(nfnl);
    if (legacy4 >= 0) c.close(legacy4);
    if (legacy6 >= 0) c.close(legacy6);
    if (packet != null) packet.closeSoon();
  }
}
