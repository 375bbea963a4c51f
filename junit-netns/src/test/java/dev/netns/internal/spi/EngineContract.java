package dev.netns.internal.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.ExecResult;
import dev.netns.NetnsException;
import dev.netns.ProbeResult;
import dev.netns.Route;
import dev.netns.internal.netlink.NsThread;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The one contract every {@link Engine} passes: namespaces, veth pairs, every {@link NetOp},
 * reads, probes and errors, against a real kernel. A concrete subclass says how to make its
 * engine ({@link #createEngine()}); a target whose namespaces are not local (a kind node)
 * overrides {@link #listen} as well.
 *
 * <p>Every test deletes what it made, also when it fails. Names are unique per JVM and never
 * start with the framework's own prefix, so reaping never confuses them with fixtures.
 */
// one test at a time within the class: @AfterEach deletes what the class made so far
@Execution(ExecutionMode.SAME_THREAD)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineContract {

  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36);
  private static final Duration PROBE = Duration.ofSeconds(2);
  private static final Duration SHORT = Duration.ofMillis(300);

  /** The engine under test, made once per test class. */
  protected Engine engine;
  private final List<String> made = Collections.synchronizedList(new ArrayList<>());

  /** Makes the engine under test; it is closed after the class. */
  protected abstract Engine createEngine();

  /**
   * Starts a TCP listener on {@code ip:port} inside {@code ns} (the kernel completes handshakes
   * without accept()). The default opens the socket from a thread that entered the local
   * namespace; a remote target overrides this.
   */
  protected AutoCloseable listen(String ns, String ip, int port) throws Exception {
    ServerSocketChannel ch = NsThread.callIn(engine.pathOf(ns), "listen in " + ns, () -> {
      ServerSocketChannel s = ServerSocketChannel.open();
      s.bind(new InetSocketAddress(InetAddress.getByAddress(literal(ip)), port));
      return s;
    });
    return ch::close;
  }

  private static byte[] literal(String ip) {
    return new inet.ipaddr.IPAddressString(ip).getAddress().getBytes();
  }

  @BeforeAll
  void startEngine() {
    engine = createEngine();
  }

  @AfterAll
  void closeEngine() {
    if (engine != null) engine.close();
  }

  @AfterEach
  void deleteWhatWasMade() {
    List<String> left;
    synchronized (made) {
      left = new ArrayList<>(made);
      made.clear();
    }
    if (left.isEmpty()) return;
    List<String> existing = new ArrayList<>(engine.listNamespaces());
    existing.retainAll(left);
    if (!existing.isEmpty()) engine.deleteNamespaces(existing);
  }

  /** A fresh name, recorded for deletion after the test. */
  protected String name(String tag) {
    String n = "ctr" + RUN + "-" + tag + "-" + SEQ.incrementAndGet();
    made.add(n);
    return n;
  }

  /** Creates namespaces with fresh names. */
  protected List<String> namespaces(String... tags) {
    List<String> names = new ArrayList<>();
    for (String t : tags) names.add(name(t));
    engine.createNamespaces(names);
    return names;
  }

  /** Two namespaces joined by a veth pair {@code a}/{@code b} with 10.0.0.1/24, fd00::1/64 and .2 / ::2, both ready. */
  protected List<String> pair() {
    List<String> ns = namespaces("red", "blue");
    engine.createVeth(new VethSpec(ns.get(0), "a", ns.get(1), "b", 0, null));
    engine.apply(ns.get(0), List.of(new NetOp.LinkUp("a"), new NetOp.AddAddress("a", "10.0.0.1/24"),
        new NetOp.AddAddress("a", "fd00::1/64")));
    engine.apply(ns.get(1), List.of(new NetOp.LinkUp("b"), new NetOp.AddAddress("b", "10.0.0.2/24"),
        new NetOp.AddAddress("b", "fd00::2/64")));
    awaitReady(ns.get(0), "a");
    awaitReady(ns.get(1), "b");
    return ns;
  }

  /** Undo paths remove an address through the engine itself (no program), both families, only that one. */
  @Test
  void deleteAddressRemovesOnlyThatAddress() {
    List<String> ns = pair();
    engine.apply(ns.get(0), List.of(new NetOp.AddAddress("a", "10.0.9.1/24")));
    engine.apply(ns.get(0), List.of(new NetOp.DeleteAddress("a", "10.0.9.1/24"), new NetOp.DeleteAddress("a", "fd00::1/64")));
    List<String> left = engine.links(ns.get(0)).stream().filter(l -> l.name().equals("a")).findFirst().orElseThrow()
        .addresses();
    assertThat(left).contains("10.0.0.1/24").doesNotContain("10.0.9.1/24", "fd00::1/64");
  }

  protected void awaitReady(String ns, String dev) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      LinkState s = link(ns, dev);
      if (s.isReady()) return;
      if (System.nanoTime() > deadline) throw new AssertionError(dev + " in " + ns + " not ready: " + s);
      Thread.onSpinWait();
    }
  }

  /** Link state changes (carrier, operstate) reach the kernel's tables a moment after the change. */
  protected void awaitFlag(String ns, String dev, String flag) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!link(ns, dev).flags().contains(flag)) {
      if (System.nanoTime() > deadline) throw new AssertionError(dev + " in " + ns + " never showed " + flag + ": " + link(ns, dev));
      Thread.onSpinWait();
    }
  }

  protected LinkState link(String ns, String dev) {
    return engine.links(ns).stream().filter(l -> l.name().equals(dev)).findFirst()
        .orElseThrow(() -> new AssertionError("no link " + dev + " in " + ns + ": " + engine.links(ns)));
  }

  protected Optional<LinkState> findLink(String ns, String dev) {
    return engine.links(ns).stream().filter(l -> l.name().equals(dev)).findFirst();
  }

  // ------------------------------------------------------------------ namespaces

  @Test
  void createsListsAndDeletesNamespacesWithLoUpAndNoDad() {
    List<String> ns = namespaces("one", "two");
    assertThat(engine.listNamespaces()).containsAll(ns);
    for (String n : ns) {
      LinkState lo = link(n, "lo");
      assertThat(lo.isUp()).as("lo up in %s", n).isTrue();
      assertThat(lo.flags()).contains("LOOPBACK", "UP", "LOWER_UP");
      assertThat(lo.addresses()).contains("127.0.0.1/8");
      assertThat(engine.readSysctl(n, "net.ipv6.conf.default.accept_dad")).isEqualTo("0");
      assertThat(engine.readSysctl(n, "net.ipv6.conf.all.accept_dad")).isEqualTo("0");
    }
    engine.deleteNamespaces(ns);
    assertThat(engine.listNamespaces()).doesNotContainAnyElementsOf(ns);
  }

  @Test
  void describesItselfAndNamesNamespacePaths() {
    assertThat(engine.describe()).isNotBlank();
    String n = namespaces("path").get(0);
    assertThat(engine.pathOf(n)).isEqualTo("/run/netns/" + n);
    ExecResult stat = engine.exec(null, ExecRequest.of(List.of("stat", "-f", "-c", "%T", engine.pathOf(n))));
    assertThat(stat.stdout().strip()).as("the path is a namespace bind mount").isEqualTo("nsfs");
  }

  @Test
  void namespacesAreVisibleToAndDeletableByIpNetns() {
    String n = namespaces("interop").get(0);
    ExecResult list = engine.exec(null, ExecRequest.of(List.of("ip", "netns", "list")));
    assertThat(list.exitCode()).isZero();
    assertThat(list.stdout()).contains(n);
    ExecResult inside = engine.exec(n, ExecRequest.of(List.of("ip", "-o", "link", "show", "lo")));
    assertThat(inside.stdout()).contains("lo").contains("UP");
    ExecResult del = engine.exec(null, ExecRequest.of(List.of("ip", "netns", "del", n)));
    assertThat(del.exitCode()).as(del.stderr()).isZero();
    assertThat(engine.listNamespaces()).doesNotContain(n);
    assertThatThrownBy(() -> engine.links(n)).isInstanceOf(NetnsException.class).hasMessageContaining(n);
  }

  @Test
  void worksOnNamespacesMadeByIpNetnsAdd() {
    String n = name("ipmade");
    // rootless, ip netns add must act from a namespace of the JVM's user namespace (README "Rootless")
    List<String> argv = new java.util.ArrayList<>(dev.netns.internal.local.Rootless.hostSidePrefix());
    argv.addAll(List.of("ip", "netns", "add", n));
    ExecResult add = engine.exec(null, ExecRequest.of(argv));
    assertThat(add.exitCode()).as(add.stderr()).isZero();
    assertThat(engine.listNamespaces()).contains(n);
    engine.apply(n, List.of(new NetOp.LinkUp("lo")));
    assertThat(link(n, "lo").isUp()).isTrue();
    engine.deleteNamespaces(List.of(n));
    assertThat(engine.listNamespaces()).doesNotContain(n);
  }

  @Test
  void sameNameMadeAgainIsANewNamespace() {
    String n = namespaces("again").get(0);
    engine.apply(n, List.of(new NetOp.AddBridge("old0")));
    engine.deleteNamespaces(List.of(n));
    engine.createNamespaces(List.of(n));
    assertThat(findLink(n, "old0")).isEmpty();
  }

  @Test
  void deletingAnAbsentNamespaceIsNotAnError() {
    String n = name("absent");
    assertThatCode(() -> engine.deleteNamespaces(List.of(n))).doesNotThrowAnyException();
  }

  @Test
  void creatingAnExistingNamespaceFailsWithFileExists() {
    String n = namespaces("dup").get(0);
    assertThatThrownBy(() -> engine.createNamespaces(List.of(n)))
        .isInstanceOf(NetnsException.class).hasMessageContaining(n).hasMessageContaining("File exists");
  }

  // ------------------------------------------------------------------ veth

  @Test
  void vethAcrossNamespacesWithMtuAndAlias() {
    List<String> ns = namespaces("left", "right");
    engine.createVeth(new VethSpec(ns.get(0), "v-left", ns.get(1), "v-right", 1400, "contract:marker"));
    LinkState l = link(ns.get(0), "v-left");
    LinkState r = link(ns.get(1), "v-right");
    for (LinkState s : List.of(l, r)) {
      assertThat(s.kind()).isEqualTo("veth");
      assertThat(s.mtu()).isEqualTo(1400);
      assertThat(s.alias()).isEqualTo("contract:marker");
      assertThat(s.isUp()).as("%s up", s.name()).isTrue();
      assertThat(s.mac()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
      assertThat(s.linkNetnsId()).isGreaterThanOrEqualTo(0);
    }
    assertThat(l.peerIndex()).isEqualTo(r.index());
    assertThat(r.peerIndex()).isEqualTo(l.index());
    assertThat(engine.namespaceOfNsid(ns.get(0), l.linkNetnsId())).contains(ns.get(1));
    assertThat(engine.namespaceOfNsid(ns.get(1), r.linkNetnsId())).contains(ns.get(0));
    awaitReady(ns.get(0), "v-left");
    awaitReady(ns.get(1), "v-right");
    assertThat(link(ns.get(0), "v-left").operState()).isEqualTo("UP");
    assertThat(link(ns.get(0), "v-left").qdisc()).isNotEqualTo("noop");
  }

  @Test
  void vethWithBothEndsInOneNamespace() {
    String n = namespaces("single").get(0);
    engine.createVeth(new VethSpec(n, "x0", n, "x1", 0, null));
    assertThat(link(n, "x0").kind()).isEqualTo("veth");
    assertThat(link(n, "x1").isUp()).isTrue();
    assertThat(link(n, "x0").linkNetnsId()).isEqualTo(-1);
  }

  @Test
  void vethWithATakenNameFailsWithFileExists() {
    List<String> ns = namespaces("l", "r");
    engine.createVeth(new VethSpec(ns.get(0), "dup0", ns.get(1), "p0", 0, null));
    assertThatThrownBy(() -> engine.createVeth(new VethSpec(ns.get(0), "dup0", ns.get(1), "p1", 0, null)))
        .isInstanceOf(NetnsException.class).hasMessageContaining("File exists");
  }

  // ------------------------------------------------------------------ ops

  @Test
  void linkUpDownMtuAlias() {
    List<String> ns = pair();
    String n = ns.get(0);
    engine.apply(n, List.of(new NetOp.LinkDown("a")));
    assertThat(link(n, "a").isUp()).isFalse();
    awaitFlag(ns.get(1), "b", "NO-CARRIER");
    engine.apply(n, List.of(new NetOp.LinkUp("a"), new NetOp.SetMtu("a", 1300), new NetOp.SetAlias("a", "hello there")));
    LinkState a = link(n, "a");
    assertThat(a.isUp()).isTrue();
    assertThat(a.mtu()).isEqualTo(1300);
    assertThat(a.alias()).isEqualTo("hello there");
  }

  @Test
  void addressesOfBothFamilies() {
    List<String> ns = pair();
    assertThat(link(ns.get(0), "a").addresses()).contains("10.0.0.1/24", "fd00::1/64");
    assertThat(link(ns.get(1), "b").addresses()).contains("10.0.0.2/24", "fd00::2/64");
    engine.apply(ns.get(0), List.of(new NetOp.AddAddress("a", "198.51.100.7/32")));
    assertThat(link(ns.get(0), "a").addresses()).contains("198.51.100.7/32");
  }

  @Test
  void addingAnAddressTwiceFailsWithFileExists() {
    List<String> ns = pair();
    assertThatThrownBy(() -> engine.apply(ns.get(0), List.of(new NetOp.AddAddress("a", "10.0.0.1/24"))))
        .isInstanceOf(NetnsException.class).hasMessageContaining("10.0.0.1/24")
        .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("File exists", "already assigned"));
  }

  @Test
  void missingDeviceIsNamed() {
    String n = namespaces("nodev").get(0);
    assertThatThrownBy(() -> engine.apply(n, List.of(new NetOp.LinkUp("nope0"))))
        .isInstanceOf(NetnsException.class).hasMessageContaining("Cannot find device \"nope0\"");
    assertThatThrownBy(() -> engine.apply(n, List.of(new NetOp.AddAddress("nope1", "10.9.0.1/24"))))
        .isInstanceOf(NetnsException.class).hasMessageContaining("nope1");
  }

  @Test
  void aMultipathRouteIsOneRoutePerNextHop() {
    String n = pair().get(0);
    ExecResult add = engine.exec(n, ExecRequest.of(List.of("ip", "route", "add", "198.51.100.0/24",
        "nexthop", "via", "10.0.0.2", "dev", "a", "nexthop", "via", "10.0.0.3", "dev", "a")));
    assertThat(add.exitCode()).as(add.stderr()).isZero();
    assertThat(engine.routes(n)).filteredOn(r -> "198.51.100.0/24".equals(r.destination()))
        .extracting(Route::gateway, Route::device)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("10.0.0.2", "a"),
            org.assertj.core.groups.Tuple.tuple("10.0.0.3", "a"));
  }

  @Test
  void routesAddShowDelete() {
    List<String> ns = pair();
    String n = ns.get(0);
    engine.apply(n, List.of(
        new NetOp.AddRoute("default", "10.0.0.2", null),
        new NetOp.AddRoute("198.51.100.0/24", "10.0.0.2", "a"),
        new NetOp.AddRoute("203.0.113.0/24", null, "a"),
        new NetOp.AddRoute("default", "fd00::2", null),
        new NetOp.AddRoute("fd00:9::/64", "fd00::2", "a")));
    List<Route> routes = engine.routes(n);
    assertThat(routes).anySatisfy(r -> {
      assertThat(r.isDefault()).isTrue();
      assertThat(r.family()).isEqualTo(4);
      assertThat(r.gateway()).isEqualTo("10.0.0.2");
      assertThat(r.device()).isEqualTo("a");
    });
    assertThat(routes).anySatisfy(r -> {
      assertThat(r.destination()).isEqualTo("198.51.100.0/24");
      assertThat(r.gateway()).isEqualTo("10.0.0.2");
    });
    assertThat(routes).anySatisfy(r -> {
      assertThat(r.destination()).isEqualTo("203.0.113.0/24");
      assertThat(r.gateway()).isNull();
      assertThat(r.scope()).isEqualTo("link");
    });
    assertThat(routes).anySatisfy(r -> {
      assertThat(r.destination()).isEqualTo("10.0.0.0/24");
      assertThat(r.protocol()).isEqualTo("kernel");
      assertThat(r.source()).isEqualTo("10.0.0.1");
      assertThat(r.table()).isEqualTo("main");
    });
    assertThat(routes).anySatisfy(r -> {
      assertThat(r.isDefault()).isTrue();
      assertThat(r.family()).isEqualTo(6);
      assertThat(r.gateway()).isEqualTo("fd00::2");
    });
    assertThat(routes).anySatisfy(r -> {
      assertThat(r.destination()).isEqualTo("fd00:9::/64");
      assertThat(r.family()).isEqualTo(6);
    });
    engine.apply(n, List.of(new NetOp.DeleteRoute("198.51.100.0/24"), new NetOp.DeleteRoute("default")));
    List<Route> after = engine.routes(n);
    assertThat(after).noneMatch(r -> "198.51.100.0/24".equals(r.destination()));
    assertThat(after).noneMatch(r -> r.isDefault() && r.family() == 4);
    assertThat(after).anyMatch(r -> r.isDefault() && r.family() == 6);
  }

  @Test
  void routeDeleteWithGatewayAndDeviceRemovesOnlyThatRoute() {
    List<String> ns = pair();
    String n = ns.get(0);
    engine.apply(n, List.of(new NetOp.AddRoute("198.51.100.0/24", "10.0.0.2", "a")));
    // the same destination via another gateway, behind it (a higher metric): NetOp has no metric
    ExecResult add = engine.exec(n, ExecRequest.of(List.of("ip", "route", "add", "198.51.100.0/24",
        "via", "10.0.0.3", "dev", "a", "metric", "10")));
    assertThat(add.exitCode()).as(add.stderr()).isZero();
    assertThatThrownBy(() -> engine.apply(n, List.of(new NetOp.DeleteRoute("198.51.100.0/24", "10.0.0.9", "a"))))
        .as("no route has that gateway").isInstanceOf(NetnsException.class);
    engine.apply(n, List.of(new NetOp.DeleteRoute("198.51.100.0/24", "10.0.0.3", "a")));
    assertThat(engine.routes(n)).filteredOn(r -> "198.51.100.0/24".equals(r.destination()))
        .as("the first route to the destination stays; only the named one went")
        .extracting(Route::gateway).containsExactly("10.0.0.2");
  }

  @Test
  void permanentNeighboursAddShowDelete() {
    List<String> ns = pair();
    String n = ns.get(0);
    engine.apply(n, List.of(
        new NetOp.AddNeighbour("10.0.0.9", "02:AA:bb:cc:dd:01", "a"),
        new NetOp.AddNeighbour("fd00::9", "02:aa:bb:cc:dd:02", "a")));
    List<dev.netns.Neighbour> table = engine.neighbours(n);
    assertThat(table).contains(
        new dev.netns.Neighbour("10.0.0.9", "02:aa:bb:cc:dd:01", "a", "PERMANENT"),
        new dev.netns.Neighbour("fd00::9", "02:aa:bb:cc:dd:02", "a", "PERMANENT"));
    assertThat(engine.neighbours(ns.get(1))).as("the peer's table is its own").noneMatch(e -> e.address().endsWith("::9")
        || e.address().equals("10.0.0.9"));
    // replace, not add: the same address again takes the new MAC
    engine.apply(n, List.of(new NetOp.AddNeighbour("10.0.0.9", "02:aa:bb:cc:dd:03", "a")));
    assertThat(engine.neighbours(n)).filteredOn(e -> e.address().equals("10.0.0.9"))
        .containsExactly(new dev.netns.Neighbour("10.0.0.9", "02:aa:bb:cc:dd:03", "a", "PERMANENT"));
    engine.apply(n, List.of(new NetOp.DeleteNeighbour("10.0.0.9", "a")));
    List<dev.netns.Neighbour> after = engine.neighbours(n);
    assertThat(after).noneMatch(e -> e.address().equals("10.0.0.9"));
    assertThat(after).contains(new dev.netns.Neighbour("fd00::9", "02:aa:bb:cc:dd:02", "a", "PERMANENT"));
    // a ping resolves the peer: a learned entry with the peer's MAC
    assertThat(engine.ping(n, "10.0.0.2", PROBE).success()).isTrue();
    String peerMac = link(ns.get(1), "b").mac();
    assertThat(engine.neighbours(n)).anySatisfy(e -> {
      assertThat(e.address()).isEqualTo("10.0.0.2");
      assertThat(e.mac()).isEqualTo(peerMac);
      assertThat(e.device()).isEqualTo("a");
      assertThat(e.state()).isIn("REACHABLE", "STALE", "DELAY", "PROBE");
    });
  }

  @Test
  void neighbourErrorsNameTheDeviceOrEntry() {
    List<String> ns = pair();
    String n = ns.get(0);
    assertThatThrownBy(() -> engine.apply(n, List.of(new NetOp.AddNeighbour("10.0.0.9", "02:aa:bb:cc:dd:01", "nope2"))))
        .isInstanceOf(NetnsException.class).hasMessageContaining("nope2");
    assertThatThrownBy(() -> engine.apply(n, List.of(new NetOp.DeleteNeighbour("10.0.0.9", "nope3"))))
        .isInstanceOf(NetnsException.class).hasMessageContaining("nope3");
    assertThatThrownBy(() -> engine.apply(n, List.of(new NetOp.DeleteNeighbour("10.0.0.77", "a"))))
        .isInstanceOf(NetnsException.class).hasMessageContaining("10.0.0.77")
        .hasMessageContaining("No such file or directory");
    assertThatThrownBy(() -> engine.neighbours(name("absent")))
        .isInstanceOf(NetnsException.class).hasMessageContaining("absent");
  }

  @Test
  void bridgeAndMaster() {
    List<String> ns = namespaces("br", "leg");
    engine.apply(ns.get(0), List.of(new NetOp.AddBridge("br0"), new NetOp.LinkUp("br0")));
    engine.createVeth(new VethSpec(ns.get(0), "port0", ns.get(1), "leg0", 0, null));
    engine.apply(ns.get(0), List.of(new NetOp.SetMaster("port0", "br0")));
    assertThat(link(ns.get(0), "br0").kind()).isEqualTo("bridge");
    assertThat(link(ns.get(0), "port0").master()).isEqualTo("br0");
    assertThat(link(ns.get(0), "br0").master()).isNull();
    assertThatThrownBy(() -> engine.apply(ns.get(0), List.of(new NetOp.SetMaster("port0", "nobr0"))))
        .isInstanceOf(NetnsException.class).hasMessageContaining("nobr0");
  }

  @Test
  void moveAndDeleteLinks() {
    List<String> ns = namespaces("from", "to", "peer");
    engine.createVeth(new VethSpec(ns.get(0), "mv0", ns.get(2), "mv1", 0, null));
    engine.apply(ns.get(0), List.of(new NetOp.MoveLink("mv0", ns.get(1))));
    assertThat(findLink(ns.get(0), "mv0")).isEmpty();
    LinkState moved = link(ns.get(1), "mv0");
    assertThat(moved.isUp()).as("a moved link is down").isFalse();
    assertThat(engine.namespaceOfNsid(ns.get(1), moved.linkNetnsId())).contains(ns.get(2));
    engine.apply(ns.get(1), List.of(new NetOp.DeleteLink("mv0")));
    assertThat(findLink(ns.get(1), "mv0")).isEmpty();
    assertThat(findLink(ns.get(2), "mv1")).as("deleting one end deletes the pair").isEmpty();
  }

  @Test
  void sysctlIsPerNamespace() {
    List<String> ns = namespaces("fwd", "nofwd");
    engine.apply(ns.get(0), List.of(new NetOp.Sysctl("net.ipv4.ip_forward", "1")));
    assertThat(engine.readSysctl(ns.get(0), "net.ipv4.ip_forward")).isEqualTo("1");
    assertThat(engine.readSysctl(ns.get(1), "net.ipv4.ip_forward")).isEqualTo("0");
    assertThatThrownBy(() -> engine.readSysctl(ns.get(0), "net.ipv4.no_such_key"))
        .isInstanceOf(NetnsException.class).hasMessageContaining("no_such_key");
  }

  @Test
  void sysctlKeysThatLeaveProcSysAreRefusedBeforeAnythingIsWritten() throws Exception {
    List<String> ns = namespaces("sysk");
    java.nio.file.Path victim = java.nio.file.Path.of("/tmp", "junit-netns-sysctl-escape-" + ProcessHandle.current().pid());
    java.nio.file.Files.deleteIfExists(victim);
    try {
      for (String key : List.of("net/../../../../tmp/" + victim.getFileName(), "/tmp/" + victim.getFileName(),
          "net.ipv4..ip_forward", "net/ipv4/./ip_forward")) {
        assertThatThrownBy(() -> engine.apply(ns.get(0), List.of(new NetOp.Sysctl("net.ipv4.ip_forward", "1"),
            new NetOp.Sysctl(key, "pwned"))))
            .as(key).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"" + key + "\"");
        assertThatThrownBy(() -> engine.readSysctl(ns.get(0), key)).as(key)
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"" + key + "\"");
      }
      assertThat(victim).as("a file outside /proc/sys").doesNotExist();
      assertThat(engine.readSysctl(ns.get(0), "net.ipv4.ip_forward")).as("nothing written, not even the good key")
          .isEqualTo("0");
    } finally {
      java.nio.file.Files.deleteIfExists(victim);
    }
  }

  // ------------------------------------------------------------------ probes

  @Test
  void pingBothFamilies() {
    List<String> ns = pair();
    ProbeResult v4 = engine.ping(ns.get(0), "10.0.0.2", PROBE);
    assertThat(v4.success()).as(v4.detail()).isTrue();
    assertThat(v4.target()).isEqualTo("10.0.0.2");
    assertThat(v4.detail()).contains("10.0.0.2");
    assertThat(v4.elapsed()).isLessThan(PROBE);
    ProbeResult v6 = engine.ping(ns.get(1), "fd00::1", PROBE);
    assertThat(v6.success()).as(v6.detail()).isTrue();
    assertThat(engine.ping(ns.get(0), "127.0.0.1", PROBE).success()).isTrue();
  }

  @Test
  void pingWithoutAnswerOrRoute() {
    List<String> ns = pair();
    ProbeResult silent = engine.ping(ns.get(0), "10.0.0.99", SHORT);
    assertThat(silent.success()).isFalse();
    assertThat(silent.detail()).isNotBlank();
    assertThat(silent.elapsed()).isGreaterThanOrEqualTo(SHORT.minusMillis(50));
    ProbeResult noRoute = engine.ping(ns.get(0), "192.0.2.1", SHORT);
    assertThat(noRoute.success()).isFalse();
    assertThat(noRoute.detail()).containsIgnoringCase("Network is unreachable");
  }

  @Test
  void connectOutcomes() throws Exception {
    List<String> ns = pair();
    try (AutoCloseable l = listen(ns.get(1), "10.0.0.2", 8080)) {
      ProbeResult ok = engine.connect(ns.get(0), "10.0.0.2", 8080, PROBE);
      assertThat(ok.success()).as(ok.detail()).isTrue();
      assertThat(ok.detail()).isEqualTo("connected");
      assertThat(ok.target()).isEqualTo("10.0.0.2:8080");
    }
    ProbeResult refused = engine.connect(ns.get(0), "10.0.0.2", 8081, PROBE);
    assertThat(refused.success()).isFalse();
    assertThat(refused.detail()).containsIgnoringCase("Connection refused");
    ProbeResult unreachable = engine.connect(ns.get(0), "192.0.2.1", 80, SHORT);
    assertThat(unreachable.success()).isFalse();
    assertThat(unreachable.detail()).containsIgnoringCase("Network is unreachable");
    ProbeResult silent = engine.connect(ns.get(0), "10.0.0.99", 80, SHORT);
    assertThat(silent.success()).isFalse();
    assertThat(silent.detail()).isEqualTo("timed out after " + SHORT.toMillis() + " ms");
  }

  @Test
  void connectOverIpv6() throws Exception {
    List<String> ns = pair();
    try (AutoCloseable l = listen(ns.get(1), "fd00::2", 8443)) {
      ProbeResult ok = engine.connect(ns.get(0), "fd00::2", 8443, PROBE);
      assertThat(ok.success()).as(ok.detail()).isTrue();
      assertThat(ok.target()).isEqualTo("[fd00::2]:8443");
    }
  }

  /** Starts a UDP echo responder on {@code ip:port} inside {@code ns}; a remote target overrides this. */
  protected AutoCloseable listenUdp(String ns, String ip, int port) throws Exception {
    return dev.netns.internal.local.LocalUdpListener.open(engine.pathOf(ns), ip, port);
  }

  @Test
  void udpOutcomes() throws Exception {
    List<String> ns = pair();
    try (AutoCloseable l = listenUdp(ns.get(1), "10.0.0.2", 5353)) {
      ProbeResult ok = engine.connectUdp(ns.get(0), "10.0.0.2", 5353, PROBE);
      assertThat(ok.success()).as(ok.detail()).isTrue();
      assertThat(ok.target()).isEqualTo("10.0.0.2:5353");
    }
    try (AutoCloseable l = listenUdp(ns.get(1), "fd00::2", 5353)) {
      ProbeResult ok6 = engine.connectUdp(ns.get(0), "fd00::2", 5353, PROBE);
      assertThat(ok6.success()).as(ok6.detail()).isTrue();
    }
    ProbeResult refused = engine.connectUdp(ns.get(0), "10.0.0.2", 5354, PROBE);
    assertThat(refused.success()).isFalse();
    assertThat(refused.detail()).contains("Connection refused");
    ProbeResult silent = engine.connectUdp(ns.get(0), "10.0.0.99", 53, SHORT);
    assertThat(silent.success()).isFalse();
    assertThat(silent.detail()).isEqualTo("no echo within " + SHORT.toMillis() + " ms");
  }

  /** red - router - blue, the router's link to blue at MTU 1400: a 1472-byte DF echo meets "frag needed". */
  @Test
  void dontFragmentPingLearnsThePathMtu() {
    List<String> ns = namespaces("red", "rtr", "blue");
    engine.createVeth(new VethSpec(ns.get(0), "a", ns.get(1), "r0", 0, null));
    engine.createVeth(new VethSpec(ns.get(1), "r1", ns.get(2), "b", 1400, null));
    engine.apply(ns.get(0), List.of(new NetOp.LinkUp("a"), new NetOp.AddAddress("a", "10.0.1.1/24"),
        new NetOp.AddRoute("default", "10.0.1.254", null)));
    engine.apply(ns.get(1), List.of(new NetOp.LinkUp("r0"), new NetOp.LinkUp("r1"),
        new NetOp.AddAddress("r0", "10.0.1.254/24"), new NetOp.AddAddress("r1", "10.0.2.254/24"),
        new NetOp.Sysctl("net.ipv4.ip_forward", "1")));
    engine.apply(ns.get(2), List.of(new NetOp.LinkUp("b"), new NetOp.AddAddress("b", "10.0.2.2/24"),
        new NetOp.AddRoute("default", "10.0.2.254", null)));
    awaitReady(ns.get(0), "a");
    awaitReady(ns.get(2), "b");
    ProbeResult small = engine.ping(ns.get(0), "10.0.2.2", 1372, PROBE);
    assertThat(small.success()).as(small.detail()).isTrue();
    ProbeResult big = engine.ping(ns.get(0), "10.0.2.2", 1472, PROBE);
    assertThat(big.success()).isFalse();
    assertThat(big.detail()).containsPattern("(?i)frag needed|mtu ?= ?1400");
    assertThat(big.elapsed()).isLessThan(PROBE);
    ProbeResult again = engine.ping(ns.get(0), "10.0.2.2", 1472, PROBE);
    assertThat(again.success()).isFalse();
    assertThat(again.detail()).containsPattern("(?i)too long");
    ExecResult route = engine.exec(ns.get(0), ExecRequest.of(List.of("ip", "route", "get", "10.0.2.2")));
    assertThat(route.stdout()).contains("mtu 1400");
  }

  // ------------------------------------------------------------------ reads

  @Test
  void linksDescribeVethPeers() {
    List<String> ns = pair();
    LinkState a = link(ns.get(0), "a");
    LinkState b = link(ns.get(1), "b");
    assertThat(a.isReady()).isTrue();
    assertThat(a.flags()).contains("BROADCAST", "MULTICAST", "UP", "LOWER_UP");
    assertThat(a.operState()).isEqualTo("UP");
    assertThat(a.peerIndex()).isEqualTo(b.index());
    assertThat(engine.namespaceOfNsid(ns.get(0), a.linkNetnsId())).contains(ns.get(1));
    assertThat(engine.namespaceOfNsid(ns.get(0), 4242)).isEmpty();
  }

  @Test
  void execRunsInsideTheNamespace() {
    List<String> ns = pair();
    ExecResult r = engine.exec(ns.get(0), ExecRequest.of(List.of("ip", "-o", "-4", "addr", "show", "dev", "a")));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).contains("10.0.0.1/24");
  }

  @Test
  void unknownNamespaceIsNamed() {
    String n = name("ghost");
    assertThatThrownBy(() -> engine.links(n)).isInstanceOf(NetnsException.class).hasMessageContaining(n);
    assertThatThrownBy(() -> engine.apply(n, List.of(new NetOp.LinkUp("lo"))))
        .isInstanceOf(NetnsException.class).hasMessageContaining(n);
  }

  // ------------------------------------------------------------------ concurrency

  @Test
  void parallelFixturesDoNotInterfere() {
    int threads = 4;
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      all.add(CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 2; i++) {
          List<String> ns = List.of(name("par"), name("par"));
          engine.createNamespaces(ns);
          engine.createVeth(new VethSpec(ns.get(0), "p0", ns.get(1), "p1", 0, null));
          engine.apply(ns.get(0), List.of(new NetOp.AddAddress("p0", "10.1.0.1/30")));
          engine.apply(ns.get(1), List.of(new NetOp.AddAddress("p1", "10.1.0.2/30")));
          awaitReady(ns.get(0), "p0");
          awaitReady(ns.get(1), "p1");
          ProbeResult p = engine.ping(ns.get(0), "10.1.0.2", PROBE);
          assertThat(p.success()).as(p.detail()).isTrue();
          engine.deleteNamespaces(ns);
        }
      }, r -> {
        Thread th = new Thread(r, "contract-parallel");
        th.setDaemon(true);
        th.start();
      }));
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
  }
}
