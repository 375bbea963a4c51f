package dev.netns.internal.netlink;

import dev.netns.NetnsException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One {@code NETLINK_ROUTE} socket. It belongs to the network namespace of the thread that
 * opened it, and keeps talking to that namespace from any thread afterwards. One request at a
 * time (a lock per socket); replies are matched by sequence number.
 */
final class RtnlSocket implements AutoCloseable {

  /** The kernel always answers; this only guards against a hung request. */
  private static final int RECV_TIMEOUT_S = 30;

  private final LibC c;
  private final int fd;
  private final ReentrantLock lock = new ReentrantLock();
  private int seq = (int) (System.nanoTime() & 0x3fffffff);
  private boolean closed;

  private RtnlSocket(LibC c, int fd) {
    this.c = c;
    this.fd = fd;
  }

  /** Opens a socket in the calling thread's network namespace. */
  static RtnlSocket open() {
    LibC c = LibC.Holder.get();
    int fd = c.socket(Nl.AF_NETLINK, Nl.SOCK_RAW | Nl.SOCK_CLOEXEC, Nl.NETLINK_ROUTE);
    if (fd < 0) {
      throw new NetnsException("cannot open a NETLINK_ROUTE socket: " + LibC.message(LibC.errno()));
    }
    try {
      byte[] sa = new byte[12];
      ByteBuffer.wrap(sa).order(ByteOrder.nativeOrder()).putShort((short) Nl.AF_NETLINK);
      if (c.bind(fd, sa, sa.length) != 0) {
        throw new NetnsException("cannot bind a NETLINK_ROUTE socket: " + LibC.message(LibC.errno()));
      }
      setInt(c, fd, Nl.SOL_NETLINK, Nl.NETLINK_EXT_ACK, 1); // the kernel's own words for errors
      setInt(c, fd, Nl.SOL_NETLINK, Nl.NETLINK_CAP_ACK, 1); // acks without a copy of the request
      setInt(c, fd, Nl.SOL_SOCKET, Nl.SO_RCVBUF, 1 << 20);
      byte[] tv = new byte[16];
      ByteBuffer.wrap(tv).order(ByteOrder.nativeOrder()).putLong(RECV_TIMEOUT_S).putLong(0);
      c.setsockopt(fd, Nl.SOL_SOCKET, Nl.SO_RCVTIMEO, tv, tv.length);
      return new RtnlSocket(c, fd);
    } catch (RuntimeException e) {
      c.close(fd);
      throw e;
    }
  }

  private static void setInt(LibC c, int fd, int level, int opt, int value) {
    byte[] v = new byte[4];
    ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).putInt(value);
    c.setsockopt(fd, level, opt, v, 4); // best effort: older kernels lack some options
  }

  /** Sends a request with NLM_F_ACK and waits for the acknowledgement. */
  void request(NlMsg msg) {
    transact(msg, false);
  }

  /** Sends a request with NLM_F_ACK and returns the data messages that came before the acknowledgement. */
  List<ByteBuffer> query(NlMsg msg) {
    return transact(msg, false);
  }

  /** Sends a dump request (NLM_F_DUMP) and returns every message until NLMSG_DONE; retried when interrupted. */
  List<ByteBuffer> dump(NlMsg msg) {
    for (int attempt = 0; ; attempt++) {
      try {
        return transact(msg, true);
      } catch (DumpInterrupted e) {
        if (attempt >= 5) throw new NetnsException("netlink dump kept being interrupted by concurrent changes");
      }
    }
  }

  private static final class DumpInterrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DumpInterrupted() {
      super(null, null, false, false);
    }
  }

  private List<ByteBuffer> transact(NlMsg msg, boolean dump) {
    lock.lock();
    try {
      if (closed) throw new NetnsException("netlink socket already closed (its namespace was deleted)");
      int mySeq = ++seq;
      byte[] bytes = msg.bytes(mySeq);
      ByteBuffer hdr = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
      int flags = (hdr.getShort(6) & 0xffff) | Nl.NLM_F_REQUEST | (dump ? Nl.NLM_F_DUMP : Nl.NLM_F_ACK);
      hdr.putShort(6, (short) flags);
      IoBuffers io = IoBuffers.take();
      try {
        send(io, bytes);
        return receive(io.rx, mySeq, dump);
      } finally {
        IoBuffers.give(io);
      }
    } finally {
      lock.unlock();
    }
  }

  private void send(IoBuffers io, byte[] bytes) {
    ByteBuffer tx = io.tx(bytes.length);
    tx.put(bytes);
    tx.flip();
    while (true) {
      long n = c.sendto(fd, tx, bytes.length, 0, null, 0);
      if (n >= 0) return;
      int e = LibC.errno();
      if (e != Nl.EINTR) throw new NetnsException("cannot send a netlink request: " + LibC.message(e));
    }
  }

  private List<ByteBuffer> receive(ByteBuffer rx, int mySeq, boolean dump) {
    List<ByteBuffer> out = new ArrayList<>();
    boolean interrupted = false;
    while (true) {
      rx.clear();
      long n = c.recvfrom(fd, rx, rx.capacity(), 0, null, null);
      if (n < 0) {
        int e = LibC.errno();
        if (e == Nl.EINTR) continue;
        if (e == Nl.EAGAIN) {
          throw new NetnsException("the kernel did not answer a netlink request within " + RECV_TIMEOUT_S + " s");
        }
        throw new NetnsException("cannot receive a netlink answer: " + LibC.message(e));
      }
      int p = 0;
      while (p + Nl.NLMSG_HDRLEN <= n) {
        int len = rx.getInt(p);
        int type = rx.getShort(p + 4) & 0xffff;
        int flags = rx.getShort(p + 6) & 0xffff;
        int s = rx.getInt(p + 8);
        if (len < Nl.NLMSG_HDRLEN || p + len > n) break;
        if (s == mySeq) {
          if ((flags & Nl.NLM_F_DUMP_INTR) != 0) interrupted = true;
          if (type == Nl.NLMSG_ERROR) {
            int err = rx.getInt(p + 16);
            if (err != 0) throw error(rx, p, len, flags, -err);
            if (!dump) return out;
          } else if (type == Nl.NLMSG_DONE) {
            int err = len >= 20 ? rx.getInt(p + 16) : 0;
            if (err < 0) throw error(rx, p, len, flags, -err);
            if (interrupted) throw new DumpInterrupted();
            return out;
          } else if (type != Nl.NLMSG_NOOP) {
            byte[] copy = new byte[len];
            rx.get(p, copy);
            out.add(ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()));
          }
        }
        p += (len + 3) & ~3;
      }
    }
  }

  /** errno plus the kernel's extended ack message (NLMSGERR_ATTR_MSG), if any. */
  private static NetlinkError error(ByteBuffer rx, int p, int len, int flags, int errno) {
    String ext = null;
    if ((flags & Nl.NLM_F_ACK_TLVS) != 0) {
      int origLen = rx.getInt(p + 20);
      // with NETLINK_CAP_ACK only the original header is echoed
      int start = p + 20 + ((flags & 0x100) != 0 ? Nl.NLMSG_HDRLEN : Math.max(Nl.NLMSG_HDRLEN, origLen));
      if (start < p + len) {
        Attrs a = Attrs.parse(rx, start, p + len);
        ext = a.str(Nl.NLMSGERR_ATTR_MSG);
      }
    }
    return new NetlinkError(errno, ext);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        c.close(fd);
      }
    } finally {
      lock.unlock();
    }
  }
}
