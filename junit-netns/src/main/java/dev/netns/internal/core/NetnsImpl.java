package dev.netns.internal.core;

import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.spi.LinkState;
import dev.netns.internal.spi.NetOp;
import dev.netns.Bridge;
import dev.netns.ExecResult;
import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.ProbeResult;
import dev.netns.Route;
import dev.netns.Target;
import dev.netns.Veth;
import dev.netns.internal.Addresses;
import dev.netns.internal.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A namespace on a backend, bound to the fixture scope that created or adopted it. */
public final class NetnsImpl implements Netns, dev.netns.internal.spi.NamespacePort, dev.netns.internal.spi.ProbeSource {

  private final Scope scope;
  /** The ip netns name; {@code null} for the target's own namespace (kind node). */
  private final String name;
  private final String logicalName;
  private final boolean owned;

  NetnsImpl(Scope scope, String name, String logicalName, boolean owned) {
    this.scope = scope;
    this.name = name;
    this.logicalName = logicalName == null || logicalName.isEmpty() ? (name == null ? "host" : name) : logicalName;
    this.owned = owned;
  }

  /** The engine's namespace argument: {@code null} for the target's own namespace. */
  public String engineName() {
    return name;
  }

  @Override
  public dev.netns.NetnsSettings settings() {
    return scope.settings();
  }

  public Scope scope() {
    return scope;
  }

  /**
   * The scope that owns what an operation adds now: the running test's scope when this namespace
   * belongs to that test or to an enclosing scope (its class), else the scope that made this
   * namespace. So a change a test makes in its class's namespace is undone when the test ends.
   */
  private Scope active() {
    return Scope.activeFor(scope);
  }

  private Engine engine() {
    return scope.backend().engine();
  }

  @Override
  public String name() {
    return name == null ? "" : name;
  }

  @Override
  public String logicalName() {
    return logicalName;
  }

  @Override
  public String path() {
    return engine().pathOf(name);
  }

  @Override
  public Target target() {
    return new ScopedTarget(scope);
  }

  @Override
  public boolean isOwned() {
    return owned;
  }

  /**
   * For messages: {@code <red: jn-ab12c-red-1>}, {@code <kind node kind-worker (cluster kind): its own
   * namespace>}, and on a kind node {@code <cni-f4fd... on kind node kind-worker (cluster kind)>}.
   */
  public String display() {
    Backend b = scope.backend();
    if (name == null) return "<" + b.describe() + ": its own namespace>";
    String where = b.hostIsStandIn() ? "" : " on " + b.describe();
    return logicalName.equals(name) ? "<" + name + where + ">" : "<" + logicalName + ": " + name + where + ">";
  }
  @Override
  public java.util.Optional<String> localPath() {
    return scope.backend().localPathOf(engineName());
  }

  @Override
  public boolean onLocalKernel() {
    return scope.backend().hostIsStandIn();
  }

  @Override
  public Object scopeKey() {
    return scope;
  }

  @Override
  public List<NetnsImpl> filterNamespaces() {
    return scope.filterNamespaces();
  }


  @Override
  public String toString() {
    return display();
  }

  @Override
  public ExecResult exec(String... argv) {
    return exec(ExecRequest.DEFAULT_TIMEOUT, Arrays.asList(argv));
  }

  @Override
  public ExecResult exec(Duration timeout, List<String> argv) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("exec timeout must be positive, got " + timeout);
    }
    return engine().exec(name, ExecRequest.of(timeout, argv));
  }

  /** Runs a program with extra environment and standard input (the CNI harness uses this). */
  public ExecResult exec(ExecRequest request) {
    return engine().exec(name, request);
  }

  @Override
  public List<Link> links() {
    List<Link> out = new ArrayList<>();
    for (LinkState s : engine().links(name)) out.add(new LinkImpl(this, s));
    return out;
  }

  @Override
  public Optional<Link> link(String linkName) {
    Objects.requireNonNull(linkName, "link name");
    for (LinkState s : engine().links(name)) {
      if (s.name().equals(linkName)) return Optional.of(new LinkImpl(this, s));
    }
    return Optional.empty();
  }

  /** The raw link states (for readiness checks and messages). */
  public List<LinkState> linkStates() {
    return engine().links(name);
  }

  @Override
  public List<Route> routes() {
    return engine().routes(name);
  }

  @Override
  public ProbeResult ping(String ip, Duration timeout) {
    String addr = Addresses.requireIp(ip, "ping target");
    requirePositive(timeout, "ping timeout");
    return dev.netns.internal.reach.GridRunner.single(this, "icmp", addr, 0, timeout);
  }

  @Override
  public ProbeResult connect(String ip, int port, Duration timeout) {
    String addr = Addresses.requireIp(ip, "connect target");
    requirePort(port);
    requirePositive(timeout, "connect timeout");
    return dev.netns.internal.reach.GridRunner.single(this, "tcp", addr, port, timeout);
  }

  /**
   * The engine's probe without the denial watch (validated input only): what a grid cell or a
   * watched probe runs. {@code proto} is {@code icmp}, {@code tcp} or {@code udp}.
   */
  public ProbeResult probeUnwatched(String proto, String ip, int port, Duration timeout) {
    return switch (proto) {
      case "icmp" -> engine().ping(name, ip, timeout);
      case "tcp" -> engine().connect(name, ip, port, timeout);
      case "udp" -> engine().connectUdp(name, ip, port, timeout);
      default -> throw new IllegalArgumentException("protocol " + proto + " is not one of icmp, tcp, udp");
    };
  }

  @Override
  public dev.netns.TcpListener listen(String ip, int port) {
    String addr = Addresses.requireIp(ip, "listen address");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range; allowed is 0 (any free port) to 65535");
    }
    dev.netns.TcpListener l = scope.backend().listen(path(), addr, port);
    active().onClose(null, "stop listener on " + addr + ":" + port, l::close);
    return l;
  }

  @Override
  public ProbeResult ping(String ip, int payloadBytes, Duration timeout) {
    String addr = Addresses.requireIp(ip, "ping target");
    if (payloadBytes < 8 || payloadBytes > 65507) {
      throw new IllegalArgumentException("ping payload " + payloadBytes + " bytes is out of range; allowed is 8 to 65507");
    }
    requirePositive(timeout, "ping timeout");
    return engine().ping(name, addr, payloadBytes, timeout);
  }

  @Override
  public java.util.OptionalInt pathMtu(String ip) {
    return PathMtu.read(engine(), name, Addresses.requireIp(ip, "path MTU target"));
  }

  @Override
  public ProbeResult connectUdp(String ip, int port, Duration timeout) {
    String addr = Addresses.requireIp(ip, "udp target");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range; a UDP port is 1 to 65535");
    }
    requirePositive(timeout, "udp timeout");
    return dev.netns.internal.reach.GridRunner.single(this, "udp", addr, port, timeout);
  }

  @Override
  public dev.netns.UdpListener listenUdp(String ip, int port) {
    String addr = Addresses.requireIp(ip, "listen address");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range; allowed is 0 (any free port) to 65535");
    }
    dev.netns.UdpListener l = scope.backend().listenUdp(path(), addr, port);
    scope.onClose(null, "stop udp responder on " + addr + ":" + port, l::close);
    return l;
  }

  public static void requirePort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range; a TCP port is 1 to 65535");
    }
  }

  public static void requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
  }

  @Override
  public Optional<String> namespaceNameOfNsid(int nsid) {
    if (nsid < 0) throw new IllegalArgumentException("netns id " + nsid + " is not valid; ids are 0 or more");
    return engine().namespaceOfNsid(name, nsid);
  }

  // ------------------------------------------------------------------ building

  @Override
  public Netns addAddress(String device, String cidr) {
    Names.requireInterfaceName(device, "device");
    String c = Addresses.requireCidr(cidr, "address");
    engine().apply(name, List.of(new NetOp.AddAddress(device, c)));
    // in a namespace we do not own (a kind node's, an adopted pod's) the address goes again after the test
    active().onClose(name, "remove address " + c + " from " + device, () -> {
      boolean present = engine().links(name).stream()
          .anyMatch(l -> l.name().equals(device) && l.addresses().contains(c));
      if (present) engine().apply(name, List.of(new NetOp.DeleteAddress(device, c)));
    });
    return this;
  }

  @Override
  public Netns up(String device) {
    Names.requireInterfaceName(device, "device");
    restoreAdminStateAfterTest(device);
    engine().apply(name, List.of(new NetOp.LinkUp(device)));
    Readiness.await(this, List.of(device));
    return this;
  }

  @Override
  public Netns down(String device) {
    Names.requireInterfaceName(device, "device");
    restoreAdminStateAfterTest(device);
    engine().apply(name, List.of(new NetOp.LinkDown(device)));
    return this;
  }

  @Override
  public Netns mtu(String device, int mtu) {
    Names.requireInterfaceName(device, "device");
    if (mtu < 68 || mtu > 65535) {
      throw new IllegalArgumentException("mtu " + mtu + " is out of range; allowed is 68 to 65535");
    }
    if (!active().createdHere(name)) {
      currentState(device).ifPresent(before -> active().onClose(name, "restore mtu " + before.mtu() + " of " + device,
          () -> currentState(device).filter(now -> now.mtu() != before.mtu() && now.index() == before.index())
              .ifPresent(now -> engine().apply(name, List.of(new NetOp.SetMtu(device, before.mtu()))))));
    }
    engine().apply(name, List.of(new NetOp.SetMtu(device, mtu)));
    return this;
  }

  /** In a namespace that outlives the test, a link's admin state (up/down) is put back when the test ends. */
  private void restoreAdminStateAfterTest(String device) {
    if (active().createdHere(name)) return;
    currentState(device).ifPresent(before -> active().onClose(name, "restore " + device + (before.isUp() ? " up" : " down"),
        () -> currentState(device).filter(now -> now.isUp() != before.isUp() && now.index() == before.index())
            .ifPresent(now -> engine().apply(name, List.of(before.isUp() ? new NetOp.LinkUp(device) : new NetOp.LinkDown(device))))));
  }

  private Optional<LinkState> currentState(String device) {
    for (LinkState s : engine().links(name)) {
      if (s.name().equals(device)) return Optional.of(s);
    }
    return Optional.empty();
  }

  @Override
  public Netns addRoute(String destination, String gateway, String device) {
    String dest = Addresses.requireRouteDestination(destination, "route destination");
    String gw = gateway == null ? null : Addresses.requireIp(gateway, "route gateway");
    if (device != null) Names.requireInterfaceName(device, "route device");
    if (gw == null && device == null) {
      throw new IllegalArgumentException("route to " + destination + " needs a gateway or a device");
    }
    if ("default".equals(dest) && gw != null && Addresses.isV6(gw)) {
      dest = "::/0"; // "default" alone means IPv4 to ip; the undo must remove this IPv6 route
    }
    if (gw != null && !"default".equals(dest) && Addresses.isV6(gw) != Addresses.isV6(dest)) {
      throw new IllegalArgumentException("route to " + destination + " via " + gateway
          + " mixes IPv4 and IPv6; the gateway must be of the destination's family");
    }
    String route = dest;
    boolean journaled = !active().owns(name);
    if (journaled) Ownership.get().journalRoute(scope.backend().key(), name, route, gw, device);
    engine().apply(name, List.of(new NetOp.AddRoute(route, gw, device)));
    active().onClose(name, "remove route " + route, () -> {
      // the kernel drops a route with its device: only a route still there is removed
      if (hasRoute(route)) engine().apply(name, List.of(new NetOp.DeleteRoute(route)));
      if (journaled) Ownership.get().released(1);
    });
    return this;
  }

  private boolean hasRoute(String destination) {
    for (Route r : engine().routes(name)) {
      if (sameDestination(r, destination)) return true;
    }
    return false;
  }

  private static boolean sameDestination(Route r, String destination) {
    return r.destination().equals(destination) || (r.isDefault() && destination.equals(r.family() == 6 ? "::/0" : "default"));
  }

  @Override
  public Netns deleteRoute(String destination) {
    String dest = Addresses.requireRouteDestination(destination, "route destination");
    if (!active().createdHere(name)) {
      // in a namespace that outlives the test, the deleted routes come back when the test ends
      List<Route> gone = engine().routes(name).stream().filter(r -> sameDestination(r, dest)).toList();
      for (Route r : gone) {
        active().onClose(name, "restore route " + r, () -> {
          if (!hasRoute(r.destination())) {
            engine().apply(name, List.of(new NetOp.AddRoute(r.isDefault() && r.family() == 6 ? "::/0" : r.destination(),
                r.gateway(), r.device())));
          }
        });
      }
    }
    engine().apply(name, List.of(new NetOp.DeleteRoute(dest)));
    return this;
  }

  @Override
  public List<dev.netns.Neighbour> neighbours() {
    return engine().neighbours(name);
  }

  @Override
  public Netns addNeighbour(String ip, String mac, String device) {
    String addr = Addresses.requireIp(ip, "neighbour address");
    String lladdr = requireMac(mac);
    Names.requireInterfaceName(device, "neighbour device");
    boolean journaled = !active().owns(name);
    if (journaled) Ownership.get().journalNeighbour(scope.backend().key(), name, addr, device, lladdr);
    engine().apply(name, List.of(new NetOp.AddNeighbour(addr, lladdr, device)));
    // in a namespace that outlives the test (the class's, a kind node's, an adopted pod's) the entry goes again after it
    active().onClose(name, "remove neighbour " + addr + " dev " + device, () -> {
      boolean present = engine().neighbours(name).stream()
          .anyMatch(n -> n.address().equals(addr) && n.device().equals(device));
      if (present) engine().apply(name, List.of(new NetOp.DeleteNeighbour(addr, device)));
      if (journaled) Ownership.get().released(1);
    });
    return this;
  }

  /** A MAC address as six hex octets separated by ':', returned in lowercase. */
  public static String requireMac(String mac) {
    return dev.netns.MacAddress.parse(mac).toString();
  }

  @Override
  public Netns sysctl(String key, String value) {
    dev.netns.SysctlKey.of(key); // before anything is read or written, on every engine
    if (value == null || value.contains("\n")) {
      throw new IllegalArgumentException("sysctl value for " + key + " must be a single line, got " + value);
    }
    if (!active().createdHere(name)) {
      String old = engine().readSysctl(name, key);
      boolean journaled = !active().owns(name);
      if (journaled) Ownership.get().journalSysctl(scope.backend().key(), name, key, old);
      active().onClose(name, "restore sysctl " + key + "=" + old, () -> {
        engine().apply(name, List.of(new NetOp.Sysctl(key, old)));
        if (journaled) Ownership.get().released(1);
      });
    }
    engine().apply(name, List.of(new NetOp.Sysctl(key, value)));
    return this;
  }

  @Override
  public String sysctl(String key) {
    dev.netns.SysctlKey.of(key);
    return engine().readSysctl(name, key);
  }

  @Override
  public Bridge bridge(String bridgeName) {
    Names.requireInterfaceName(bridgeName, "bridge name");
    markedCreate(bridgeName, List.of(new NetOp.AddBridge(bridgeName)));
    return new BridgeImpl(this, bridgeName);
  }

  /** Creates a link here; outside our own namespaces it is journaled, marked with our alias and deleted after the test. */
  void markedCreate(String linkName, List<NetOp> create) {
    boolean here = active().createdHere(name);
    Fixtures.registerOutsideEnd(active(), this, linkName);
    List<NetOp> ops = new ArrayList<>(create);
    if (!here) ops.add(new NetOp.SetAlias(linkName, Ownership.get().alias()));
    engine().apply(name, ops);
  }

  @Override
  public Netns setMaster(String device, String master) {
    Names.requireInterfaceName(device, "device");
    Names.requireInterfaceName(master, "master");
    engine().apply(name, List.of(new NetOp.SetMaster(device, master)));
    return this;
  }

  @Override
  public Veth addVeth(String localName, Netns peerNs, String peerName) {
    Objects.requireNonNull(peerNs, "peer namespace");
    if (!(peerNs instanceof NetnsImpl peer) || peer.scope.backend() != scope.backend()) {
      throw new IllegalArgumentException("peer namespace " + peerNs + " is not on the same target as " + display());
    }
    return Fixtures.createVeth(active(), this, localName, peer, peerName, 0, List.of(), List.of());
  }

  /** The pod's gateway in {@link #addRoutedPod}: link-local, held (as a /32) by every node-side end. */
  static final String ROUTED_POD_GATEWAY = "169.254.1.1";

  @Override
  public Veth addRoutedPod(Netns pod, String podAddress) {
    Objects.requireNonNull(pod, "pod namespace");
    if (!(pod instanceof NetnsImpl p) || p.scope.backend() != scope.backend()) {
      throw new IllegalArgumentException("pod namespace " + pod + " is not on the same target as " + display());
    }
    String cidr = Addresses.requireCidr(podAddress, "routed pod address");
    if (Addresses.isV6(cidr)) {
      throw new IllegalArgumentException("routed pod address " + podAddress + " is IPv6; addRoutedPod wires IPv4 pods"
          + " (for IPv6 use addVeth, addAddress and addRoute)");
    }
    String ip = dev.netns.Cidr.parse(cidr, "pod address").address().toString();
    if (p.link("eth0").isPresent()) {
      throw new IllegalArgumentException("pod namespace " + p.display() + " already has an eth0; a routed pod gets its eth0"
          + " from addRoutedPod");
    }
    Veth v = addVeth("", pod, "eth0");
    String nodeEnd = v.left().name();
    addAddress(nodeEnd, ROUTED_POD_GATEWAY + "/32"); // every node end answers ARP for the pods' gateway
    addRoute(ip + "/32", null, nodeEnd);
    p.addAddress("eth0", cidr);
    p.addRoute(ROUTED_POD_GATEWAY + "/32", null, "eth0");
    p.addRoute("default", ROUTED_POD_GATEWAY, "eth0");
    return v;
  }

  @Override
  public Netns moveLink(String device, Netns to) {
    Names.requireInterfaceName(device, "device");
    if (!(to instanceof NetnsImpl dest) || dest.scope.backend() != scope.backend()) {
      throw new IllegalArgumentException("namespace " + to + " is not on the same target as " + display());
    }
    if (!active().createdHere(name) || !active().createdHere(dest.name)) {
      // a link moved between namespaces that outlive the test goes back when it ends (a link the
      // test made itself is deleted by its own undo, which runs after this one)
      active().onClose(null, "move " + device + " back from " + dest.display() + " to " + display(), () -> {
        if (dest.currentState(device).isPresent() && (name == null || scope.backend().engine().listNamespaces().contains(name))) {
          engine().apply(dest.name, List.of(new NetOp.MoveLink(device, name)));
        }
      });
    }
    engine().apply(name, List.of(new NetOp.MoveLink(device, dest.name)));
    return this;
  }

  @Override
  public Netns deleteLink(String device) {
    Names.requireInterfaceName(device, "device");
    engine().apply(name, List.of(new NetOp.DeleteLink(device)));
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetnsImpl n && n.scope.backend() == scope.backend() && Objects.equals(n.name, name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scope.backend(), name);
  }
}
