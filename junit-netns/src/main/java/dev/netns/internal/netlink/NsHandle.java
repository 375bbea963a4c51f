package dev.netns.internal.netlink;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the engine holds for one namespace: an open file descriptor of it (for setns and
 * IFLA_NET_NS_FD), its rtnetlink socket, and idle ICMP sockets for probes. The identity
 * ({@code dev}, {@code ino} of the nsfs inode) detects a name that now means another namespace.
 * Everything held keeps the namespace alive, so {@link #close()} runs when it is deleted.
 *
 * <p>Users {@link #retain()} it for the length of an operation; the descriptors are closed when
 * the handle was closed and the last user released it, so no descriptor is ever used after close
 * (where its number might already name another file).
 */
final class NsHandle implements AutoCloseable {

  final String name;
  final int fd;
  final long dev;
  final long ino;
  final RtnlSocket rtnl;
  private final ConcurrentLinkedQueue<IcmpSocket> idle4 = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<IcmpSocket> idle6 = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;
  private final AtomicBoolean closing = new AtomicBoolean();
  /** One reference for the engine's cache plus one per running operation. */
  private final AtomicInteger refs = new AtomicInteger(1);

  NsHandle(String name, int fd, long dev, long ino, RtnlSocket rtnl) {
    this.name = name;
    this.fd = fd;
    this.dev = dev;
    this.ino = ino;
    this.rtnl = rtnl;
  }

  boolean isClosed() {
    return closed;
  }

  /** An idle ICMP socket of this namespace, or a new one opened by a thread inside it. */
  IcmpSocket takeIcmp(boolean v6) {
    IcmpSocket s = (v6 ? idle6 : idle4).poll();
    if (s != null) return s;
    return NsThread.callIn(fd, "open an ICMP socket in " + label(), () -> IcmpSocket.open(v6));
  }

  /** Adds a socket opened ahead of time (by the thread that created the namespace). */
  void offer(IcmpSocket s) {
    giveBack(s);
  }

  void giveBack(IcmpSocket s) {
    if (closed) {
      s.close();
      return;
    }
    (s.isV6() ? idle6 : idle4).add(s);
    if (closed) drainIdle();
  }

  String label() {
    return name == null ? "the engine's own namespace" : "namespace " + name;
  }

  private void drainIdle() {
    for (IcmpSocket s; (s = idle4.poll()) != null; ) s.close();
    for (IcmpSocket s; (s = idle6.poll()) != null; ) s.close();
  }

  /** Takes a reference for one operation; false when the handle is already closed. */
  boolean retain() {
    while (true) {
      int n = refs.get();
      if (n <= 0 || closing.get()) return false;
      if (refs.compareAndSet(n, n + 1)) return true;
    }
  }

  /** Ends an operation started with {@link #retain()}. */
  void release() {
    if (refs.decrementAndGet() == 0) {
      drainIdle();
      rtnl.close();
      LibC.Holder.get().close(fd);
    }
  }

  /** Drops the cache's reference: the descriptors close once no operation uses them. */
  @Override
  public void close() {
    if (closing.compareAndSet(false, true)) {
      closed = true;
      drainIdle();
      release();
    }
  }
}
