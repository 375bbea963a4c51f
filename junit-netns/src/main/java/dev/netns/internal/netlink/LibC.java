package dev.netns.internal.netlink;

import java.nio.ByteBuffer;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc calls the native engine makes (jnr-ffi binding). Every call that can fail saves
 * {@code errno}; read it with {@link #errno()} right after the call, on the same thread.
 */
public interface LibC {

  /** {@code unshare(2)}. */
  @SaveError
  int unshare(int flags);

  /** {@code setns(2)}. */
  @SaveError
  int setns(int fd, int nstype);

  /** {@code mount(2)}; {@code flags} is an unsigned long, {@code data} may be null. */
  @SaveError
  int mount(String source, String target, String fstype, @size_t long flags, Pointer data);

  /** {@code umount2(2)}. */
  @SaveError
  int umount2(String target, int flags);

  /** {@code open(2)}. */
  @SaveError
  int open(String path, int flags, int mode);

  /** {@code close(2)}. */
  @SaveError
  int close(int fd);

  /** {@code read(2)}. */
  @SaveError
  @ssize_t long read(int fd, @Out byte[] buf, @size_t long len);

  /** {@code write(2)}. */
  @SaveError
  @ssize_t long write(int fd, @In byte[] buf, @size_t long len);

  /** {@code unlink(2)}. */
  @SaveError
  int unlink(String path);

  /** {@code mkdir(2)}. */
  @SaveError
  int mkdir(String path, int mode);

  /** {@code stat(2)} into a raw {@code struct stat} buffer (at least 256 bytes). */
  @SaveError
  int stat(String path, @Out byte[] buf);

  /** {@code fstat(2)} into a raw {@code struct stat} buffer (at least 256 bytes). */
  @SaveError
  int fstat(int fd, @Out byte[] buf);

  /** {@code socket(2)}. */
  @SaveError
  int socket(int domain, int type, int protocol);

  /** {@code bind(2)} with a raw sockaddr. */
  @SaveError
  int bind(int fd, @In byte[] addr, int len);

  /** {@code setsockopt(2)} with a raw option value. */
  @SaveError
  int setsockopt(int fd, int level, int option, @In byte[] value, int len);

  /** {@code sendto(2)} from a direct buffer (bytes 0 to {@code len}), to a raw sockaddr. */
  @SaveError
  @ssize_t long sendto(int fd, @In ByteBuffer buf, @size_t long len, int flags, @In byte[] addr, int addrLen);

  /** {@code recvfrom(2)} into a direct buffer; the sender address is not wanted. */
  @SaveError
  @ssize_t long recvfrom(int fd, @Out ByteBuffer buf, @size_t long len, int flags, Pointer addr, Pointer addrLen);

  /** {@code poll(2)} on raw {@code struct pollfd} entries (8 bytes each). */
  @SaveError
  int poll(@In @Out byte[] fds, @size_t long nfds, int timeoutMs);

  /** {@code geteuid(2)}. */
  int geteuid();

  /** {@code strerror(3)}. */
  String strerror(int errnum);

  /** Loads libc once per JVM. */
  final class Holder {
    private static volatile LibC instance;
    private static volatile Runtime runtime;

    private Holder() {
    }

    /** The binding; throws {@link UnsatisfiedLinkError} (or another error) when libc cannot be bound. */
    public static LibC get() {
      LibC l = instance;
      if (l == null) {
        synchronized (Holder.class) {
          l = instance;
          if (l == null) {
            l = LibraryLoader.create(LibC.class).failImmediately().load("c");
            runtime = Runtime.getRuntime(l);
            instance = l;
          }
        }
      }
      return l;
    }
  }

  /** The errno saved by the last call of this thread. */
  static int errno() {
    return LastError.getLastError(Holder.runtime);
  }

  /** errno in words, e.g. {@code File exists}. */
  static String message(int errno) {
    String s = Holder.get().strerror(errno);
    return s == null ? "errno " + errno : s;
  }
}
