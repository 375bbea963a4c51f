package dev.netns;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A network namespace on a {@link Target}: a fresh one made by {@code @NetNamespace}, the host side
 * ({@code @HostNamespace}), or one that already existed (a kind pod's {@code cni-...} namespace).
 *
 * <p>Every method reads or changes the live kernel state; nothing is cached. Programs run with
 * {@link #exec(String...)} take an argv, never a shell string.
 *
 * <pre>{@code
 * pod.exec("ip", "route", "add", "default", "via", "10.244.0.1").orThrow();
 * host.bridge("br0").address("10.0.0.254/24").up();
 * }</pre>
 */
public interface Netns {

  /**
   * The name {@code ip netns list} shows on the target. For the node's own namespace on a kind
   * node (which has no name there) it is the empty string.
   */
  String name();

  /** The logical name given in {@code @NetNamespace("red")}, or {@link #name()} when there is none. */
  String logicalName();

  /** The path of the namespace's bind mount on the target, e.g. {@code /run/netns/jn-ab12c-red-1}: what {@code CNI_NETNS} expects. */
  String path();

  /** The target holding this namespace. */
  Target target();

  /** Whether the framework created this namespace (and will delete it). */
  boolean isOwned();

  /**
   * Runs {@code argv} inside this namespace, waiting at most the default exec timeout (60 s). A
   * non-zero exit is reported in the result, never thrown ({@link ExecResult#orThrow()} throws);
   * as in a shell, a program that is not there exits 127 (126 when it cannot be run), with the
   * reason in {@link ExecResult#stderr()}.
   */
  ExecResult exec(String... argv);

  /** Runs {@code argv} inside this namespace, waiting at most {@code timeout}. */
  ExecResult exec(Duration timeout, List<String> argv);

  /** Every interface in the namespace, in index order. */
  List<Link> links();

  /** The interface with that name, if the namespace has it. */
  Optional<Link> link(String name);

  /** Routes of the main table, IPv4 then IPv6. */
  List<Route> routes();

  /** Sends one ICMP echo (IPv4 or IPv6, chosen by the address) from inside this namespace. */
  ProbeResult ping(String ip, Duration timeout);

  /** Opens (and closes) one TCP connection from inside this namespace. */
  ProbeResult connect(String ip, int port, Duration timeout);

  /**
   * Starts a TCP listener bound to {@code ip:port} inside this namespace (port 0 = any free port);
   * it accepts and closes every connection until closed, and is closed after the test at the latest.
   * Available on the local kernel, and on a kind node whose Docker daemon runs on this machine (the JVM
   * enters the node's namespace through /proc).
   */
  TcpListener listen(String ip, int port);

  /**
   * Sends one ICMP echo carrying {@code payloadBytes} bytes of data with don't-fragment set: the
   * packet is {@code payloadBytes + 28} bytes on IPv4 ({@code + 48} on IPv6). It passes only when
   * every link on the way carries it; a larger one fails at once when the kernel already knows a
   * smaller path MTU ("Message too long"), is answered with "fragmentation needed" by the router
   * whose next link is too small, or vanishes when that answer is dropped (an MTU black hole).
   *
   * <pre>{@code
   * ProbeResult big = pod.ping("10.0.2.2", 1472, Duration.ofSeconds(1)); // 1500-byte packet
   * }</pre>
   *
   * @param payloadBytes ICMP data size, 8 to 65507
   */
  default ProbeResult ping(String ip, int payloadBytes, Duration timeout) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot ping with a payload size");
  }

  /**
   * The path MTU toward {@code ip} that this namespace's kernel has learned (from an ICMP
   * "fragmentation needed" / "packet too big"), as {@code ip route get IP} shows it in its
   * {@code cache} line; empty when the kernel learned none (then the route's device MTU applies).
   */
  default java.util.OptionalInt pathMtu(String ip) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot read path MTUs");
  }

  /**
   * Sends one UDP datagram to {@code ip:port} from inside this namespace and waits for it to come
   * back (a {@link UdpListener} echoes it): success when the echo arrives within the timeout;
   * "Connection refused" when an ICMP port unreachable came back instead (a closed port, or a
   * {@code REJECT} rule).
   */
  default ProbeResult connectUdp(String ip, int port, Duration timeout) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot send UDP probes");
  }

  /**
   * Starts a UDP echo responder bound to {@code ip:port} inside this namespace (port 0 = any free
   * port); it sends every datagram back to its sender until closed, and is closed after the test at
   * the latest.
   */
  default UdpListener listenUdp(String ip, int port) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot listen on UDP");
  }

  // ---- building what annotations cannot express ----

  /** Adds an address (CIDR with prefix, e.g. {@code 10.0.0.1/24}) to an interface of this namespace. */
  Netns addAddress(String device, String cidr);

  /** Sets an interface up (and, for veths, waits until the kernel reports it ready when its peer is up). */
  Netns up(String device);

  /** Sets an interface down. */
  Netns down(String device);

  /** Sets an interface's MTU. */
  Netns mtu(String device, int mtu);

  /** Adds a route: {@code destination} is {@code default} or a CIDR; {@code gateway} may be {@code null} (then {@code device} is required). */
  Netns addRoute(String destination, String gateway, String device);

  /**
   * Adds the default route of the gateway's family: {@code addDefaultRoute("10.0.0.254")} is
   * {@code ip route add default via 10.0.0.254}, {@code addDefaultRoute("fd00::fe")} is
   * {@code ip -6 route add default via fd00::fe}. Undone after the test.
   */
  default Netns addDefaultRoute(String gateway) {
    if (gateway == null) throw new IllegalArgumentException("default route gateway is null; give an IPv4 or IPv6 address");
    return addRoute("default", gateway, null);
  }

  /**
   * Starts a route to {@code destination} ({@code default} or a CIDR such as {@code 10.1.0.0/16}),
   * without positional {@code null}s:
   *
   * <pre>{@code
   * node.route("10.244.1.0/24").via("172.18.0.3").add();
   * pod.route("169.254.1.1/32").dev("eth0").add();       // scope link, as ip route add 169.254.1.1 dev eth0
   * pod.route("default").via("169.254.1.1").dev("eth0").add();
   * }</pre>
   */
  default NewRoute route(String destination) {
    if (destination == null) throw new IllegalArgumentException("route destination is null; give 'default' or a CIDR such as 10.1.0.0/16");
    Netns self = this;
    return new NewRoute() {
      private String gateway;
      private String device;

      @Override
      public NewRoute via(String gw) {
        if (gw == null) throw new IllegalArgumentException("route gateway is null; give an IPv4 or IPv6 address");
        gateway = gw;
        return this;
      }

      @Override
      public NewRoute dev(String dev) {
        if (dev == null) throw new IllegalArgumentException("route device is null; give an interface name such as eth0");
        device = dev;
        return this;
      }

      @Override
      public Netns add() {
        return self.addRoute(destination, gateway, device);
      }
    };
  }

  /** A route being built by {@link #route(String)}: a gateway, a device or both, then {@link #add()}. */
  interface NewRoute {
    /** The next hop ({@code via}). */
    NewRoute via(String gateway);

    /** The output interface ({@code dev}). */
    NewRoute dev(String device);

    /** Adds the route (validated as {@link #addRoute}); it is removed again after the test. */
    Netns add();
  }

  /**
   * The most common shape of CNI tests, a routed pod as Calico and many routed CNIs wire it: a
   * veth pair with {@code eth0} in {@code pod} (holding {@code podAddress}, e.g.
   * {@code 10.244.1.5/32} or {@code /24}) and a generated name here; in the pod a link route to
   * the gateway {@code 169.254.1.1} and the default route through it; here that gateway as a /32
   * on the node-side end (so the node answers the pod's ARP, however many pods it has) and the
   * route back, {@code 10.244.1.5/32 dev <node end>}. Pods routed this way into one node reach each other once the node forwards
   * ({@code sysctl("net.ipv4.ip_forward", "1")}). IPv4 only. Everything is undone after the test.
   *
   * <pre>{@code
   * Veth a = node.addRoutedPod(podA, "10.244.1.5/32");
   * Veth b = node.addRoutedPod(podB, "10.244.1.6/32");
   * node.sysctl("net.ipv4.ip_forward", "1");
   * assertThat(podA).canPing("10.244.1.6").hasDefaultRouteVia("169.254.1.1");
   * }</pre>
   *
   * @return the pair: {@code left()} is the end here, {@code right()} is {@code eth0} in the pod
   * @throws IllegalArgumentException for an address that is not an IPv4 CIDR, or a pod on another target
   */
  Veth addRoutedPod(Netns pod, String podAddress);

  /** Deletes a route to {@code destination} ({@code default} or a CIDR). */
  Netns deleteRoute(String destination);

  /**
   * The neighbour table (ARP for IPv4, NDP for IPv6) as {@code ip neigh show} lists it: resolved,
   * stale, failed and permanent entries of both families.
   */
  List<Neighbour> neighbours();

  /**
   * Adds a static neighbour entry, as {@code ip neigh replace IP lladdr MAC dev DEVICE nud permanent}:
   * packets to {@code ip} out of {@code device} go to {@code mac} without ARP or NDP. An existing
   * entry for {@code ip} on that device is replaced. In a namespace the test did not create, the
   * entry is deleted after the test.
   *
   * @param ip     an IPv4 or IPv6 address, e.g. {@code 10.0.0.2}
   * @param mac    six hex octets separated by ':', e.g. {@code 02:aa:bb:cc:dd:ee}
   * @param device the interface, e.g. {@code eth0}
   */
  Netns addNeighbour(String ip, String mac, String device);

  /** Writes a sysctl inside this namespace, e.g. {@code sysctl("net.ipv4.ip_forward", "1")}. */
  Netns sysctl(String key, String value);

  /** Reads a sysctl inside this namespace. */
  String sysctl(String key);

  /**
   * Creates a bridge in this namespace (removed with the namespace or, in a namespace the test did
   * not create, after the test) and returns a small builder for it.
   */
  Bridge bridge(String name);

  /** Enslaves {@code device} to the bridge {@code master} (both in this namespace). */
  Netns setMaster(String device, String master);

  /**
   * Creates a veth pair with one end here (named {@code localName}) and the other in {@code peerNs}
   * (named {@code peerName}); both ends up and ready. Removed after the test.
   */
  Veth addVeth(String localName, Netns peerNs, String peerName);

  /** Moves {@code device} into namespace {@code to} (as {@code ip link set DEV netns TO}); addresses are lost, as with ip. */
  Netns moveLink(String device, Netns to);

  /** Deletes an interface of this namespace (for a veth, both ends go). */
  Netns deleteLink(String device);

  /**
   * Resolves a netns id as seen from this namespace (a veth's {@link Link#linkNetnsId()}) to the
   * name {@code ip netns list} shows for that namespace on the same target. Empty when the id is
   * unknown here or the namespace it refers to has no {@code ip netns} name; the empty string
   * stands for the target's own namespace (a kind node's, or the machine's root namespace).
   *
   * <pre>{@code
   * Link end = red.link("veth-red").orElseThrow();
   * String peerNs = red.namespaceNameOfNsid(end.linkNetnsId().getAsInt()).orElse("?");
   * }</pre>
   */
  default Optional<String> namespaceNameOfNsid(int nsid) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot resolve netns ids");
  }

  /**
   * The settings this namespace's checks default to ({@code netns.probe.timeout},
   * {@code netns.eventually.timeout}, {@code netns.eventually.interval}): those of the run that
   * made it (JUnit configuration parameters, falling back to system properties); for a namespace
   * made outside the extension, system properties alone.
   */
  default NetnsSettings settings() {
    return NetnsSettings.fromSystemProperties();
  }
}
