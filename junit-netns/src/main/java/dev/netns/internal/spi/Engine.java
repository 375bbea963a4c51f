package dev.netns.internal.spi;

import dev.netns.ExecResult;
import dev.netns.ProbeResult;
import dev.netns.Route;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one way a target talks to its kernel. Every implementation (iproute2, native netlink, and
 * the same iproute2 engine run through a kind node's exec channel) passes the shared contract
 * suite {@code EngineContract} in the tests.
 *
 * <p>Namespaces are named as {@code ip netns} names them (bind mounts under {@code /run/netns}).
 * A {@code null} namespace means the engine's own namespace: the node's namespace on a kind
 * node, the machine's root namespace locally (which the framework only uses on explicit opt-in).
 *
 * <p>All methods throw {@link dev.netns.NetnsException} with the kernel's or program's answer
 * when an operation fails.
 */
public interface Engine extends AutoCloseable {

  /** Short description used in messages, e.g. {@code iproute2 on the local kernel}. */
  String describe();

  /**
   * Gets ready for the first fixture without creating anything that {@code ip netns list} or
   * {@code ip link} shows (e.g. loads and compiles the code paths of reads). Called once, on a
   * background thread, while JUnit is still discovering tests.
   */
  default void warmUp() {
  }

  /** Creates the namespaces (as {@code ip netns add}), with {@code lo} up and IPv6 DAD disabled. */
  void createNamespaces(List<String> names);

  /** Deletes the namespaces (as {@code ip netns del}); tries every one and reports all failures together. */
  void deleteNamespaces(List<String> names);

  /** The names {@code ip netns list} shows. */
  List<String> listNamespaces();

  /** The path of a namespace's bind mount, e.g. {@code /run/netns/NAME}. */
  default String pathOf(String ns) {
    return ns == null ? "/proc/1/ns/net" : "/run/netns/" + ns;
  }

  /** Runs a program inside a namespace. */
  ExecResult exec(String ns, ExecRequest request);

  /**
   * Creates a veth pair with each end directly in its namespace (no move), both ends up, with the
   * given MTU (0 = kernel default) and an optional alias marking the link as ours.
   */
  void createVeth(VethSpec spec);

  /** Applies link, address, route and sysctl operations inside one namespace, in order. */
  void apply(String ns, List<NetOp> ops);

  /**
   * Applies {@code ops} in {@code ns}, then reads its links: one round trip where the engine can
   * (the readiness check after configuring a veth end needs both).
   */
  default List<LinkState> applyAndRead(String ns, List<NetOp> ops) {
    apply(ns, ops);
    return links(ns);
  }

  /** Reads every link of a namespace with its addresses. */
  List<LinkState> links(String ns);

  /** Reads the main routing table (IPv4 and IPv6). */
  List<Route> routes(String ns);

  /**
   * Reads the neighbour table (ARP and NDP entries, IPv4 then IPv6 or in the kernel's order) as
   * {@code ip neigh show} lists it: without {@code NOARP} and {@code NONE} entries. The default
   * throws {@link UnsupportedOperationException} naming the engine.
   */
  default List<dev.netns.Neighbour> neighbours(String ns) {
    throw new UnsupportedOperationException("reading the neighbour table is not supported by " + describe());
  }

  /** Sends one ICMP echo to {@code ip} from inside {@code ns}; never throws for an unreachable peer. */
  ProbeResult ping(String ns, String ip, Duration timeout);

  /** Opens one TCP connection to {@code ip:port} from inside {@code ns}; never throws for a refused or timed-out connect. */
  ProbeResult connect(String ns, String ip, int port, Duration timeout);

  /**
   * Sends one UDP datagram to {@code ip:port} from inside {@code ns} and waits for its echo (a
   * {@link dev.netns.UdpListener} answers it); never throws for a refused or unanswered probe.
   * The default throws {@link UnsupportedOperationException} naming the engine.
   */
  default ProbeResult connectUdp(String ns, String ip, int port, Duration timeout) {
    throw new UnsupportedOperationException("UDP probes are not supported by " + describe());
  }

  /**
   * Sends one ICMP echo carrying {@code payloadBytes} of data with don't-fragment set (IPv4) or
   * without local fragmentation (IPv6); a packet larger than the path MTU the kernel knows fails
   * at once ("message too long"), one that meets a smaller link on the way is answered with
   * "fragmentation needed" or vanishes. The default throws {@link UnsupportedOperationException}.
   */
  default ProbeResult ping(String ns, String ip, int payloadBytes, Duration timeout) {
    throw new UnsupportedOperationException("pings with a payload size are not supported by " + describe());
  }

  /**
   * Resolves a netns id as seen from namespace {@code ns} (a veth's {@code link-netnsid}) to the
   * {@code ip netns} name of that namespace, when it has one. {@code Optional.of("")} means the
   * engine's own namespace (the node's, or the root namespace).
   */
  Optional<String> namespaceOfNsid(String ns, int nsid);

  /** Reads a sysctl inside a namespace. */
  String readSysctl(String ns, String key);

  /**
   * Reads several sysctls of namespace {@code ns} at once (one trip where the engine can): key to
   * value (stripped), in the order given; a key the kernel lacks is left out. Keys are validated
   * as {@link #readSysctl} does.
   */
  default java.util.Map<String, String> readSysctls(String ns, java.util.List<String> keys) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String k : keys) {
      dev.netns.SysctlKey.of(k);
    }
    for (String k : keys) {
      try {
        out.put(k, readSysctl(ns, k).strip());
      } catch (dev.netns.NetnsException missing) {
        // not on this kernel: left out
      }
    }
    return out;
  }

  /**
   * Whether calls are system calls made by this JVM itself (microseconds each) rather than
   * programs or a remote channel (milliseconds each). Callers run independent calls one after
   * another when this is {@code true}: a thread of their own would cost more than the calls.
   */
  default boolean inProcess() {
    return false;
  }

  /** Releases channels or sockets held by the engine. */
  @Override
  default void close() {
  }
}
