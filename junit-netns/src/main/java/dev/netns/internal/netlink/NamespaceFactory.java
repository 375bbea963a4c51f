package dev.netns.internal.netlink;

import dev.netns.NetnsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The native engine's namespaces: creating them as {@code ip netns add} does (unshare on a fresh
 * thread, bind mount on {@code /run/netns/NAME}), a few made ahead of time, deleting and listing
 * them, and the per-namespace handles (descriptor plus rtnetlink socket) every other handler
 * works through. A handle is {@link #acquire acquired} for one operation and released after it.
 */
final class NamespaceFactory {

  static final String RUN_DIR = "/run/netns";
  private static final long REFILL_DELAY_MS = 5;

  private final LibC c;
  private final NsHandle own;
  private final int preparedTarget;
  private final ConcurrentHashMap<String, NsHandle> handles = new ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentLinkedQueue<Fresh> prepared = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final Preparer preparer = new Preparer();
  private volatile boolean runDirReady;
  private volatile boolean closed;

  /** Where named namespaces are mounted, as this JVM reaches them ({@value #RUN_DIR} locally). */
  private final String runDir;
  /** The machine in messages: {@code the local kernel}, or a container's. */
  private final String where;
  /** On another mount namespace's {@code /run/netns} (a container's): mounts there are not ours to make. */
  private final boolean foreign;

  NamespaceFactory(LibC c, NsHandle own, int preparedTarget) {
    this(c, own, preparedTarget, RUN_DIR, "the local kernel", false);
  }

  NamespaceFactory(LibC c, NsHandle own, int preparedTarget, String runDir, String where, boolean foreign) {
    this.c = c;
    this.own = own;
    this.preparedTarget = foreign ? 0 : Math.max(0, preparedTarget);
    this.runDir = runDir;
    this.where = where;
    this.foreign = foreign;
  }

  /** The machine in messages, e.g. {@code the local kernel}. */
  String where() {
    return where;
  }

  private void requireLocal(String what) {
    if (foreign) {
      throw new UnsupportedOperationException("cannot " + what + " on " + where + " from outside its mount namespace;"
          + " ip netns inside it does that");
    }
  }

  /** Starts (or wakes) the refill of namespaces made ahead of time. */
  void wake() {
    preparer.wake();
  }

  void createNamespaces(List<String> names) {
    if (names.isEmpty()) return;
    requireLocal("create namespaces");
    for (String n : names) requireName(n);
    ensureRunDir();
    // the namespace files first, as ip netns add does: a taken name fails before any work
    List<String> claimed = new ArrayList<>();
    RuntimeException first = null;
    for (String n : names) {
      String path = runDir + "/" + n;
      int f = c.open(path, Nl.O_RDONLY | Nl.O_CREAT | Nl.O_EXCL | Nl.O_CLOEXEC, 0);
      if (f < 0) {
        first = add(first, new NetnsException("could not create namespace " + n + ": cannot create namespace file \""
            + path + "\": " + LibC.message(LibC.errno())));
        continue;
      }
      c.close(f);
      claimed.add(n);
    }
    // a namespace made ahead of time where there is one, else a new one from a fresh thread
    // each (all at once: unshare() is the slow part and runs in parallel)
    List<CompletableFuture<Fresh>> fresh = new ArrayList<>();
    for (int i = 0; i < claimed.size(); i++) {
      Fresh ready = prepared.poll();
      fresh.add(ready != null ? CompletableFuture.completedFuture(ready) : NsThread.submit(this::prepare));
    }
    for (int i = 0; i < claimed.size(); i++) {
      String n = claimed.get(i);
      try {
        NsHandle h = mount(n, NsThread.await(fresh.get(i), "create namespace " + n));
        NsHandle old = handles.put(n, h);
        if (old != null) old.close();
      } catch (RuntimeException e) {
        c.unlink(runDir + "/" + n);
        first = add(first, e);
      }
    }
    preparer.wake();
    if (first != null) throw first;
  }

  private static RuntimeException add(RuntimeException first, RuntimeException next) {
    if (first == null) return next;
    first.addSuppressed(next);
    return first;
  }

  /**
   * A namespace made ahead of time (or just now): alive through its descriptor and sockets, lo up,
   * DAD off, not yet mounted under any name. Closing it before it is mounted ends the namespace.
   */
  private static final class Fresh {
    final int fd;
    final long dev;
    final long ino;
    final RtnlSocket rtnl;
    final IcmpSocket icmp4;
    final NsExtras extras;

    Fresh(int fd, long dev, long ino, RtnlSocket rtnl, IcmpSocket icmp4, NsExtras extras) {
      this.fd = fd;
      this.dev = dev;
      this.ino = ino;
      this.rtnl = rtnl;
      this.icmp4 = icmp4;
      this.extras = extras;
    }

    void close() {
      extras.close();
      if (icmp4 != null) icmp4.close();
      rtnl.close();
      LibC.Holder.get().close(fd);
    }
  }

  /**
   * Runs on a fresh thread that ends afterwards: unshares a new network namespace, turns DAD off,
   * opens the engine's netlink socket there, sets lo up and opens an ICMP socket for probes.
   */
  private Fresh prepare() {
    if (c.unshare(Nl.CLONE_NEWNET) != 0) {
      throw new NetnsException("could not create a network namespace: unshare(CLONE_NEWNET) failed: "
          + LibC.message(LibC.errno()));
    }
    int fd = c.open("/proc/thread-self/ns/net", Nl.O_RDONLY | Nl.O_CLOEXEC, 0);
    if (fd < 0) {
      throw new NetnsException("could not open the new namespace: " + LibC.message(LibC.errno()));
    }
    RtnlSocket sock = null;
    try {
      long[] id = fstat(c, fd, "the new namespace");
      // no duplicate address detection: an IPv6 address works the moment it is added ("default"
      // for the devices to come, "all" in case the machine's is on; lo never runs DAD)
      for (String dev : new String[] {"all", "default"}) {
        Sysctls.writeProc(c, "net/ipv6/conf/" + dev + "/accept_dad", "0", true);
      }
      sock = RtnlSocket.open();
      try {
        sock.request(new NlMsg(Nl.RTM_NEWLINK, 0).ifinfomsg(Nl.AF_UNSPEC, 0, Nl.IFF_UP, Nl.IFF_UP)
            .str(Nl.IFLA_IFNAME, "lo"));
      } catch (NetlinkError e) {
        throw new NetnsException("could not set lo up in a new namespace: " + e.getMessage(), e);
      }
      // an ICMP socket now, while this thread is inside: the first ping needs no thread of its own
      // (IPv6 probes open theirs on first use; without CAP_NET_RAW the first ping says why)
      IcmpSocket icmp = null;
      try {
        icmp = IcmpSocket.open(false);
      } catch (NetnsException e) {
        // reported by ping(), where it matters
      }
      // and what later questions about this namespace need, so that they need no thread of their own
      return new Fresh(fd, id[0], id[1], sock, icmp, NsExtras.openHere(id[1]));
    } catch (RuntimeException e) {
      if (sock != null) sock.close();
      c.close(fd);
      throw e;
    }
  }

  /**
   * Gives a fresh namespace its name: a bind mount of its descriptor on {@code /run/netns/NAME}
   * (the file is already there), as {@code ip netns attach} does. Runs on the caller's thread,
   * which never enters the namespace.
   */
  private NsHandle mount(String name, Fresh f) {
    String path = runDir + "/" + name;
    if (c.mount("/proc/self/fd/" + f.fd, path, "none", Nl.MS_BIND, null) != 0) {
      int e = LibC.errno();
      f.close();
      throw new NetnsException("could not create namespace " + name + ": bind mount of the new namespace on "
          + path + " failed: " + LibC.message(e));
    }
    NsHandle h = new NsHandle(name, f.fd, f.dev, f.ino, f.rtnl);
    if (f.icmp4 != null) h.offer(f.icmp4);
    f.extras.register(path);
    return h;
  }

  /**
   * Keeps a few namespaces made ahead of time, so that creating one is a bind mount on the
   * caller's thread instead of unshare() on a thread of its own. Starts only once namespaces are
   * created; refills a moment after each batch, one namespace at a time, on fresh threads (it never
   * enters a namespace itself). Unmounted, these namespaces end with the JVM or {@link #close()}.
   */
  private final class Preparer {
    private final java.util.concurrent.Semaphore wakeups = new java.util.concurrent.Semaphore(0);
    private volatile Thread thread;

    void wake() {
      if (preparedTarget == 0 || closed) return;
      if (thread == null) {
        synchronized (this) {
          if (thread == null) {
            Thread t = new Thread(this::loop, "netns-preparer");
            t.setDaemon(true);
            t.start();
            thread = t;
          }
        }
      }
      wakeups.release();
    }

    private void loop() {
      while (!closed) {
        try {
          wakeups.acquire();
          wakeups.drainPermits();
          // let the batch that woke us finish its links first: unshare() and lo up compete for
          // the same kernel locks and, on a small machine, for the same cores
          Thread.sleep(REFILL_DELAY_MS);
        } catch (InterruptedException e) {
          return;
        }
        while (!closed && prepared.size() < preparedTarget) {
          try {
            Fresh f = NsThread.await(NsThread.submit(NamespaceFactory.this::prepare), "prepare a namespace");
            prepared.add(f);
            if (closed) drainPrepared();
          } catch (RuntimeException e) {
            break; // the next batch creates its namespaces itself and reports the problem
          }
        }
      }
    }
  }

  private void drainPrepared() {
    for (Fresh f; (f = prepared.poll()) != null; ) f.close();
  }

  /** {@code /run/netns} exists and is a shared mount point, as iproute2 leaves it (so mounts propagate). */
  private void ensureRunDir() {
    if (runDirReady) return;
    synchronized (this) {
      if (runDirReady) return;
      if (c.mkdir(runDir, 0755) != 0 && LibC.errno() != Nl.EEXIST) {
        throw new NetnsException("cannot create " + runDir + ": " + LibC.message(LibC.errno()));
      }
      boolean madeMount = false;
      while (c.mount("", runDir, "none", Nl.MS_SHARED | Nl.MS_REC, null) != 0) {
        int e = LibC.errno();
        if (e != Nl.EINVAL || madeMount) {
          throw new NetnsException("mount --make-shared " + runDir + " failed: " + LibC.message(e));
        }
        if (c.mount(runDir, runDir, "none", Nl.MS_BIND | Nl.MS_REC, null) != 0) {
          throw new NetnsException("mount --bind " + runDir + " " + runDir + " failed: " + LibC.message(LibC.errno()));
        }
        madeMount = true;
      }
      runDirReady = true;
    }
  }

  void deleteNamespaces(List<String> names) {
    requireLocal("delete namespaces");
    List<String> failures = new ArrayList<>();
    for (String name : names) {
      requireName(name);
      NsHandle h = handles.remove(name);
      if (h != null) {
        Sysctls.forget(h.ino);
        h.close();
      }
      String path = runDir + "/" + name;
      NsExtras.forget(path);
      c.umount2(path, Nl.MNT_DETACH);
      if (c.unlink(path) != 0 && LibC.errno() != Nl.ENOENT) { // already gone is fine, as with ip
        failures.add(name + " (cannot remove namespace file \"" + path + "\": " + LibC.message(LibC.errno()) + ")");
      }
      forget(name); // a call that raced with the delete may have opened it again
    }
    if (!failures.isEmpty()) {
      throw new NetnsException("could not delete namespaces on " + where + ": " + String.join(", ", failures));
    }
  }

  List<String> listNamespaces() {
    List<String> out = new ArrayList<>();
    Path dir = Path.of(runDir);
    if (!Files.isDirectory(dir)) return out;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) out.add(p.getFileName().toString());
    } catch (IOException e) {
      throw new NetnsException("cannot list " + runDir + ": " + e.getMessage(), e);
    }
    // forget namespaces that were deleted behind our back: our descriptors would keep them alive
    for (String cached : handles.keySet()) {
      if (!out.contains(cached)) forget(cached);
    }
    return out;
  }

  Optional<String> namespaceOfNsid(String ns, int nsid) {
    if (nsid < 0) return Optional.empty();
    NsHandle h = acquire(ns);
    try {
      for (String name : listNamespaces()) {
        NsHandle cached = handles.get(name);
        if (cached != null && cached.retain()) {
          try {
            if (nsidOf(h, cached.fd) == nsid) return Optional.of(name);
          } finally {
            cached.release();
          }
          continue;
        }
        int fd = c.open(runDir + "/" + name, Nl.O_RDONLY | Nl.O_CLOEXEC, 0);
        if (fd < 0) continue; // deleted meanwhile
        try {
          if (nsidOf(h, fd) == nsid) return Optional.of(name);
        } finally {
          c.close(fd);
        }
      }
      return nsidOf(h, own.fd) == nsid ? Optional.of("") : Optional.empty();
    } finally {
      h.release();
    }
  }

  /** The id that {@code h}'s namespace uses for the namespace open as {@code fd}, or -1 when none. */
  private static int nsidOf(NsHandle h, int fd) {
    try {
      List<ByteBuffer> r = h.rtnl.query(new NlMsg(Nl.RTM_GETNSID, 0).rtgenmsg(Nl.AF_UNSPEC).u32(Nl.NETNSA_FD, fd));
      for (ByteBuffer b : r) {
        Attrs a = Attrs.parse(b, Nl.NLMSG_HDRLEN + Nl.RTGENMSG_LEN, b.getInt(0));
        return a.u32(Nl.NETNSA_NSID, -1);
      }
      return -1;
    } catch (NetlinkError e) {
      return -1;
    }
  }

  /**
   * The handle of a namespace, retained for one operation (release it). Opens the namespace's
   * socket on first use; a cached handle whose name now means another namespace (or none) is
   * dropped.
   */
  NsHandle acquire(String ns) {
    if (closed) throw new NetnsException("the native netlink engine is closed");
    if (ns == null) {
      if (!own.retain()) throw new NetnsException("the native netlink engine is closed");
      return own;
    }
    requireName(ns);
    String path = runDir + "/" + ns;
    for (int attempt = 0; attempt < 3; attempt++) {
      long[] id = stat(path, ns);
      NsHandle h = handles.get(ns);
      if (h != null) {
        if (h.dev == id[0] && h.ino == id[1] && h.retain()) return h;
        if (handles.remove(ns, h)) h.close();
        continue;
      }
      NsHandle fresh = open(ns, path);
      NsHandle raced = handles.putIfAbsent(ns, fresh);
      if (raced != null) {
        fresh.close();
        continue;
      }
      if (fresh.retain()) return fresh;
    }
    throw new NetnsException("namespace " + ns + " keeps changing under " + path + " (deleted and made again)");
  }

  /** Opens a namespace we did not create (or no longer hold): its fd, and a socket from a thread inside it. */
  private NsHandle open(String ns, String path) {
    int fd = c.open(path, Nl.O_RDONLY | Nl.O_CLOEXEC, 0);
    if (fd < 0) {
      int e = LibC.errno();
      throw new NetnsException("namespace " + ns + " does not exist on " + where + " (" + path + ": "
          + LibC.message(e) + ")");
    }
    try {
      long[] id = fstat(c, fd, path);
      RtnlSocket sock = NsThread.callIn(fd, "open a netlink socket in namespace " + ns, RtnlSocket::open);
      return new NsHandle(ns, fd, id[0], id[1], sock);
    } catch (RuntimeException e) {
      c.close(fd);
      throw e;
    }
  }

  private void forget(String ns) {
    NsHandle h = handles.remove(ns);
    if (h != null) h.close();
  }

  private long[] stat(String path, String ns) {
    byte[] st = new byte[256];
    if (c.stat(path, st) != 0) {
      int e = LibC.errno();
      forget(ns);
      throw new NetnsException("namespace " + ns + " does not exist on " + where + " (" + path + ": "
          + LibC.message(e) + ")");
    }
    ByteBuffer b = ByteBuffer.wrap(st).order(ByteOrder.nativeOrder());
    return new long[] {b.getLong(0), b.getLong(8)};
  }

  /** {@code dev} and {@code ino} of the file at {@code path}, or null when there is none. */
  static long[] statPath(LibC c, String path) {
    byte[] st = new byte[256];
    if (c.stat(path, st) != 0) return null;
    ByteBuffer b = ByteBuffer.wrap(st).order(ByteOrder.nativeOrder());
    return new long[] {b.getLong(0), b.getLong(8)};
  }

  static long[] fstat(LibC c, int fd, String what) {
    byte[] st = new byte[256];
    if (c.fstat(fd, st) != 0) {
      throw new NetnsException("cannot stat " + what + ": " + LibC.message(LibC.errno()));
    }
    ByteBuffer b = ByteBuffer.wrap(st).order(ByteOrder.nativeOrder());
    return new long[] {b.getLong(0), b.getLong(8)};
  }

  static void requireName(String ns) {
    if (ns == null || ns.isEmpty() || ns.equals(".") || ns.equals("..") || ns.contains("/") || ns.contains("\0")) {
      throw new IllegalArgumentException("namespace name \"" + ns + "\" is not valid; it must be a file name"
          + " without '/' (as ip netns requires)");
    }
  }

  /** Releases every socket and descriptor; namespaces stay as they are. */
  void close() {
    closed = true;
    drainPrepared();
    for (String ns : new ArrayList<>(handles.keySet())) forget(ns);
    own.close();
  }

  /** For tests: how many namespaces are made ahead of time and waiting for a name. */
  int preparedCount() {
    return prepared.size();
  }

  /** For diagnostics: the names the engine holds sockets for. */
  Map<String, Long> cachedInodes() {
    Map<String, Long> m = new LinkedHashMap<>();
    handles.forEach((k, v) -> m.put(k, v.ino));
    return m;
  }
}
