package dev.netns.internal.netlink;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import dev.netns.NetnsException;
import java.util.ArrayList;
import java.util.List;

/**
 * A packet socket ({@code AF_PACKET}, {@code SOCK_RAW}, every protocol) opened inside one network
 * namespace and bound to no interface, so it sees every frame of every interface of that
 * namespace, sent and received, including interfaces that appear later. It is what
 * {@code tcpdump -i any} opens, without the process.
 *
 * <p>The socket is opened on a fresh {@link NsThread} that entered the namespace; afterwards any
 * thread may read it. Frames queue in the socket's kernel receive buffer ({@value #RCVBUF} bytes
 * asked for) until {@link #read} takes them, so nothing sent after {@link #open} returns is missed
 * unless that buffer overflows (then the kernel drops and counts).
 *
 * <p>Reads are non-blocking; each frame comes with its interface index, direction and the
 * kernel's receive timestamp (read back with {@code SIOCGSTAMP} after each frame).
 */
public final class PacketSocket implements AutoCloseable {

  static final int AF_PACKET = 17;
  static final int ETH_P_ALL_BE = 0x0300; // htons(ETH_P_ALL = 3)
  static final int SIOCGSTAMP = 0x8906;
  static final int RCVBUF = 256 << 10;
  /** {@code sll_pkttype} of a frame this host sent. */
  public static final int PACKET_OUTGOING = 4;

  private static final Invoker INVOKER = Invoker.getInstance();
  private static final MemoryIO MEMORY = MemoryIO.getInstance();

  /** recvfrom and ioctl with the pointers these reads need (LibC's binding takes no sender address). */
  private static final class Calls {
    static final Calls INSTANCE = new Calls();
    final long recvfrom;
    final CallContext recvfromCtx;
    final long ioctl;
    final CallContext ioctlCtx;

    private Calls() {
      Library lib = Library.getCachedInstance("libc.so.6", Library.LAZY | Library.LOCAL);
      recvfrom = symbol(lib, "recvfrom");
      recvfromCtx = CallContext.getCallContext(Type.SLONG, new Type[] {Type.SINT, Type.POINTER, Type.ULONG, Type.SINT,
          Type.POINTER, Type.POINTER}, CallingConvention.DEFAULT, true);
      ioctl = symbol(lib, "ioctl");
      ioctlCtx = CallContext.getCallContext(Type.SINT, new Type[] {Type.SINT, Type.ULONG, Type.POINTER},
          CallingConvention.DEFAULT, true);
    }

    private static long symbol(Library lib, String name) {
      long a = (lib != null ? lib : Library.getDefault()).getSymbolAddress(name);
      if (a == 0) throw new UnsatisfiedLinkError("libc has no function " + name + ": " + Library.getLastError());
      return a;
    }
  }

  /** One frame as read: where it was seen and when. */
  public record Frame(int ifindex, int hatype, boolean outgoing, long epochMicros, int origLen, byte[] data) {
  }

  private final int fd;
  private final String namespace;
  private volatile boolean closed;

  private PacketSocket(int fd, String namespace) {
    this.fd = fd;
    this.namespace = namespace;
  }

  /** The namespace file this socket was opened in (for messages). */
  public String namespace() {
    return namespace;
  }

  /** The descriptor, for {@code poll(2)}. */
  public int fd() {
    return fd;
  }

  /**
   * Opens one socket in each namespace file; all or none. A namespace the native engine made ahead
   * of time already has one, opened by the thread that made it (no hand-off at all); the others
   * are opened on one fresh thread.
   */
  public static List<PacketSocket> openAll(List<String> nsPaths) {
    if (nsPaths.isEmpty()) return List.of();
    wanted = true; // from now on namespaces made ahead of time come with one
    PacketSocket[] out = new PacketSocket[nsPaths.size()];
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      NsExtras e = NsExtras.forPath(nsPaths.get(i));
      out[i] = e == null ? null : e.takePacketSocket(nsPaths.get(i));
      if (out[i] == null) missing.add(i);
    }
    if (missing.isEmpty()) return List.of(out);
    // one fresh thread enters each other namespace in turn: one hand-off instead of one per namespace
    try {
      NsThread.await(NsThread.submit(() -> {
        for (int i : missing) out[i] = openHere(nsPaths.get(i));
        return null;
      }), "open packet sockets for the capture");
    } catch (RuntimeException e) {
      for (PacketSocket s : out) if (s != null) s.close();
      throw e;
    }
    return List.of(out);
  }

  /** Whether a capture ever asked for sockets: then namespaces made ahead of time open one while they are made. */
  static volatile boolean wanted;

  private static PacketSocket openHere(String nsPath) {
    LibC c = LibC.Holder.get();
    int nsFd = c.open(nsPath, Nl.O_RDONLY | Nl.O_CLOEXEC, 0);
    if (nsFd < 0) {
      throw new NetnsException("cannot open namespace " + nsPath + " to capture packets: " + LibC.message(LibC.errno()));
    }
    try {
      NsThread.enter(nsFd, "capture packets in " + nsPath);
    } finally {
      c.close(nsFd);
    }
    return openInThisNamespace(nsPath);
  }

  /** Opens a socket in the calling thread's namespace (a thread that entered or made it). */
  static PacketSocket openInThisNamespace(String label) {
    LibC c = LibC.Holder.get();
    int fd = c.socket(AF_PACKET, Nl.SOCK_RAW | Nl.SOCK_CLOEXEC, ETH_P_ALL_BE);
    if (fd < 0) {
      throw new NetnsException("cannot open a packet socket in " + label + ": " + LibC.message(LibC.errno()));
    }
    c.setsockopt(fd, Nl.SOL_SOCKET, Nl.SO_RCVBUF, intBytes(RCVBUF), 4); // best effort: capped by rmem_max
    // The first SIOCGSTAMP turns the socket's timestamps on (SOCK_TIMESTAMP): from then on each
    // read stores its frame's receive time for the next SIOCGSTAMP. (SO_TIMESTAMP would not:
    // it hands timestamps out as control messages only.)
    long tv = MEMORY.allocateMemory(16, true);
    try {
      INVOKER.invokeN3(Calls.INSTANCE.ioctlCtx, Calls.INSTANCE.ioctl, fd, SIOCGSTAMP, tv);
    } finally {
      MEMORY.freeMemory(tv);
    }
    return new PacketSocket(fd, label);
  }

  /** The same socket under the namespace's file name (one opened before the namespace had a name). */
  PacketSocket named(String nsPath) {
    return new PacketSocket(fd, nsPath);
  }

  private static byte[] intBytes(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  /**
   * Reads every frame waiting in the socket without blocking, each cut to {@code snaplen} bytes,
   * handing each to {@code sink}; returns how many were read.
   */
  public synchronized int read(int snaplen, java.util.function.Consumer<Frame> sink) {
    if (closed) return 0;
    Calls calls = Calls.INSTANCE;
    int bufLen = 65536 + 64;
    long buf = MEMORY.allocateMemory(bufLen + 20 + 4 + 16, true);
    if (buf == 0) throw new OutOfMemoryError("cannot allocate a capture buffer");
    long addr = buf + bufLen;
    long addrLen = addr + 20;
    long tv = addrLen + 4;
    int n = 0;
    try {
      while (!closed) {
        MEMORY.putInt(addrLen, 20);
        // MSG_TRUNC: the return value is the frame's real length, also when longer than the buffer
        long got = INVOKER.invokeN6(calls.recvfromCtx, calls.recvfrom, fd, buf, bufLen, Nl.MSG_DONTWAIT | 0x20,
            addr, addrLen);
        if (got < 0) {
          int err = LastError.getInstance().get();
          if (err == Nl.EINTR) continue;
          break; // EAGAIN: nothing more waiting (or the socket is gone)
        }
        long micros;
        if (INVOKER.invokeN3(calls.ioctlCtx, calls.ioctl, fd, SIOCGSTAMP, tv) == 0) {
          micros = MEMORY.getLong(tv) * 1_000_000L + MEMORY.getLong(tv + 8);
        } else {
          micros = System.currentTimeMillis() * 1000L;
        }
        int ifindex = MEMORY.getInt(addr + 4);
        int hatype = Short.toUnsignedInt(MEMORY.getShort(addr + 8));
        int pkttype = Byte.toUnsignedInt(MEMORY.getByte(addr + 10));
        int caplen = (int) Math.min(Math.min(got, bufLen), snaplen);
        byte[] data = new byte[caplen];
        MEMORY.getByteArray(buf, data, 0, caplen);
        sink.accept(new Frame(ifindex, hatype, pkttype == PACKET_OUTGOING, micros, (int) got, data));
        n++;
      }
    } finally {
      MEMORY.freeMemory(buf);
    }
    return n;
  }

  /** Whether {@link #read} may find frames: {@code poll(2)} with the given timeout on several sockets. */
  public static boolean awaitReadable(List<PacketSocket> sockets, int timeoutMs) {
    if (sockets.isEmpty()) return false;
    byte[] fds = new byte[sockets.size() * 8];
    for (int i = 0; i < sockets.size(); i++) {
      int fd = sockets.get(i).fd;
      fds[i * 8] = (byte) fd;
      fds[i * 8 + 1] = (byte) (fd >>> 8);
      fds[i * 8 + 2] = (byte) (fd >>> 16);
      fds[i * 8 + 3] = (byte) (fd >>> 24);
      fds[i * 8 + 4] = (byte) Nl.POLLIN;
    }
    return LibC.Holder.get().poll(fds, sockets.size(), timeoutMs) > 0;
  }

  /**
   * Closes the socket on a background thread: closing a packet socket waits for an RCU grace
   * period ({@code synchronize_net}), milliseconds on a busy machine, which the test's teardown
   * need not wait for. Nothing reads it afterwards; its namespace ends once it is closed.
   */
  public void closeSoon() {
    if (closed) return;
    Closer.INSTANCE.queue.add(this);
  }

  /** The one daemon thread that closes sockets handed to {@link #closeSoon()}. */
  private static final class Closer {
    static final Closer INSTANCE = new Closer();
    final java.util.concurrent.LinkedBlockingQueue<PacketSocket> queue = new java.util.concurrent.LinkedBlockingQueue<>();

    private Closer() {
      Thread t = new Thread(() -> {
        while (true) {
          try {
            queue.take().close();
          } catch (InterruptedException e) {
            return;
          } catch (RuntimeException e) {
            // a close that failed has nothing left to do
          }
        }
      }, "netns-socket-closer");
      t.setDaemon(true);
      t.start();
    }
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    LibC.Holder.get().close(fd);
  }
}
