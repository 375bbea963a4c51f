package dev.netns.internal.kind;

import dev.netns.ExecResult;
import dev.netns.Neighbour;
import dev.netns.NetnsException;
import dev.netns.ProbeResult;
import dev.netns.Route;
import dev.netns.internal.ip.IpEngine;
import dev.netns.internal.netlink.NetlinkEngine;
import dev.netns.internal.spi.CommandRunner;
import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.spi.LinkState;
import dev.netns.internal.spi.NetOp;
import dev.netns.internal.spi.VethSpec;
import dev.netns.internal.netlink.NsThread;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A kind node through the kernel: the native engine on the node's namespaces, reached from this
 * JVM through {@code /proc/PID} of the node container's init (the node's own namespace is
 * {@code /proc/PID/ns/net}, its named ones {@code /proc/PID/root/run/netns/NAME}). Links,
 * addresses, routes, neighbours, sysctls, reads and probes are system calls of this JVM, made
 * on a thread that entered the node's (or the pod's) namespace.
 *
 * <p>Two things stay on the node's exec channel: programs ({@link #exec}, CNI plugins), and
 * creating and deleting namespaces. A namespace's name is a bind mount under the node's
 * {@code /run/netns}, which lives in the node's mount namespace; the kernel refuses a mount there
 * from this JVM's mount namespace (and a JVM cannot enter another mount namespace: setns needs a
 * single-threaded process), so {@code ip netns add} inside the node makes it, exactly as on the
 * channel path, and {@code ip netns} in the node sees it. One request per batch of namespaces;
 * {@code lo} and the DAD sysctls are then set natively.
 *
 * <p>Used only when Docker runs on this machine and this JVM may open the node's namespaces
 * ({@link NodePath}); otherwise the node is reached through the channel alone.
 */
final class NodeNetlinkEngine implements Engine {

  private static final Duration CMD_TIMEOUT = Duration.ofSeconds(30);
  private static final List<NetOp> LO_UP = List.of(new NetOp.LinkUp("lo"));
  /** No duplicate address detection in new namespaces: an IPv6 address works the moment it is added. */
  private static final List<String> NO_DAD = List.of("net/ipv6/conf/all/accept_dad", "net/ipv6/conf/default/accept_dad");
  private static final int WARM_UP_READS = 30;

  private final NetlinkEngine kernel;
  private final IpEngine channel;
  private final long pid;
  private final String where;

  NodeNetlinkEngine(NetlinkEngine kernel, CommandRunner runner, long pid, String where) {
    this.kernel = kernel;
    this.channel = new IpEngine(runner);
    this.pid = pid;
    this.where = where;
  }

  /** The node container's init as seen from this machine. */
  long pid() {
    return pid;
  }

  @Override
  public String describe() {
    return "netlink through /proc/" + pid + " on the " + where + " (programs through its exec channel)";
  }

  /** Compiles the read paths on the node's own namespace: read-only dumps, as {@code ip link show}. */
  @Override
  public void warmUp() {
    for (int i = 0; i < WARM_UP_READS; i++) {
      kernel.links(null);
      kernel.routes(null);
    }
  }

  @Override
  public void createNamespaces(List<String> names) {
    if (names.isEmpty()) return;
    StringBuilder batch = new StringBuilder();
    for (String n : names) {
      if (n == null || n.isEmpty() || n.contains("/") || n.contains("\n") || n.contains(" ")
          || n.equals(".") || n.equals("..")) {
        throw new IllegalArgumentException("namespace name \"" + n + "\" is not valid; it must be a file name"
            + " without '/' or blanks (as ip netns requires)");
      }
      batch.append("netns add ").append(n).append('\n');
    }
    ExecResult r = channel.exec(null, new ExecRequest(List.of("ip", "-batch", "-"), null,
        batch.toString().getBytes(StandardCharsets.UTF_8), CMD_TIMEOUT));
    if (r.exitCode() != 0) {
      throw new NetnsException("could not create namespaces " + names + " on the " + where + ": "
          + r.stderr().strip());
    }
    for (String n : names) {
      // both sysctls from one thread inside the namespace (its /proc/sys/net is that namespace's)
      NsThread.callIn("/proc/" + pid + "/root/run/netns/" + n, "turn DAD off in namespace " + n, () -> {
        for (String key : NO_DAD) {
          Path f = Path.of("/proc/sys", key);
          if (Files.exists(f)) Files.writeString(f, "0\n");
        }
        return null;
      });
      kernel.apply(n, LO_UP);
    }
  }

  @Override
  public void deleteNamespaces(List<String> names) {
    if (names.isEmpty()) return;
    try {
      channel.deleteNamespaces(names);
    } finally {
      // drops the descriptors held for deleted names: held, they would keep the namespace (and a
      // veth whose other end is in the node) alive after ip netns del
      kernel.listNamespaces();
    }
  }

  /** The names {@code ip netns list} shows in the node: the entries of its {@code /run/netns}. */
  @Override
  public List<String> listNamespaces() {
    return kernel.listNamespaces();
  }

  @Override
  public ExecResult exec(String ns, ExecRequest request) {
    return channel.exec(ns, request);
  }

  @Override
  public void createVeth(VethSpec spec) {
    kernel.createVeth(spec);
  }

  @Override
  public void apply(String ns, List<NetOp> ops) {
    kernel.apply(ns, ops);
  }

  @Override
  public List<LinkState> applyAndRead(String ns, List<NetOp> ops) {
    return kernel.applyAndRead(ns, ops);
  }

  @Override
  public List<LinkState> links(String ns) {
    return kernel.links(ns);
  }

  @Override
  public List<Route> routes(String ns) {
    return kernel.routes(ns);
  }

  @Override
  public List<Neighbour> neighbours(String ns) {
    return kernel.neighbours(ns);
  }

  @Override
  public ProbeResult ping(String ns, String ip, Duration timeout) {
    return kernel.ping(ns, ip, timeout);
  }

  @Override
  public ProbeResult connect(String ns, String ip, int port, Duration timeout) {
    return kernel.connect(ns, ip, port, timeout);
  }

  @Override
  public ProbeResult connectUdp(String ns, String ip, int port, Duration timeout) {
    return kernel.connectUdp(ns, ip, port, timeout);
  }

  @Override
  public ProbeResult ping(String ns, String ip, int payloadBytes, Duration timeout) {
    return kernel.ping(ns, ip, payloadBytes, timeout);
  }

  @Override
  public Optional<String> namespaceOfNsid(String ns, int nsid) {
    return kernel.namespaceOfNsid(ns, nsid);
  }

  @Override
  public String readSysctl(String ns, String key) {
    return kernel.readSysctl(ns, key);
  }

  @Override
  public java.util.Map<String, String> readSysctls(String ns, List<String> keys) {
    return kernel.readSysctls(ns, keys);
  }

  @Override
  public boolean inProcess() {
    return true;
  }

  /** Releases the engine's descriptors and sockets; the channel belongs to the backend. */
  @Override
  public void close() {
    kernel.close();
  }
}
