package dev.netns.internal.netlink;

import dev.netns.ExecResult;
import dev.netns.NetnsException;
import dev.netns.ProbeResult;
import dev.netns.Route;
import dev.netns.internal.ip.IpEngine;
import dev.netns.internal.spi.CommandRunner;
import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.spi.LinkState;
import dev.netns.internal.spi.NetOp;
import dev.netns.internal.spi.VethSpec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The native engine: the kernel's own interfaces, no processes. Namespaces are made as
 * {@code ip netns add} makes them (a thread unshares a new network namespace and bind-mounts it
 * onto {@code /run/netns/NAME}, so {@code ip netns} sees and can delete them); links, addresses,
 * routes and reads go over rtnetlink; probes use an ICMP socket or a TCP socket opened inside
 * the namespace. Only {@link #exec} starts a process ({@code ip netns exec}, through the
 * iproute2 engine).
 *
 * <p>A netlink socket belongs to the namespace of the thread that opened it, so the engine keeps
 * one socket per namespace, opened by a dedicated thread that entered (or created) the namespace
 * and then ended; the socket is used from any thread afterwards, one request at a time.
 * Everything held for a namespace is released when it is deleted through this engine, or when the
 * engine notices that its {@code /run/netns} name is gone or now names another namespace.
 *
 * <p>Creating a namespace costs about half a millisecond of kernel work plus a thread, so once
 * namespaces are in use the engine keeps a few made ahead of time ({@value #PREPARED_PROPERTY},
 * default 4, 0 = none): fresh namespaces with lo up and DAD off, held only by the engine's
 * descriptors, invisible to {@code ip netns} and gone with the JVM. Creating one is then a bind
 * mount of such a namespace under its name, exactly what {@code ip netns attach} does.
 *
 * <p>Thread-safe. Needs Linux, root (CAP_SYS_ADMIN for the bind mounts, CAP_NET_ADMIN,
 * CAP_NET_RAW for probes) and libc reachable through jnr-ffi: {@link #create()} says why not.
 */
public final class NetlinkEngine implements Engine {

  static final String RUN_DIR = "/run/netns";
  /** System property: how many namespaces the engine keeps made ahead of time (default 4, 0 = none). */
  public static final String PREPARED_PROPERTY = "netns.native.prepared";
  private static final long REFILL_DELAY_MS = 5;
  private static final long SOLICITED_NODE_WAIT_NS = 2_000_000_000L;
  private static final String[] OPERSTATES = {"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING",
      "DORMANT", "UP"};

  private final LibC c;
  private final NsHandle own;
  private final ConcurrentHashMap<String, NsHandle> handles = new ConcurrentHashMap<>();
  private final IpEngine ip;
  private final java.util.concurrent.ConcurrentLinkedQueue<Fresh> prepared = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final Preparer preparer = new Preparer();
  private volatile boolean runDirReady;
  private volatile boolean closed;

  private NetlinkEngine(LibC c, NsHandle own, CommandRunner runner) {
    this.c = c;
    this.own = own;
    this.ip = new IpEngine(runner);
  }

  /**
   * Starts the engine on the local kernel, or throws {@link NetnsException} saying why it cannot
   * run here (not Linux, libc not bindable, not root).
   *
   * @param execRunner runs programs for {@link #exec} (through {@code ip netns exec})
   */
  public static NetlinkEngine create(CommandRunner execRunner) {
    Objects.requireNonNull(execRunner, "execRunner");
    String os = System.getProperty("os.name", "");
    if (!os.toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      throw new NetnsException("the native netlink engine needs Linux, this is " + os);
    }
    LibC c;
    try {
      c = LibC.Holder.get();
    } catch (Throwable e) {
      throw new NetnsException("the native netlink engine cannot bind libc through jnr-ffi: " + e, e);
    }
    if (c.geteuid() != 0) {
      throw new NetnsException("the native netlink engine needs root (it bind-mounts namespaces under "
          + RUN_DIR + " and opens raw ICMP sockets); this JVM runs as uid " + c.geteuid());
    }
    NsHandle own = NsThread.callIn("/proc/self/ns/net", "open the engine's own namespace", () -> {
      int fd = c.open("/proc/thread-self/ns/net", Nl.O_RDONLY | Nl.O_CLOEXEC, 0);
      if (fd < 0) {
        throw new NetnsException("cannot open /proc/thread-self/ns/net: " + LibC.message(LibC.errno()));
      }
      long[] id = fstat(c, fd, "/proc/thread-self/ns/net");
      try {
        return new NsHandle(null, fd, id[0], id[1], RtnlSocket.open());
      } catch (RuntimeException e) {
        c.close(fd);
        throw e;
      }
    });
    return new NetlinkEngine(c, own, execRunner);
  }

  @Override
  public String describe() {
    return "netlink on the local kernel";
  }

  /** Every call but {@link #exec} is a few system calls of this JVM. */
  @Override
  public boolean inProcess() {
    return true;
  }

  /**
   * Fills the pool of unnamed namespaces made ahead of time (nothing {@code ip netns list} shows;
   * they end with the JVM), and runs the reads often enough for the JIT to compile message
   * building and parsing: read-only dumps of this JVM's own namespace, as {@code ip link show}.
   */
  @Override
  public void warmUp() {
    preparer.wake();
    for (int i = 0; i < WARM_UP_READS; i++) {
      links(null);
      routes(null);
    }
  }

  private static final int WARM_UP_READS = 50;

  // ---------------------------------------------------------------- namespaces

  @Override
  public void createNamespaces(List<String> names) {
    if (names.isEmpty()) return;
    for (String n : names) requireName(n);
    ensureRunDir();
    // the namespace files first, as ip netns add does: a taken name fails before any work
    List<String> claimed = new ArrayList<>();
    RuntimeException first = null;
    for (String n : names) {
      String path = RUN_DIR + "/" + n;
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
        c.unlink(RUN_DIR + "/" + n);
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

    Fresh(int fd, long dev, long ino, RtnlSocket rtnl, IcmpSocket icmp4) {
      this.fd = fd;
      this.dev = dev;
      this.ino = ino;
      this.rtnl = rtnl;
      this.icmp4 = icmp4;
    }

    void close() {
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
        writeProc(c, "net/ipv6/conf/" + dev + "/accept_dad", "0", true);
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
      return new Fresh(fd, id[0], id[1], sock, icmp);
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
    String path = RUN_DIR + "/" + name;
    if (c.mount("/proc/self/fd/" + f.fd, path, "none", Nl.MS_BIND, null) != 0) {
      int e = LibC.errno();
      f.close();
      throw new NetnsException("could not create namespace " + name + ": bind mount of the new namespace on "
          + path + " failed: " + LibC.message(e));
    }
    NsHandle h = new NsHandle(name, f.fd, f.dev, f.ino, f.rtnl);
    if (f.icmp4 != null) h.offer(f.icmp4);
    return h;
  }

  /**
   * Keeps a few namespaces made ahead of time, so that creating one is a bind mount on the
   * caller's thread instead of unshare() on a thread of its own. Starts only once namespaces are
   * created; refills a moment after each batch, one namespace at a time, on fresh threads (it never
   * enters a namespace itself). Unmounted, these namespaces end with the JVM or {@link #close()}.
   */
  private final class Preparer {
    private final int target = Math.max(0, Integer.getInteger(PREPARED_PROPERTY, 4));
    private final java.util.concurrent.Semaphore wakeups = new java.util.concurrent.Semaphore(0);
    private volatile Thread thread;

    void wake() {
      if (target == 0 || closed) return;
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
        while (!closed && prepared.size() < target) {
          try {
            Fresh f = NsThread.await(NsThread.submit(NetlinkEngine.this::prepare), "prepare a namespace");
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
      if (c.mkdir(RUN_DIR, 0755) != 0 && LibC.errno() != Nl.EEXIST) {
        throw new NetnsException("cannot create " + RUN_DIR + ": " + LibC.message(LibC.errno()));
      }
      boolean madeMount = false;
      while (c.mount("", RUN_DIR, "none", Nl.MS_SHARED | Nl.MS_REC, null) != 0) {
        int e = LibC.errno();
        if (e != Nl.EINVAL || madeMount) {
          throw new NetnsException("mount --make-shared " + RUN_DIR + " failed: " + LibC.message(e));
        }
        if (c.mount(RUN_DIR, RUN_DIR, "none", Nl.MS_BIND | Nl.MS_REC, null) != 0) {
          throw new NetnsException("mount --bind " + RUN_DIR + " " + RUN_DIR + " failed: " + LibC.message(LibC.errno()));
        }
        madeMount = true;
      }
      runDirReady = true;
    }
  }

  @Override
  public void deleteNamespaces(List<String> names) {
    List<String> failures = new ArrayList<>();
    for (String name : names) {
      requireName(name);
      NsHandle h = handles.remove(name);
      if (h != null) h.close();
      String path = RUN_DIR + "/" + name;
      c.umount2(path, Nl.MNT_DETACH);
      if (c.unlink(path) != 0 && LibC.errno() != Nl.ENOENT) { // already gone is fine, as with ip
        failures.add(name + " (cannot remove namespace file \"" + path + "\": " + LibC.message(LibC.errno()) + ")");
      }
      forget(name); // a call that raced with the delete may have opened it again
    }
    if (!failures.isEmpty()) {
      throw new NetnsException("could not delete namespaces on the local kernel: " + String.join(", ", failures));
    }
  }

  @Override
  public List<String> listNamespaces() {
    List<String> out = new ArrayList<>();
    Path dir = Path.of(RUN_DIR);
    if (!Files.isDirectory(dir)) return out;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) out.add(p.getFileName().toString());
    } catch (IOException e) {
      throw new NetnsException("cannot list " + RUN_DIR + ": " + e.getMessage(), e);
    }
    // forget namespaces that were deleted behind our back: our descriptors would keep them alive
    for (String cached : handles.keySet()) {
      if (!out.contains(cached)) forget(cached);
    }
    return out;
  }

  // ---------------------------------------------------------------- exec

  /** Runs a program through {@code ip netns exec}: a process is the one thing that needs one. */
  @Override
  public ExecResult exec(String ns, ExecRequest request) {
    return ip.exec(ns, request);
  }

  // ---------------------------------------------------------------- links

  @Override
  public void createVeth(VethSpec s) {
    NsHandle left = acquire(s.leftNs());
    try {
      NsHandle right = acquire(s.rightNs());
      try {
        NlMsg m = new NlMsg(Nl.RTM_NEWLINK, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL)
            .ifinfomsg(Nl.AF_UNSPEC, 0, Nl.IFF_UP, Nl.IFF_UP)
            .str(Nl.IFLA_IFNAME, s.leftName());
        if (s.mtu() > 0) m.u32(Nl.IFLA_MTU, s.mtu());
        // the peer cannot be set up inside the same request: veth_open() of the peer runs before
        // the pair is linked and fails with ENOTCONN; the left end can (it is opened last)
        m.nest(Nl.IFLA_LINKINFO).str(Nl.IFLA_INFO_KIND, "veth").nest(Nl.IFLA_INFO_DATA).nestPlain(Nl.VETH_INFO_PEER)
            .ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0)
            .str(Nl.IFLA_IFNAME, s.rightName());
        if (right != left) m.u32(Nl.IFLA_NET_NS_FD, right.fd);
        if (s.mtu() > 0) m.u32(Nl.IFLA_MTU, s.mtu());
        m.end().end().end();
        try {
          left.rtnl.request(m);
        } catch (NetlinkError e) {
          throw new NetnsException("could not create veth pair " + s.leftName() + " (" + left.label() + ") <-> "
              + s.rightName() + " (" + right.label() + "): " + e.getMessage(), e);
        }
        NetOp up = new NetOp.LinkUp(s.rightName());
        try {
          right.rtnl.request(linkMsg(s.rightName(), Nl.IFF_UP, Nl.IFF_UP));
        } catch (NetlinkError e) {
          throw failure(right, up, e);
        }
        if (s.alias() != null) {
          setAlias(left, s.leftName(), s.alias());
          setAlias(right, s.rightName(), s.alias());
        }
      } finally {
        right.release();
      }
    } finally {
      left.release();
    }
  }

  private void setAlias(NsHandle h, String dev, String alias) {
    NetOp op = new NetOp.SetAlias(dev, alias);
    try {
      h.rtnl.request(linkMsg(dev, 0, 0).strNoNul(Nl.IFLA_IFALIAS, alias));
    } catch (NetlinkError e) {
      throw failure(h, op, e);
    }
  }

  @Override
  public void apply(String ns, List<NetOp> ops) {
    if (ops.isEmpty()) return;
    NsHandle h = acquire(ns);
    try {
      for (NetOp op : ops) {
        try {
          applyOne(h, op);
        } catch (NetlinkError e) {
          throw failure(h, op, e);
        }
      }
    } finally {
      h.release();
    }
  }

  private void applyOne(NsHandle h, NetOp op) {
    if (op instanceof NetOp.LinkUp o) {
      h.rtnl.request(linkMsg(o.device(), Nl.IFF_UP, Nl.IFF_UP));
    } else if (op instanceof NetOp.LinkDown o) {
      h.rtnl.request(linkMsg(o.device(), 0, Nl.IFF_UP));
    } else if (op instanceof NetOp.SetMtu o) {
      h.rtnl.request(linkMsg(o.device(), 0, 0).u32(Nl.IFLA_MTU, o.mtu()));
    } else if (op instanceof NetOp.SetAlias o) {
      h.rtnl.request(linkMsg(o.device(), 0, 0).strNoNul(Nl.IFLA_IFALIAS, o.alias()));
    } else if (op instanceof NetOp.AddAddress o) {
      addAddress(h, o);
    } else if (op instanceof NetOp.AddRoute o) {
      route(h, Nl.RTM_NEWROUTE, o.destination(), o.gateway(), o.device());
    } else if (op instanceof NetOp.DeleteRoute o) {
      route(h, Nl.RTM_DELROUTE, o.destination(), null, null);
    } else if (op instanceof NetOp.AddBridge o) {
      h.rtnl.request(new NlMsg(Nl.RTM_NEWLINK, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL)
          .ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0).str(Nl.IFLA_IFNAME, o.name())
          .nest(Nl.IFLA_LINKINFO).str(Nl.IFLA_INFO_KIND, "bridge").end());
    } else if (op instanceof NetOp.SetMaster o) {
      int master = ifindex(h, o.master());
      h.rtnl.request(linkMsg(o.device(), 0, 0).u32(Nl.IFLA_MASTER, master));
    } else if (op instanceof NetOp.MoveLink o) {
      NsHandle to = acquire(o.toNs());
      try {
        h.rtnl.request(linkMsg(o.device(), 0, 0).u32(Nl.IFLA_NET_NS_FD, to.fd));
      } finally {
        to.release();
      }
    } else if (op instanceof NetOp.DeleteLink o) {
      h.rtnl.request(new NlMsg(Nl.RTM_DELLINK, 0).ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0).str(Nl.IFLA_IFNAME, o.device()));
    } else if (op instanceof NetOp.AddNeighbour o) {
      byte[] dst = Inet.address(o.address(), "neighbour address");
      h.rtnl.request(new NlMsg(Nl.RTM_NEWNEIGH, Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE)
          .ndmsg(dst.length == 16 ? Nl.AF_INET6 : Nl.AF_INET, ifindex(h, o.device()), Nl.NUD_PERMANENT, 0, 0)
          .bytes(Nl.NDA_DST, dst)
          .bytes(Nl.NDA_LLADDR, macBytes(o.mac())));
    } else if (op instanceof NetOp.DeleteNeighbour o) {
      byte[] dst = Inet.address(o.address(), "neighbour address");
      h.rtnl.request(new NlMsg(Nl.RTM_DELNEIGH, 0)
          .ndmsg(dst.length == 16 ? Nl.AF_INET6 : Nl.AF_INET, ifindex(h, o.device()), 0, 0, 0)
          .bytes(Nl.NDA_DST, dst));
    } else if (op instanceof NetOp.Sysctl o) {
      String key = requireSysctlKey(o.key());
      NsThread.callIn(h.fd, "set sysctl " + key + " in " + h.label(), () -> {
        writeProc(c, dev.netns.internal.ProcFiles.sysctlRelative(key), o.value(), false);
        return null;
      });
    } else {
      throw new IllegalArgumentException("the native engine does not know the operation " + op);
    }
  }

  /** A {@code RTM_NEWLINK} changing the existing link {@code dev} (found by name) and its flags. */
  private static NlMsg linkMsg(String dev, int flags, int change) {
    return new NlMsg(Nl.RTM_NEWLINK, 0).ifinfomsg(Nl.AF_UNSPEC, 0, flags, change).str(Nl.IFLA_IFNAME, dev);
  }

  private void addAddress(NsHandle h, NetOp.AddAddress o) {
    Inet.Prefix p = Inet.prefix(o.cidr(), "address");
    int[] link = link(h, o.device());
    int index = link[0];
    NlMsg m = new NlMsg(Nl.RTM_NEWADDR, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL)
        .ifaddrmsg(p.v6() ? Nl.AF_INET6 : Nl.AF_INET, p.length(), p.v6() ? Nl.IFA_F_NODAD : 0, 0, index)
        .bytes(Nl.IFA_LOCAL, p.address())
        .bytes(Nl.IFA_ADDRESS, p.address());
    // no broadcast address: ip addr add sets none unless told (brd +), and neither does this
    if (p.v6()) m.u32(Nl.IFA_FLAGS, Nl.IFA_F_NODAD);
    h.rtnl.request(m);
    if (p.v6() && (link[1] & (Nl.IFF_LOOPBACK | Nl.IFF_NOARP)) == 0) {
      awaitSolicitedNode(h, index, p.address());
    }
  }

  /**
   * An IPv6 address answers neighbour solicitations only once its interface has joined the
   * address's solicited-node multicast group. The kernel does that in deferred work after the
   * address is added (even without DAD), and a solicitation arriving before it is dropped: the
   * first ping would wait for the next retransmission, a second later. So adding an address
   * returns once the group is joined (normally within microseconds).
   */
  private static void awaitSolicitedNode(NsHandle h, int index, byte[] addr) {
    byte[] group = new byte[16];
    group[0] = (byte) 0xff;
    group[1] = 0x02;
    group[11] = 0x01;
    group[12] = (byte) 0xff;
    group[13] = addr[13];
    group[14] = addr[14];
    group[15] = addr[15];
    long deadline = System.nanoTime() + SOLICITED_NODE_WAIT_NS;
    while (true) {
      for (ByteBuffer b : h.rtnl.dump(new NlMsg(Nl.RTM_GETMULTICAST, 0).ifaddrmsg(Nl.AF_INET6, 0, 0, 0, 0))) {
        int type = b.getShort(4) & 0xffff;
        if ((type != Nl.RTM_GETMULTICAST && type != Nl.RTM_NEWMULTICAST) || b.getInt(20) != index) continue;
        byte[] joined = Attrs.parse(b, Nl.NLMSG_HDRLEN + Nl.IFADDRMSG_LEN, b.getInt(0)).bytes(Nl.IFA_MULTICAST);
        if (java.util.Arrays.equals(joined, group)) return;
      }
      if (System.nanoTime() > deadline) return; // the address is there; its first packet may wait for a retry
      Thread.onSpinWait();
    }
  }

  private void route(NsHandle h, int type, String destination, String gateway, String device) {
    boolean dflt = "default".equals(destination);
    byte[] gw = gateway == null ? null : Inet.address(gateway, "route gateway");
    Inet.Prefix dst = dflt ? null : Inet.prefix(destination, "route destination");
    boolean v6 = dst != null ? dst.v6() : gw != null && gw.length == 16;
    int dstLen = dst == null ? 0 : dst.length();
    boolean add = type == Nl.RTM_NEWROUTE;
    int scope = !add ? Nl.RT_SCOPE_NOWHERE : gw == null ? Nl.RT_SCOPE_LINK : Nl.RT_SCOPE_UNIVERSE;
    NlMsg m = new NlMsg(type, add ? Nl.NLM_F_CREATE | Nl.NLM_F_EXCL : 0)
        .rtmsg(v6 ? Nl.AF_INET6 : Nl.AF_INET, dstLen, Nl.RT_TABLE_MAIN, add ? Nl.RTPROT_BOOT : 0, scope,
            add ? Nl.RTN_UNICAST : 0);
    if (dst != null) m.bytes(Nl.RTA_DST, Inet.network(dst.address(), dstLen));
    if (gw != null) m.bytes(Nl.RTA_GATEWAY, gw);
    if (device != null) m.u32(Nl.RTA_OIF, ifindex(h, device));
    h.rtnl.request(m);
  }

  private static int ifindex(NsHandle h, String dev) {
    return link(h, dev)[0];
  }

  /** {@code {ifindex, flags}} of a device, looked up by name. */
  private static int[] link(NsHandle h, String dev) {
    List<ByteBuffer> r;
    try {
      r = h.rtnl.query(new NlMsg(Nl.RTM_GETLINK, 0).ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0)
          .u32(29 /* IFLA_EXT_MASK */, 0).str(Nl.IFLA_IFNAME, dev));
    } catch (NetlinkError e) {
      throw new NetlinkError(e.errno, e.extack, dev);
    }
    if (r.isEmpty()) throw new NetlinkError(Nl.ENODEV, null, dev);
    return new int[] {r.get(0).getInt(Nl.NLMSG_HDRLEN + 4), r.get(0).getInt(Nl.NLMSG_HDRLEN + 8)};
  }

  private NetnsException failure(NsHandle h, NetOp op, NetlinkError e) {
    String why = e.getMessage();
    String dev = e.device != null ? e.device : deviceOf(op);
    if (e.errno == Nl.ENODEV && dev != null) {
      why = "Cannot find device \"" + dev + "\" (" + why + ")";
    }
    return new NetnsException("could not configure " + h.label() + " with " + describe() + ": " + why
        + " (ip " + line(op) + ")", e);
  }

  /** The device a failed operation names. */
  private static String deviceOf(NetOp op) {
    if (op instanceof NetOp.LinkUp o) return o.device();
    if (op instanceof NetOp.LinkDown o) return o.device();
    if (op instanceof NetOp.SetMtu o) return o.device();
    if (op instanceof NetOp.SetAlias o) return o.device();
    if (op instanceof NetOp.AddAddress o) return o.device();
    if (op instanceof NetOp.AddRoute o) return o.device();
    if (op instanceof NetOp.SetMaster o) return o.device();
    if (op instanceof NetOp.MoveLink o) return o.device();
    if (op instanceof NetOp.DeleteLink o) return o.device();
    if (op instanceof NetOp.AddNeighbour o) return o.device();
    if (op instanceof NetOp.DeleteNeighbour o) return o.device();
    return null;
  }

  /** The operation in iproute2's words, for messages. */
  static String line(NetOp op) {
    return NetOp.words(op);
  }

  // ---------------------------------------------------------------- reads

  @Override
  public List<LinkState> links(String ns) {
    NsHandle h = acquire(ns);
    try {
      List<ByteBuffer> linkMsgs = h.rtnl.dump(new NlMsg(Nl.RTM_GETLINK, 0).ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0));
      List<ByteBuffer> addrMsgs = h.rtnl.dump(new NlMsg(Nl.RTM_GETADDR, 0).ifaddrmsg(Nl.AF_UNSPEC, 0, 0, 0, 0));
      Map<Integer, List<String>> addrs = new HashMap<>();
      for (ByteBuffer b : addrMsgs) {
        if ((b.getShort(4) & 0xffff) != Nl.RTM_NEWADDR) continue;
        int prefix = b.get(17) & 0xff;
        int index = b.getInt(20);
        Attrs a = Attrs.parse(b, Nl.NLMSG_HDRLEN + Nl.IFADDRMSG_LEN, b.getInt(0));
        byte[] addr = a.has(Nl.IFA_LOCAL) ? a.bytes(Nl.IFA_LOCAL) : a.bytes(Nl.IFA_ADDRESS);
        if (addr == null) continue;
        addrs.computeIfAbsent(index, k -> new ArrayList<>()).add(Inet.format(addr) + "/" + prefix);
      }
      Map<Integer, String> names = new HashMap<>();
      List<Attrs> parsed = new ArrayList<>();
      List<ByteBuffer> kept = new ArrayList<>();
      for (ByteBuffer b : linkMsgs) {
        if ((b.getShort(4) & 0xffff) != Nl.RTM_NEWLINK) continue;
        Attrs a = Attrs.parse(b, Nl.NLMSG_HDRLEN + Nl.IFINFOMSG_LEN, b.getInt(0));
        names.put(b.getInt(20), a.str(Nl.IFLA_IFNAME));
        parsed.add(a);
        kept.add(b);
      }
      List<LinkState> out = new ArrayList<>(kept.size());
      for (int i = 0; i < kept.size(); i++) {
        ByteBuffer b = kept.get(i);
        Attrs a = parsed.get(i);
        int index = b.getInt(20);
        int flags = b.getInt(24);
        int oper = a.u8(Nl.IFLA_OPERSTATE, 0);
        Attrs info = a.nested(Nl.IFLA_LINKINFO);
        int master = a.u32(Nl.IFLA_MASTER, 0);
        int link = a.u32(Nl.IFLA_LINK, 0);
        byte[] mac = a.bytes(Nl.IFLA_ADDRESS);
        out.add(new LinkState(
            a.str(Nl.IFLA_IFNAME),
            index,
            flagNames(flags),
            a.u32(Nl.IFLA_MTU, 0),
            oper < OPERSTATES.length ? OPERSTATES[oper] : "UNKNOWN",
            info == null ? "" : info.str(Nl.IFLA_INFO_KIND),
            mac == null ? "" : mac(mac),
            master == 0 ? null : names.getOrDefault(master, Integer.toString(master)),
            link != 0 && (link != index || a.has(Nl.IFLA_LINK_NETNSID)) ? link : -1,
            a.u32(Nl.IFLA_LINK_NETNSID, -1),
            a.str(Nl.IFLA_IFALIAS),
            addrs.getOrDefault(index, List.of()),
            a.str(Nl.IFLA_QDISC)));
      }
      return out;
    } finally {
      h.release();
    }
  }

  /** Link flags as {@code ip link} prints them, in its order. */
  static List<String> flagNames(int f) {
    List<String> out = new ArrayList<>();
    if ((f & Nl.IFF_UP) != 0 && (f & Nl.IFF_RUNNING) == 0) out.add("NO-CARRIER");
    int[] bits = {Nl.IFF_LOOPBACK, Nl.IFF_BROADCAST, Nl.IFF_POINTOPOINT, Nl.IFF_MULTICAST, Nl.IFF_NOARP,
        Nl.IFF_ALLMULTI, Nl.IFF_PROMISC, Nl.IFF_MASTER, Nl.IFF_SLAVE, Nl.IFF_DEBUG, Nl.IFF_DYNAMIC, Nl.IFF_AUTOMEDIA,
        Nl.IFF_PORTSEL, Nl.IFF_NOTRAILERS, Nl.IFF_UP, Nl.IFF_LOWER_UP, Nl.IFF_DORMANT, Nl.IFF_ECHO};
    String[] names = {"LOOPBACK", "BROADCAST", "POINTOPOINT", "MULTICAST", "NOARP", "ALLMULTI", "PROMISC", "MASTER",
        "SLAVE", "DEBUG", "DYNAMIC", "AUTOMEDIA", "PORTSEL", "NOTRAILERS", "UP", "LOWER_UP", "DORMANT", "ECHO"};
    for (int i = 0; i < bits.length; i++) {
      if ((f & bits[i]) != 0) out.add(names[i]);
    }
    return out;
  }

  private static String mac(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 3);
    for (int i = 0; i < b.length; i++) {
      if (i > 0) sb.append(':');
      sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
    }
    return sb.toString();
  }

  @Override
  public List<Route> routes(String ns) {
    NsHandle h = acquire(ns);
    try {
      Map<Integer, String> names = null;
      List<Route> out = new ArrayList<>();
      for (int family : new int[] {Nl.AF_INET, Nl.AF_INET6}) {
        List<ByteBuffer> msgs = h.rtnl.dump(new NlMsg(Nl.RTM_GETROUTE, 0).rtmsg(family, 0, 0, 0, 0, 0));
        for (ByteBuffer b : msgs) {
          if ((b.getShort(4) & 0xffff) != Nl.RTM_NEWROUTE) continue;
          int fam = b.get(16) & 0xff;
          int dstLen = b.get(17) & 0xff;
          int protocol = b.get(21) & 0xff;
          int scope = b.get(22) & 0xff;
          int rtFlags = b.getInt(24);
          Attrs a = Attrs.parse(b, Nl.NLMSG_HDRLEN + Nl.RTMSG_LEN, b.getInt(0));
          int table = a.u32(Nl.RTA_TABLE, b.get(20) & 0xff);
          if (table != Nl.RT_TABLE_MAIN || (rtFlags & Nl.RTM_F_CLONED) != 0 || fam != family) continue;
          int hostLen = fam == Nl.AF_INET6 ? 128 : 32;
          String dst;
          if (a.has(Nl.RTA_DST)) {
            dst = Inet.format(a.bytes(Nl.RTA_DST)) + (dstLen == hostLen ? "" : "/" + dstLen);
          } else {
            dst = dstLen == 0 ? "default" : (fam == Nl.AF_INET6 ? "::" : "0.0.0.0") + "/" + dstLen;
          }
          // one (gateway, interface) per next hop: a multipath route has several (struct rtnexthop:
          // length u16, flags u8, hops u8, ifindex i32, then its own attributes)
          List<NextHop> hops = new ArrayList<>();
          if (a.has(Nl.RTA_MULTIPATH)) {
            int end = a.offset(Nl.RTA_MULTIPATH) + a.length(Nl.RTA_MULTIPATH);
            for (int nh = a.offset(Nl.RTA_MULTIPATH); nh + 8 <= end; ) {
              int nhLen = b.getShort(nh) & 0xffff;
              if (nhLen < 8 || nh + nhLen > end) break;
              Attrs na = Attrs.parse(b, nh + 8, nh + nhLen);
              hops.add(new NextHop(na.has(Nl.RTA_GATEWAY) ? Inet.format(na.bytes(Nl.RTA_GATEWAY)) : null, b.getInt(nh + 4)));
              nh += (nhLen + 3) & ~3;
            }
          }
          if (hops.isEmpty()) {
            hops.add(new NextHop(a.has(Nl.RTA_GATEWAY) ? Inet.format(a.bytes(Nl.RTA_GATEWAY)) : null, a.u32(Nl.RTA_OIF, 0)));
          }
          String src = a.has(Nl.RTA_PREFSRC) ? Inet.format(a.bytes(Nl.RTA_PREFSRC)) : null;
          for (NextHop hop : hops) {
            String dev = null;
            if (hop.oif() != 0) {
              if (names == null) names = linkNames(h);
              dev = names.getOrDefault(hop.oif(), "if" + hop.oif());
            }
            out.add(new Route(dst, hop.gateway(), dev, "main", protocolName(protocol), scopeName(scope), src,
                fam == Nl.AF_INET6 ? 6 : 4));
          }
        }
      }
      return out;
    } finally {
      h.release();
    }
  }

  /** One next hop of a route: its gateway (or null) and output interface index (or 0). */
  private record NextHop(String gateway, int oif) {
  }

  /** {@code 02:aa:bb:cc:dd:ee} to its six bytes. */
  static byte[] macBytes(String mac) {
    String[] parts = mac.split(":");
    if (parts.length != 6) {
      throw new IllegalArgumentException("MAC address \"" + mac + "\" is not valid; allowed are six hex octets"
          + " separated by ':'");
    }
    byte[] b = new byte[6];
    for (int i = 0; i < 6; i++) {
      try {
        b[i] = (byte) Integer.parseInt(parts[i], 16);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("MAC address \"" + mac + "\" is not valid; allowed are six hex octets"
            + " separated by ':'");
      }
    }
    return b;
  }

  /**
   * An {@code RTM_GETNEIGH} dump of both families, filtered as {@code ip neigh show} filters it
   * (no NOARP entries, no entries without a state, no bridge fdb entries).
   */
  @Override
  public List<dev.netns.Neighbour> neighbours(String ns) {
    NsHandle h = acquire(ns);
    try {
      Map<Integer, String> names = null;
      List<dev.netns.Neighbour> out = new ArrayList<>();
      for (ByteBuffer b : h.rtnl.dump(new NlMsg(Nl.RTM_GETNEIGH, 0).ndmsg(Nl.AF_UNSPEC, 0, 0, 0, 0))) {
        if ((b.getShort(4) & 0xffff) != Nl.RTM_NEWNEIGH) continue;
        int family = b.get(16) & 0xff;
        int index = b.getInt(20);
        int state = b.getShort(24) & 0xffff;
        if (family != Nl.AF_INET && family != Nl.AF_INET6) continue;
        if ((state & (0xff & ~Nl.NUD_NOARP)) == 0) continue;
        Attrs a = Attrs.parse(b, Nl.NLMSG_HDRLEN + Nl.NDMSG_LEN, b.getInt(0));
        byte[] dst = a.bytes(Nl.NDA_DST);
        if (dst == null) continue;
        byte[] ll = a.bytes(Nl.NDA_LLADDR);
        if (names == null) names = linkNames(h);
        out.add(new dev.netns.Neighbour(Inet.format(dst), ll == null || ll.length == 0 ? null : mac(ll),
            names.getOrDefault(index, "if" + index), nudName(state)));
      }
      return out;
    } finally {
      h.release();
    }
  }

  /** The first state name iproute2 prints for {@code ndm_state}, in its order. */
  static String nudName(int state) {
    int[] bits = {Nl.NUD_INCOMPLETE, Nl.NUD_REACHABLE, Nl.NUD_STALE, Nl.NUD_DELAY, Nl.NUD_PROBE, Nl.NUD_FAILED,
        Nl.NUD_NOARP, Nl.NUD_PERMANENT};
    String[] names = {"INCOMPLETE", "REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "NOARP", "PERMANENT"};
    for (int i = 0; i < bits.length; i++) {
      if ((state & bits[i]) != 0) return names[i];
    }
    return "NONE";
  }

  private static Map<Integer, String> linkNames(NsHandle h) {
    Map<Integer, String> names = new HashMap<>();
    for (ByteBuffer b : h.rtnl.dump(new NlMsg(Nl.RTM_GETLINK, 0).ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0))) {
      if ((b.getShort(4) & 0xffff) != Nl.RTM_NEWLINK) continue;
      Attrs a = Attrs.parse(b, Nl.NLMSG_HDRLEN + Nl.IFINFOMSG_LEN, b.getInt(0));
      names.put(b.getInt(20), a.str(Nl.IFLA_IFNAME));
    }
    return names;
  }

  /** iproute2's names from /etc/iproute2/rt_protos. */
  static String protocolName(int p) {
    switch (p) {
      case 0: return "unspec";
      case 1: return "redirect";
      case 2: return "kernel";
      case 3: return "boot";
      case 4: return "static";
      case 8: return "gated";
      case 9: return "ra";
      case 10: return "mrt";
      case 11: return "zebra";
      case 12: return "bird";
      case 13: return "dnrouter";
      case 14: return "xorp";
      case 15: return "ntk";
      case 16: return "dhcp";
      case 17: return "mrouted";
      case 18: return "keepalived";
      case 42: return "babel";
      case 99: return "openr";
      case 186: return "bgp";
      case 187: return "isis";
      case 188: return "ospf";
      case 189: return "rip";
      case 192: return "eigrp";
      default: return Integer.toString(p);
    }
  }

  static String scopeName(int s) {
    switch (s) {
      case 0: return "global";
      case 200: return "site";
      case 253: return "link";
      case 254: return "host";
      case 255: return "nowhere";
      default: return Integer.toString(s);
    }
  }

  @Override
  public Optional<String> namespaceOfNsid(String ns, int nsid) {
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
        int fd = c.open(RUN_DIR + "/" + name, Nl.O_RDONLY | Nl.O_CLOEXEC, 0);
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

  @Override
  public String readSysctl(String ns, String key) {
    String k = requireSysctlKey(key);
    NsHandle h = acquire(ns);
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

  private static String requireSysctlKey(String key) {
    if (key == null || !key.matches("[A-Za-z0-9_.\\-/]+") || key.contains("..")) {
      throw new IllegalArgumentException("sysctl key \"" + key + "\" is not valid (e.g. net.ipv4.ip_forward)");
    }
    return key;
  }

  /** Writes a /proc/sys file from the calling thread: net.* keys reflect that thread's namespace. */
  private static void writeProc(LibC c, String relative, String value, boolean ignoreMissing) {
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

  // ---------------------------------------------------------------- probes

  @Override
  public ProbeResult ping(String ns, String ipText, Duration timeout) {
    byte[] addr = Inet.address(ipText, "ping target");
    String target = Inet.format(addr);
    NsHandle h = acquire(ns);
    try {
      IcmpSocket s = h.takeIcmp(addr.length == 16);
      try {
        return s.ping(target, addr, timeout);
      } finally {
        h.giveBack(s);
      }
    } finally {
      h.release();
    }
  }

  @Override
  public ProbeResult connect(String ns, String ipText, int port, Duration timeout) {
    byte[] addr = Inet.address(ipText, "connect target");
    boolean v6 = addr.length == 16;
    String target = (v6 ? "[" + Inet.format(addr) + "]" : Inet.format(addr)) + ":" + port;
    NsHandle h = acquire(ns);
    try {
      long start = System.nanoTime();
      return NsThread.callIn(h.fd, "connect to " + target + " from " + h.label(), () -> {
        try (SocketChannel ch = SocketChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET)) {
          int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
          ch.socket().connect(new InetSocketAddress(InetAddress.getByAddress(addr), port), ms);
          return new ProbeResult(true, target, Duration.ofNanos(System.nanoTime() - start), "connected");
        } catch (SocketTimeoutException e) {
          return new ProbeResult(false, target, Duration.ofNanos(System.nanoTime() - start),
              "timed out after " + timeout.toMillis() + " ms");
        } catch (ConnectException | NoRouteToHostException e) {
          return new ProbeResult(false, target, Duration.ofNanos(System.nanoTime() - start), reason(e));
        } catch (IOException e) {
          return new ProbeResult(false, target, Duration.ofNanos(System.nanoTime() - start), reason(e));
        }
      });
    } finally {
      h.release();
    }
  }

  @Override
  public ProbeResult connectUdp(String ns, String ipText, int port, Duration timeout) {
    byte[] addr = Inet.address(ipText, "udp target");
    NsHandle h = acquire(ns);
    try {
      return UdpProbe.probe(h.fd, h.label(), addr, port, timeout);
    } finally {
      h.release();
    }
  }

  @Override
  public ProbeResult ping(String ns, String ipText, int payloadBytes, Duration timeout) {
    byte[] addr = Inet.address(ipText, "ping target");
    NsHandle h = acquire(ns);
    try {
      return DfPing.ping(h.fd, h.label(), addr, payloadBytes, timeout);
    } finally {
      h.release();
    }
  }

  /** The kernel's words without the JDK's decorations, e.g. {@code Connection refused}. */
  private static String reason(IOException e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) return e.getClass().getSimpleName();
    return m.replace(" (connect failed)", "").strip();
  }

  // ---------------------------------------------------------------- handles

  /**
   * The handle of a namespace, retained for one operation (release it). Opens the namespace's
   * socket on first use; a cached handle whose name now means another namespace (or none) is
   * dropped.
   */
  private NsHandle acquire(String ns) {
    if (closed) throw new NetnsException("the native netlink engine is closed");
    if (ns == null) {
      if (!own.retain()) throw new NetnsException("the native netlink engine is closed");
      return own;
    }
    requireName(ns);
    String path = RUN_DIR + "/" + ns;
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
      throw new NetnsException("namespace " + ns + " does not exist on the local kernel (" + path + ": "
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
      throw new NetnsException("namespace " + ns + " does not exist on the local kernel (" + path + ": "
          + LibC.message(e) + ")");
    }
    ByteBuffer b = ByteBuffer.wrap(st).order(ByteOrder.nativeOrder());
    return new long[] {b.getLong(0), b.getLong(8)};
  }

  private static long[] fstat(LibC c, int fd, String what) {
    byte[] st = new byte[256];
    if (c.fstat(fd, st) != 0) {
      throw new NetnsException("cannot stat " + what + ": " + LibC.message(LibC.errno()));
    }
    ByteBuffer b = ByteBuffer.wrap(st).order(ByteOrder.nativeOrder());
    return new long[] {b.getLong(0), b.getLong(8)};
  }

  private static void requireName(String ns) {
    if (ns == null || ns.isEmpty() || ns.equals(".") || ns.equals("..") || ns.contains("/") || ns.contains("\0")) {
      throw new IllegalArgumentException("namespace name \"" + ns + "\" is not valid; it must be a file name"
          + " without '/' (as ip netns requires)");
    }
  }

  /** Releases every socket and descriptor; namespaces stay as they are. */
  @Override
  public void close() {
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
