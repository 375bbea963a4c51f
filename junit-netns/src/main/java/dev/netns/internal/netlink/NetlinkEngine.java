package dev.netns.internal.netlink;

import dev.netns.ExecResult;
import dev.netns.NetnsException;
import dev.netns.ProbeResult;
import dev.netns.Route;
import dev.netns.internal.spi.CommandRunner;
import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.spi.LinkState;
import dev.netns.internal.spi.NetOp;
import dev.netns.internal.spi.VethSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 * namespaces are in use the engine keeps a few made ahead of time
 * ({@value dev.netns.NetnsSettings#NATIVE_PREPARED}, handed in by whoever creates the engine,
 * default 4, 0 = none): fresh namespaces with lo up and DAD off, held only by the engine's
 * descriptors, invisible to {@code ip netns} and gone with the JVM. Creating one is then a bind
 * mount of such a namespace under its name, exactly what {@code ip netns attach} does.
 *
 * <p>Thread-safe. Needs Linux, root (CAP_SYS_ADMIN for the bind mounts, CAP_NET_ADMIN,
 * CAP_NET_RAW for probes) and libc reachable through jnr-ffi: {@link #create()} says why not.
 */
public final class NetlinkEngine implements Engine {

  private static final int WARM_UP_READS = 50;

  private final NamespaceFactory namespaces;
  private final LinkHandler links;
  private final RouteHandler routes;
  private final NeighbourHandler neighbours;
  private final Sysctls sysctls;
  private final Probes probes;
  private final CommandRunner runner;

  private NetlinkEngine(LibC c, NsHandle own, CommandRunner runner, int prepared) {
    this(new NamespaceFactory(c, own, prepared), c, runner);
  }

  private NetlinkEngine(NamespaceFactory namespaces, LibC c, CommandRunner runner) {
    this.namespaces = namespaces;
    this.links = new LinkHandler(namespaces);
    this.routes = new RouteHandler(namespaces);
    this.neighbours = new NeighbourHandler(namespaces);
    this.sysctls = new Sysctls(c, namespaces);
    this.probes = new Probes(namespaces);
    this.runner = runner;
  }

  /**
   * Starts the engine on the local kernel, or throws {@link NetnsException} saying why it cannot
   * run here (not Linux, libc not bindable, not root).
   *
   * @param execRunner runs programs for {@link #exec} (through {@code ip netns exec})
   * @param prepared how many namespaces to keep made ahead of time (the run's
   *     {@value dev.netns.NetnsSettings#NATIVE_PREPARED}; 0: none)
   */
  public static NetlinkEngine create(CommandRunner execRunner, int prepared) {
    Objects.requireNonNull(execRunner, "execRunner");
    if (prepared < 0) throw new IllegalArgumentException("prepared namespaces " + prepared + "; allowed is 0 or more");
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
          + NamespaceFactory.RUN_DIR + " and opens raw ICMP sockets); this JVM runs as uid " + c.geteuid());
    }
    NsHandle own = NsThread.callIn("/proc/self/ns/net", "open the engine's own namespace", () -> {
      int fd = c.open("/proc/thread-self/ns/net", Nl.O_RDONLY | Nl.O_CLOEXEC, 0);
      if (fd < 0) {
        throw new NetnsException("cannot open /proc/thread-self/ns/net: " + LibC.message(LibC.errno()));
      }
      long[] id = NamespaceFactory.fstat(c, fd, "/proc/thread-self/ns/net");
      try {
        return new NsHandle(null, fd, id[0], id[1], RtnlSocket.open());
      } catch (RuntimeException e) {
        c.close(fd);
        throw e;
      }
    });
    return new NetlinkEngine(c, own, execRunner, prepared);
  }

  /**
   * {@link #create(CommandRunner, int)} with {@value dev.netns.NetnsSettings#NATIVE_PREPARED} from
   * the system properties (tools and tests that run outside the extension).
   */
  public static NetlinkEngine create(CommandRunner execRunner) {
    return create(execRunner, dev.netns.NetnsSettings.fromSystemProperties().nativePrepared());
  }

  /**
   * The engine on the network namespaces of a process of another container on this kernel (a kind
   * node's init): its own namespace is {@code /proc/PID/ns/net}, its named ones are reached at
   * {@code /proc/PID/root/run/netns/NAME}. Links, addresses, routes, neighbours, sysctls, reads
   * and probes work as locally; namespaces are not created or deleted by it (a bind mount into
   * another mount namespace is refused by the kernel; {@code ip netns} inside the container does
   * that), and {@link #exec} runs programs through {@code execRunner}.
   *
   * @param where the machine in messages, e.g. {@code kind node kind-worker (cluster kind)}
   */
  public static NetlinkEngine atProcess(long pid, String where, CommandRunner execRunner) {
    Objects.requireNonNull(execRunner, "execRunner");
    if (pid <= 0) throw new IllegalArgumentException("pid " + pid + " is not a process id; allowed is 1 or more");
    LibC c = LibC.Holder.get();
    String nsPath = "/proc/" + pid + "/ns/net";
    int fd = c.open(nsPath, Nl.O_RDONLY | Nl.O_CLOEXEC, 0);
    if (fd < 0) {
      throw new NetnsException("cannot open the namespace of the " + where + " at " + nsPath + ": "
          + LibC.message(LibC.errno()));
    }
    try {
      long[] id = NamespaceFactory.fstat(c, fd, nsPath);
      RtnlSocket sock = NsThread.callIn(fd, "open a netlink socket in the " + where, RtnlSocket::open);
      NsHandle own = new NsHandle(null, fd, id[0], id[1], sock);
      return new NetlinkEngine(new NamespaceFactory(c, own, 0, "/proc/" + pid + "/root" + NamespaceFactory.RUN_DIR,
          "the " + where, true), c, execRunner);
    } catch (RuntimeException e) {
      c.close(fd);
      throw e;
    }
  }

  @Override
  public String describe() {
    return "netlink on " + namespaces.where();
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
    namespaces.wake();
    for (int i = 0; i < WARM_UP_READS; i++) {
      links(null);
      routes(null);
    }
  }

  // ---------------------------------------------------------------- namespaces

  @Override
  public void createNamespaces(List<String> names) {
    namespaces.createNamespaces(names);
  }

  @Override
  public void deleteNamespaces(List<String> names) {
    namespaces.deleteNamespaces(names);
  }

  @Override
  public List<String> listNamespaces() {
    return namespaces.listNamespaces();
  }

  @Override
  public Optional<String> namespaceOfNsid(String ns, int nsid) {
    return namespaces.namespaceOfNsid(ns, nsid);
  }

  // ---------------------------------------------------------------- exec

  /** Runs a program through {@code ip netns exec}: a process is the one thing that needs one. */
  @Override
  public ExecResult exec(String ns, ExecRequest request) {
    return dev.netns.internal.spi.NamespacePrograms.exec(runner, ns, request);
  }

  // ---------------------------------------------------------------- configuration

  @Override
  public void createVeth(VethSpec s) {
    links.createVeth(s);
  }

  @Override
  public void apply(String ns, List<NetOp> ops) {
    if (ops.isEmpty()) return;
    NsHandle h = namespaces.acquire(ns);
    try {
      for (NetOp op : ops) {
        try {
          applyOne(h, op);
        } catch (NetlinkError e) {
          throw Messages.failure(h, op, e);
        }
      }
    } finally {
      h.release();
    }
  }

  /** Hands one operation to the handler of its kind of object (link, address, route, neighbour, sysctl). */
  private void applyOne(NsHandle h, NetOp op) {
    if (op instanceof NetOp.AddAddress o) {
      AddressHandler.addAddress(h, o);
    } else if (op instanceof NetOp.DeleteAddress o) {
      AddressHandler.deleteAddress(h, o);
    } else if (op instanceof NetOp.AddRoute o) {
      routes.route(h, Nl.RTM_NEWROUTE, o.destination(), o.gateway(), o.device());
    } else if (op instanceof NetOp.DeleteRoute o) {
      routes.route(h, Nl.RTM_DELROUTE, o.destination(), o.gateway(), o.device());
    } else if (op instanceof NetOp.AddNeighbour || op instanceof NetOp.DeleteNeighbour) {
      neighbours.apply(h, op);
    } else if (op instanceof NetOp.Sysctl o) {
      sysctls.write(h, o.key(), o.value());
    } else if (!links.apply(h, op)) {
      throw new IllegalArgumentException("the native engine does not know the operation " + op);
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public List<LinkState> links(String ns) {
    return links.links(ns);
  }

  @Override
  public List<Route> routes(String ns) {
    return routes.routes(ns);
  }

  @Override
  public List<dev.netns.Neighbour> neighbours(String ns) {
    return neighbours.neighbours(ns);
  }

  @Override
  public String readSysctl(String ns, String key) {
    return sysctls.read(ns, key);
  }

  @Override
  public java.util.Map<String, String> readSysctls(String ns, List<String> keys) {
    return sysctls.readAll(ns, keys);
  }

  // ---------------------------------------------------------------- probes

  @Override
  public ProbeResult ping(String ns, String ipText, Duration timeout) {
    return probes.ping(ns, ipText, timeout);
  }

  @Override
  public ProbeResult connect(String ns, String ipText, int port, Duration timeout) {
    return probes.connect(ns, ipText, port, timeout);
  }

  @Override
  public ProbeResult connectUdp(String ns, String ipText, int port, Duration timeout) {
    return probes.connectUdp(ns, ipText, port, timeout);
  }

  @Override
  public ProbeResult ping(String ns, String ipText, int payloadBytes, Duration timeout) {
    return probes.ping(ns, ipText, payloadBytes, timeout);
  }

  /** Releases every socket and descriptor; namespaces stay as they are. */
  @Override
  public void close() {
    namespaces.close();
  }

  /** For tests: how many namespaces are made ahead of time and waiting for a name. */
  int preparedCount() {
    return namespaces.preparedCount();
  }

  /** For diagnostics: the names the engine holds sockets for. */
  Map<String, Long> cachedInodes() {
    return namespaces.cachedInodes();
  }
}
