package dev.netns.internal.netlink;

import dev.netns.NetnsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Sysctls of a namespace: {@code /proc/sys} files read and written by a thread that entered the
 * namespace ({@code net.*} keys reflect the namespace of the thread that opens them). Keys reach
 * this class already validated by the model ({@link dev.netns.internal.ProcFiles#sysctlRelative}).
 */
final class Sysctls {

  private final LibC c;
  private final NamespaceFactory namespaces;

  Sysctls(LibC c, NamespaceFactory namespaces) {
    this.c = c;
    this.namespaces = namespaces;
  }

  /** Reads a sysctl of the namespace {@code ns} (null: the engine's own). */
  String read(String ns, String key) {
    String k = requireSysctlKey(key);
    NsHandle h = namespaces.acquire(ns);
    try {
      return NsThread.callIn(h.fd, "read sysctl " + k + " in " + h.label(), () -> {
        Path p = Path.of("/proc/sys", dev.netns.internal.ProcFiles.sysctlRelative(k));
        try {
          return dev.netns.internal.ProcFiles.read(p);
        } catch (NoSuchFileException e) {
          throw new NetnsException("could not read sysctl " + k + " in " + h.label() + ": no such key (" + p + ")");
        } catch (IOException e) {
          throw new NetnsException("could not read sysctl " + k + " in " + h.label() + ": " + e.getMessage(), e);
        }
      });
    } finally {
      h.release();
    }
  }

  /** Reads several sysctls of {@code ns} in one trip into the namespace; missing keys are left out. */
  java.util.Map<String, String> readAll(String ns, java.util.List<String> keys) {
    java.util.List<dev.netns.SysctlKey> valid = new java.util.ArrayList<>(keys.size());
    for (String k : keys) valid.add(dev.netns.SysctlKey.of(k));
    NsHandle h = namespaces.acquire(ns);
    try {
      // net.* files show the namespace of the thread that opens them: a thread already in it (the
      // test's own thread reading the JVM's namespace) reads them itself, without a hand-off
      if (h.ino == HostReads.threadNamespace()) return readKept(h.ino, valid);
      return NsThread.callIn(h.fd, "read " + valid.size() + " sysctls in " + h.label(), () -> readHere(valid));
    } finally {
      h.release();
    }
  }

  /**
   * Files of the JVM's own namespace kept open (by namespace inode and path): the pollution check
   * reads the same dozen twice per test, and opening a {@code /proc/sys} file (a path walk through
   * the sysctl tables) costs more than reading it again from its start.
   */
  private static final java.util.Map<String, Integer> KEPT = new java.util.HashMap<>();

  /** Closes the files kept open for namespace {@code ino} (it is being deleted). */
  static void forget(long ino) {
    synchronized (KEPT) {
      String prefix = ino + ":";
      for (var it = KEPT.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        if (!e.getKey().startsWith(prefix)) continue;
        LibC.Holder.get().close(e.getValue());
        it.remove();
      }
    }
  }

  /** Like {@link #readHere}, from files kept open; the calling thread is in namespace {@code ino}. */
  private static java.util.Map<String, String> readKept(long ino, java.util.List<dev.netns.SysctlKey> keys) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    LibC c = LibC.Holder.get();
    byte[] buf = new byte[4096];
    synchronized (KEPT) {
      for (dev.netns.SysctlKey k : keys) {
        String id = ino + ":" + k.path();
        Integer fd = KEPT.get(id);
        if (fd == null) {
          int opened = c.open(k.path(), Nl.O_RDONLY | Nl.O_CLOEXEC, 0);
          if (opened < 0) continue; // not on this kernel (asked again next time: a module may come)
          KEPT.put(id, fd = opened);
        } else if (c.lseek(fd, 0, 0 /* SEEK_SET */) < 0) {
          continue;
        }
        String v = rest(c, fd, buf);
        if (v != null) out.put(k.key(), v);
      }
    }
    return out;
  }

  /** The rest of an open file as text, stripped; null when a read failed. */
  private static String rest(LibC c, int fd, byte[] buf) {
    StringBuilder value = new StringBuilder();
    long n;
    while ((n = c.read(fd, buf, buf.length)) > 0) {
      value.append(new String(buf, 0, (int) n, java.nio.charset.StandardCharsets.UTF_8));
    }
    return n == 0 ? value.toString().strip() : null;
  }

  private static java.util.Map<String, String> readHere(java.util.List<dev.netns.SysctlKey> keys) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    LibC c = LibC.Holder.get();
    byte[] buf = new byte[4096];
    for (dev.netns.SysctlKey k : keys) {
      // plain system calls: a key this kernel lacks (no br_netfilter, no IPv6) is left out
      int fd = c.open(k.path(), Nl.O_RDONLY | Nl.O_CLOEXEC, 0);
      if (fd < 0) continue;
      try {
        String v = rest(c, fd, buf);
        if (v != null) out.put(k.key(), v);
      } finally {
        c.close(fd);
      }
    }
    return out;
  }

  /** Writes a sysctl of the namespace held by {@code h}, from a thread that entered it. */
  void write(NsHandle h, String key, String value) {
    String k = requireSysctlKey(key);
    NsThread.callIn(h.fd, "set sysctl " + k + " in " + h.label(), () -> {
      writeProc(c, dev.netns.internal.ProcFiles.sysctlRelative(k), value, false);
      return null;
    });
  }

  private static String requireSysctlKey(String key) {
    return dev.netns.SysctlKey.of(key).key();
  }

  /** Writes a /proc/sys file from the calling thread: net.* keys reflect that thread's namespace. */
  static void writeProc(LibC c, String relative, String value, boolean ignoreMissing) {
    String p = "/proc/sys/" + relative;
    String key = relative.replace('/', '.');
    int fd = c.open(p, 1 /* O_WRONLY */ | Nl.O_CLOEXEC, 0);
    if (fd < 0) {
      int e = LibC.errno();
      if (e == Nl.ENOENT && ignoreMissing) return;
      throw new NetnsException("could not set sysctl " + key + "=" + value + ": "
          + (e == Nl.ENOENT ? "no such key (" + p + ")" : LibC.message(e)));
    }
    try {
      byte[] b = (value + "\n").getBytes(StandardCharsets.UTF_8);
      if (c.write(fd, b, b.length) < 0) {
        throw new NetnsException("could not set sysctl " + key + "=" + value + ": " + LibC.message(LibC.errno()));
      }
    } finally {
      c.close(fd);
    }
  }
}
