package dev.netns.internal.netlink;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The libc calls the native engine makes. Every call that can fail saves {@code errno}; read it
 * with {@link #errno()} right after the call, on the same thread.
 *
 * <p>Bound through jffi, the call layer underneath jnr-ffi: each function is a symbol address plus
 * a call signature, and arguments are plain 64-bit values or native memory addresses. jnr-ffi's
 * own interface binder generates bytecode for every method at load time, which costs about a
 * quarter of a second of a cold JVM's start; this binding costs a few milliseconds.
 */
public final class LibC {

  private static final Invoker INVOKER = Invoker.getInstance();
  private static final MemoryIO MEMORY = MemoryIO.getInstance();

  private final Library libc;
  private final Fn unshare;
  private final Fn setns;
  private final Fn mount;
  private final Fn umount2;
  private final Fn open;
  private final Fn close;
  private final Fn read;
  private final Fn lseek;
  private final Fn write;
  private final Fn unlink;
  private final Fn mkdir;
  private final Fn stat;
  private final Fn fstat;
  private final Fn socket;
  private final Fn bind;
  private final Fn setsockopt;
  private final Fn sendto;
  private final Fn recvfrom;
  private final Fn poll;
  private final Fn geteuid;
  private final Fn strerror;

  /** One libc function: its address and its call signature (saving errno). */
  private record Fn(String name, long address, CallContext context) {
  }

  private LibC(Library libc) {
    this.libc = libc;
    unshare = fn("unshare", Type.SINT, Type.SINT);
    setns = fn("setns", Type.SINT, Type.SINT, Type.SINT);
    mount = fn("mount", Type.SINT, Type.POINTER, Type.POINTER, Type.POINTER, Type.ULONG, Type.POINTER);
    umount2 = fn("umount2", Type.SINT, Type.POINTER, Type.SINT);
    open = fn("open", Type.SINT, Type.POINTER, Type.SINT, Type.UINT);
    close = fn("close", Type.SINT, Type.SINT);
    read = fn("read", Type.SLONG, Type.SINT, Type.POINTER, Type.ULONG);
    lseek = fn("lseek", Type.SLONG, Type.SINT, Type.SLONG, Type.SINT);
    write = fn("write", Type.SLONG, Type.SINT, Type.POINTER, Type.ULONG);
    unlink = fn("unlink", Type.SINT, Type.POINTER);
    mkdir = fn("mkdir", Type.SINT, Type.POINTER, Type.UINT);
    stat = fn("stat", Type.SINT, Type.POINTER, Type.POINTER);
    fstat = fn("fstat", Type.SINT, Type.SINT, Type.POINTER);
    socket = fn("socket", Type.SINT, Type.SINT, Type.SINT, Type.SINT);
    bind = fn("bind", Type.SINT, Type.SINT, Type.POINTER, Type.UINT);
    setsockopt = fn("setsockopt", Type.SINT, Type.SINT, Type.SINT, Type.SINT, Type.POINTER, Type.UINT);
    sendto = fn("sendto", Type.SLONG, Type.SINT, Type.POINTER, Type.ULONG, Type.SINT, Type.POINTER, Type.UINT);
    recvfrom = fn("recvfrom", Type.SLONG, Type.SINT, Type.POINTER, Type.ULONG, Type.SINT, Type.POINTER, Type.POINTER);
    poll = fn("poll", Type.SINT, Type.POINTER, Type.ULONG, Type.SINT);
    geteuid = fn("geteuid", Type.UINT);
    strerror = fn("strerror", Type.POINTER, Type.SINT);
  }

  private Fn fn(String name, Type result, Type... params) {
    long address = (libc != null ? libc : Library.getDefault()).getSymbolAddress(name);
    if (address == 0) {
      throw new UnsatisfiedLinkError("libc has no function " + name + ": " + Library.getLastError());
    }
    return new Fn(name, address, CallContext.getCallContext(result, params, CallingConvention.DEFAULT, true));
  }

  // ------------------------------------------------------------------ calls

  /** {@code unshare(2)}. */
  public int unshare(int flags) {
    return (int) INVOKER.invokeN1(unshare.context(), unshare.address(), flags);
  }

  /** {@code setns(2)}. */
  public int setns(int fd, int nstype) {
    return (int) INVOKER.invokeN2(setns.context(), setns.address(), fd, nstype);
  }

  /** {@code mount(2)}; {@code flags} is an unsigned long; no file-system specific data. */
  public int mount(String source, String target, String fstype, long flags, Object noData) {
    if (noData != null) throw new IllegalArgumentException("mount data is not supported");
    try (Native s = Native.of(source); Native t = Native.of(target); Native f = Native.of(fstype)) {
      return (int) INVOKER.invokeN5(mount.context(), mount.address(), s.address, t.address, f.address, flags, 0L);
    }
  }

  /** {@code umount2(2)}. */
  public int umount2(String target, int flags) {
    try (Native t = Native.of(target)) {
      return (int) INVOKER.invokeN2(umount2.context(), umount2.address(), t.address, flags);
    }
  }

  /** {@code open(2)}. */
  public int open(String path, int flags, int mode) {
    try (Native p = Native.of(path)) {
      return (int) INVOKER.invokeN3(open.context(), open.address(), p.address, flags, mode);
    }
  }

  /** {@code close(2)}. */
  public int close(int fd) {
    return (int) INVOKER.invokeN1(close.context(), close.address(), fd);
  }

  /** {@code lseek(2)}. */
  public long lseek(int fd, long offset, int whence) {
    return INVOKER.invokeN3(lseek.context(), lseek.address(), fd, offset, whence);
  }

  /** {@code read(2)} into {@code buf}. */
  public long read(int fd, byte[] buf, long len) {
    int n = checkLength(buf, len);
    try (Native b = Native.allocate(n)) {
      long got = INVOKER.invokeN3(read.context(), read.address(), fd, b.address, n);
      if (got > 0) MEMORY.getByteArray(b.address, buf, 0, (int) got);
      return got;
    }
  }

  /** {@code write(2)} from {@code buf}. */
  public long write(int fd, byte[] buf, long len) {
    int n = checkLength(buf, len);
    try (Native b = Native.of(buf, n)) {
      return INVOKER.invokeN3(write.context(), write.address(), fd, b.address, n);
    }
  }

  /** {@code unlink(2)}. */
  public int unlink(String path) {
    try (Native p = Native.of(path)) {
      return (int) INVOKER.invokeN1(unlink.context(), unlink.address(), p.address);
    }
  }

  /** {@code mkdir(2)}. */
  public int mkdir(String path, int mode) {
    try (Native p = Native.of(path)) {
      return (int) INVOKER.invokeN2(mkdir.context(), mkdir.address(), p.address, mode);
    }
  }

  /** {@code stat(2)} into a raw {@code struct stat} buffer (at least 256 bytes). */
  public int stat(String path, byte[] buf) {
    try (Native p = Native.of(path); Native b = Native.allocate(buf.length)) {
      int rc = (int) INVOKER.invokeN2(stat.context(), stat.address(), p.address, b.address);
      MEMORY.getByteArray(b.address, buf, 0, buf.length);
      return rc;
    }
  }

  /** {@code fstat(2)} into a raw {@code struct stat} buffer (at least 256 bytes). */
  public int fstat(int fd, byte[] buf) {
    try (Native b = Native.allocate(buf.length)) {
      int rc = (int) INVOKER.invokeN2(fstat.context(), fstat.address(), fd, b.address);
      MEMORY.getByteArray(b.address, buf, 0, buf.length);
      return rc;
    }
  }

  /** {@code socket(2)}. */
  public int socket(int domain, int type, int protocol) {
    return (int) INVOKER.invokeN3(socket.context(), socket.address(), domain, type, protocol);
  }

  /** {@code bind(2)} with a raw sockaddr. */
  public int bind(int fd, byte[] addr, int len) {
    int n = checkLength(addr, len);
    try (Native a = Native.of(addr, n)) {
      return (int) INVOKER.invokeN3(bind.context(), bind.address(), fd, a.address, n);
    }
  }

  /** {@code setsockopt(2)} with a raw option value. */
  public int setsockopt(int fd, int level, int option, byte[] value, int len) {
    int n = checkLength(value, len);
    try (Native v = Native.of(value, n)) {
      return (int) INVOKER.invokeN5(setsockopt.context(), setsockopt.address(), fd, level, option, v.address, n);
    }
  }

  /** {@code sendto(2)} from a direct buffer (bytes 0 to {@code len}), to a raw sockaddr or none ({@code null}). */
  public long sendto(int fd, ByteBuffer buf, long len, int flags, byte[] addr, int addrLen) {
    long data = directAddress(buf, len);
    int n = addr == null ? 0 : checkLength(addr, addrLen);
    try (Native a = addr == null ? Native.NONE : Native.of(addr, n)) {
      return INVOKER.invokeN6(sendto.context(), sendto.address(), fd, data, len, flags, a.address, n);
    }
  }

  /** {@code recvfrom(2)} into a direct buffer; the sender address is not wanted (both {@code null}). */
  public long recvfrom(int fd, ByteBuffer buf, long len, int flags, Object noAddr, Object noAddrLen) {
    if (noAddr != null || noAddrLen != null) throw new IllegalArgumentException("the sender address is not supported");
    long data = directAddress(buf, len);
    return INVOKER.invokeN6(recvfrom.context(), recvfrom.address(), fd, data, len, flags, 0L, 0L);
  }

  /** {@code poll(2)} on raw {@code struct pollfd} entries (8 bytes each); the entries are updated. */
  public int poll(byte[] fds, long nfds, int timeoutMs) {
    int n = checkLength(fds, nfds * 8);
    try (Native f = Native.of(fds, n)) {
      int rc = (int) INVOKER.invokeN3(poll.context(), poll.address(), f.address, nfds, timeoutMs);
      MEMORY.getByteArray(f.address, fds, 0, n);
      return rc;
    }
  }

  /** {@code geteuid(2)}. */
  public int geteuid() {
    return (int) INVOKER.invokeN0(geteuid.context(), geteuid.address());
  }

  /** {@code strerror(3)}. */
  public String strerror(int errnum) {
    long p = INVOKER.invokeN1(strerror.context(), strerror.address(), errnum);
    return p == 0 ? null : new String(MEMORY.getZeroTerminatedByteArray(p), StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ memory

  private static int checkLength(byte[] buf, long len) {
    if (len < 0 || len > buf.length) {
      throw new IndexOutOfBoundsException("length " + len + " for a buffer of " + buf.length + " bytes");
    }
    return (int) len;
  }

  private static long directAddress(ByteBuffer buf, long len) {
    if (!buf.isDirect()) throw new IllegalArgumentException("a direct buffer is needed");
    if (len < 0 || len > buf.capacity()) {
      throw new IndexOutOfBoundsException("length " + len + " for a buffer of " + buf.capacity() + " bytes");
    }
    return MEMORY.getDirectBufferAddress(buf);
  }

  /** Native memory for the length of one call. */
  private static final class Native implements AutoCloseable {
    static final Native NONE = new Native(0);
    final long address;

    private Native(long address) {
      this.address = address;
    }

    static Native allocate(int size) {
      long a = MEMORY.allocateMemory(Math.max(1, size), true);
      if (a == 0) throw new OutOfMemoryError("cannot allocate " + size + " bytes of native memory");
      return new Native(a);
    }

    /** A NUL-terminated copy of the string, or no memory (a null pointer) for {@code null}. */
    static Native of(String s) {
      if (s == null) return NONE;
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      Native n = allocate(b.length + 1);
      MEMORY.putByteArray(n.address, b, 0, b.length); // the memory is cleared: the NUL is there
      return n;
    }

    static Native of(byte[] b, int len) {
      Native n = allocate(len);
      MEMORY.putByteArray(n.address, b, 0, len);
      return n;
    }

    @Override
    public void close() {
      if (address != 0) MEMORY.freeMemory(address);
    }
  }

  // ------------------------------------------------------------------ binding

  /** Binds libc once per JVM. */
  public static final class Holder {
    private static volatile LibC instance;

    private Holder() {
    }

    /** The binding; throws {@link UnsatisfiedLinkError} (or another error) when libc cannot be bound. */
    public static LibC get() {
      LibC l = instance;
      if (l == null) {
        synchronized (Holder.class) {
          l = instance;
          if (l == null) {
            Library lib = Library.getCachedInstance("libc.so.6", Library.LAZY | Library.LOCAL);
            l = new LibC(lib); // null: the symbols of the process itself (libc is always among them)
            instance = l;
          }
        }
      }
      return l;
    }
  }

  /** The errno saved by the last call of this thread. */
  static int errno() {
    return LastError.getInstance().get();
  }

  /** errno in words, e.g. {@code File exists}. */
  static String message(int errno) {
    String s = Holder.get().strerror(errno);
    return s == null ? "errno " + errno : s;
  }
}
