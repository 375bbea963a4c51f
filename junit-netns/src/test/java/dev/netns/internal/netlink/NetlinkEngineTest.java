package dev.netns.internal.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.ExecResult;
import dev.netns.NetnsException;
import dev.netns.ProbeResult;
import dev.netns.Route;
import dev.netns.internal.ip.IpEngine;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.spi.LinkState;
import dev.netns.internal.spi.NetOp;
import dev.netns.internal.spi.VethSpec;
import dev.netns.internal.local.LocalCommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 * What only the native engine has to prove: it reads the kernel exactly as iproute2 does, keeps
 * no namespace alive that was deleted behind its back, and its per-namespace sockets work from
 * many threads at once.
 */
// one test at a time within the class: @AfterEach deletes what the class made so far
@Execution(ExecutionMode.SAME_THREAD)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetlinkEngineTest {

  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36);

  /** Rootless, {@code ip netns add} acts from a namespace of the JVM's user namespace (README "Rootless"). */
  private static List<String> hostSide(String... argv) {
    List<String> full = new java.util.ArrayList<>(dev.netns.internal.local.Rootless.hostSidePrefix());
    full.addAll(List.of(argv));
    return full;
  }

  private NetlinkEngine engine;
  private final IpEngine ip = dev.netns.internal.local.LocalBackend.ipEngine();
  private final List<String> made = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  void start() {
    engine = NetlinkEngine.create(LocalCommandRunner.INSTANCE);
  }

  @AfterAll
  void stop() {
    engine.close();
  }

  @AfterEach
  void cleanUp() {
    List<String> left = new ArrayList<>(engine.listNamespaces());
    synchronized (made) {
      left.retainAll(made);
      made.clear();
    }
    if (!left.isEmpty()) engine.deleteNamespaces(left);
  }

  private String name(String tag) {
    String n = "nlt" + RUN + "-" + tag + "-" + SEQ.incrementAndGet();
    made.add(n);
    return n;
  }

  /** red and blue with a veth, addresses of both families, a bridge, routes: the state to compare. */
  private List<String> richPair() {
    List<String> ns = List.of(name("red"), name("blue"));
    engine.createNamespaces(ns);
    engine.createVeth(new VethSpec(ns.get(0), "a", ns.get(1), "b", 1450, "marker"));
    engine.createVeth(new VethSpec(ns.get(0), "c0", ns.get(0), "c1", 0, null));
    engine.apply(ns.get(0), List.of(new NetOp.AddAddress("a", "10.0.0.1/24"), new NetOp.AddAddress("a", "fd00::1/64"),
        new NetOp.AddBridge("br0"), new NetOp.SetMaster("c0", "br0"), new NetOp.LinkUp("br0"),
        new NetOp.AddAddress("br0", "198.51.100.1/25"),
        new NetOp.AddRoute("default", "10.0.0.2", null), new NetOp.AddRoute("203.0.113.0/24", null, "a"),
        new NetOp.AddRoute("203.0.113.77/32", "10.0.0.2", null), new NetOp.AddRoute("fd00:9::/48", "fd00::2", "a"),
        new NetOp.AddRoute("default", "fd00::2", null)));
    engine.apply(ns.get(1), List.of(new NetOp.AddAddress("b", "10.0.0.2/24"), new NetOp.AddAddress("b", "fd00::2/64")));
    awaitReady(ns.get(0), "a");
    awaitReady(ns.get(1), "b");
    return ns;
  }

  private void awaitReady(String ns, String dev) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (engine.links(ns).stream().noneMatch(l -> l.name().equals(dev) && l.isReady())) {
      if (System.nanoTime() > deadline) throw new AssertionError(dev + " not ready: " + engine.links(ns));
      Thread.onSpinWait();
    }
  }

  /**
   * Sysctls of the namespace the calling thread is in are read from files kept open, read again
   * from their start each time: a change must show at the next read.
   */
  @Test
  void sysctlsReadFromKeptFilesShowAChange() {
    String a = name("kept");
    engine.createNamespaces(List.of(a));
    String key = "net.ipv4.ip_forward";
    List<String> seen = NsThread.callIn(NamespaceFactory.RUN_DIR + "/" + a, "read", () -> {
      List<String> out = new ArrayList<>();
      out.add(engine.readSysctls(a, List.of(key)).get(key));
      engine.apply(a, List.of(new NetOp.Sysctl(key, "1")));
      out.add(engine.readSysctls(a, List.of(key)).get(key));
      engine.apply(a, List.of(new NetOp.Sysctl(key, "0")));
      out.add(engine.readSysctls(a, List.of(key, "net.no.such.key")).toString());
      return out;
    });
    assertThat(seen).containsExactly("0", "1", "{" + key + "=0}");
  }

  /**
   * The pollution check trusts its last read of links, addresses, routes and rules until the
   * kernel announces a change: so the watch must see one (here an address added in a namespace of
   * this test, watched from a thread inside it) and be quiet otherwise.
   */
  @Test
  void hostChangeWatchSeesAnAddressAndIsQuietOtherwise() {
    String a = name("watch");
    String b = name("watch");
    engine.createNamespaces(List.of(a, b));
    List<Boolean> seen = NsThread.callIn(NamespaceFactory.RUN_DIR + "/" + a, "watch", () -> {
      List<Boolean> out = new ArrayList<>();
      out.add(HostReads.linksOrRoutesChanged()); // first call: nothing known yet
      out.add(HostReads.linksOrRoutesChanged());
      engine.apply(a, List.of(new NetOp.AddAddress("lo", "10.77.0.1/32")));
      out.add(HostReads.linksOrRoutesChanged());
      out.add(HostReads.linksOrRoutesChanged());
      engine.apply(b, List.of(new NetOp.AddAddress("lo", "10.77.0.2/32"))); // another namespace: not seen here
      out.add(HostReads.linksOrRoutesChanged());
      return out;
    });
    assertThat(seen).containsExactly(true, false, true, false, false);
    // another namespace than the watch's: the answer is "changed", never a stale "no"
    assertThat(NsThread.callIn(NamespaceFactory.RUN_DIR + "/" + b, "watch", HostReads::linksOrRoutesChanged)).isTrue();
  }

  @Test
  void readsLinksExactlyAsIproute2() {
    List<String> ns = richPair();
    for (String n : ns) {
      List<LinkState> mine = engine.links(n);
      List<LinkState> theirs = ip.links(n);
      assertThat(mine).extracting(LinkState::name).containsExactlyElementsOf(theirs.stream().map(LinkState::name).toList());
      for (int i = 0; i < mine.size(); i++) {
        LinkState m = mine.get(i);
        LinkState t = theirs.get(i);
        // ip -json names a same-namespace peer instead of giving its index; everything else must match
        LinkState comparable = t.peerIndex() == -1 && m.linkNetnsId() == -1 && m.kind().equals("veth")
            ? new LinkState(t.name(), t.index(), t.flags(), t.mtu(), t.operState(), t.kind(), t.mac(), t.master(),
                m.peerIndex(), t.linkNetnsId(), t.alias(), t.addresses(), t.qdisc())
            : t;
        assertThat(m).as("link %s in %s", m.name(), n).isEqualTo(comparable);
      }
    }
  }

  @Test
  void readsRoutesExactlyAsIproute2() {
    List<String> ns = richPair();
    for (String n : ns) {
      assertThat(engine.routes(n)).as("routes of %s", n).containsExactlyElementsOf(ip.routes(n));
    }
    List<Route> routes = engine.routes(ns.get(0));
    assertThat(routes).extracting(Route::toString).contains("203.0.113.77 via 10.0.0.2 dev a",
        "default via fd00::2 dev a", "fd00:9::/48 via fd00::2 dev a", "203.0.113.0/24 dev a scope link");
  }

  @Test
  void formatsIpv6LikeInetNtop() {
    assertThat(Inet.format(Inet.address("fd00:0:0:0:0:0:0:1", "t"))).isEqualTo("fd00::1");
    assertThat(Inet.format(Inet.address("2001:db8:0:1:0:0:0:1", "t"))).isEqualTo("2001:db8:0:1::1");
    assertThat(Inet.format(Inet.address("2001:db8:0:0:1:0:0:1", "t"))).isEqualTo("2001:db8::1:0:0:1");
    assertThat(Inet.format(Inet.address("2001:db8:1:1:1:1:0:1", "t"))).isEqualTo("2001:db8:1:1:1:1:0:1");
    assertThat(Inet.format(Inet.address("::", "t"))).isEqualTo("::");
    assertThat(Inet.format(Inet.address("::1", "t"))).isEqualTo("::1");
    assertThat(Inet.format(Inet.address("fe80::", "t"))).isEqualTo("fe80::");
    assertThat(Inet.format(Inet.address("::ffff:192.0.2.1", "t"))).isEqualTo("::ffff:192.0.2.1");
    assertThat(Inet.format(Inet.address("203.0.113.9", "t"))).isEqualTo("203.0.113.9");
  }

  @Test
  void sysctlWritesReachOnlyTheNamespace() {
    String n = name("sys");
    engine.createNamespaces(List.of(n));
    String root = engine.readSysctl(null, "net.ipv4.conf.all.forwarding");
    String flipped = "1".equals(root) ? "0" : "1";
    engine.apply(n, List.of(new NetOp.Sysctl("net.ipv4.conf.all.forwarding", flipped)));
    assertThat(engine.readSysctl(n, "net.ipv4.conf.all.forwarding")).isEqualTo(flipped);
    assertThat(engine.readSysctl(null, "net.ipv4.conf.all.forwarding")).as("the machine's own namespace").isEqualTo(root);
    ExecResult viaIp = engine.exec(n, ExecRequest.of(List.of("sysctl", "-n", "net.ipv4.conf.all.forwarding")));
    assertThat(viaIp.stdout().strip()).isEqualTo(flipped);
  }

  @Test
  void forgetsNamespacesDeletedBehindItsBack() {
    String n = name("gone");
    engine.createNamespaces(List.of(n));
    engine.ping(n, "127.0.0.1", Duration.ofSeconds(1));
    assertThat(engine.cachedInodes()).containsKey(n);
    ExecResult del = engine.exec(null, ExecRequest.of(List.of("ip", "netns", "del", n)));
    assertThat(del.exitCode()).isZero();
    assertThat(engine.listNamespaces()).doesNotContain(n);
    assertThat(engine.cachedInodes()).as("no descriptor keeps the deleted namespace alive").doesNotContainKey(n);
  }

  @Test
  void noticesANameThatNowMeansAnotherNamespace() {
    String n = name("swap");
    engine.createNamespaces(List.of(n));
    engine.apply(n, List.of(new NetOp.AddBridge("mine0")));
    long before = engine.cachedInodes().get(n);
    assertThat(engine.exec(null, ExecRequest.of(List.of("ip", "netns", "del", n))).exitCode()).isZero();
    assertThat(engine.exec(null, ExecRequest.of(hostSide("ip", "netns", "add", n))).exitCode()).isZero();
    assertThat(engine.links(n)).extracting(LinkState::name).containsExactly("lo");
    assertThat(engine.cachedInodes().get(n)).isNotEqualTo(before);
  }

  @Test
  void probesFromManyThreadsInOneNamespace() {
    List<String> ns = richPair();
    List<CompletableFuture<ProbeResult>> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String target = i % 2 == 0 ? "10.0.0.2" : "fd00::2";
      all.add(CompletableFuture.supplyAsync(() -> engine.ping(ns.get(0), target, Duration.ofSeconds(2)), r -> {
        Thread t = new Thread(r, "probe");
        t.setDaemon(true);
        t.start();
      }));
    }
    for (CompletableFuture<ProbeResult> f : all) {
      ProbeResult p = f.join();
      assertThat(p.success()).as(p.detail()).isTrue();
    }
  }

  @Test
  void icmpErrorsAreReported() {
    List<String> ns = richPair();
    // an address of the local subnet nobody has: the kernel answers with host unreachable once
    // ARP gives up (made quick here: one solicitation, 100 ms)
    engine.apply(ns.get(0), List.of(new NetOp.Sysctl("net.ipv4.neigh.a.mcast_solicit", "1"),
        new NetOp.Sysctl("net.ipv4.neigh.a.retrans_time_ms", "100")));
    ProbeResult p = engine.ping(ns.get(0), "10.0.0.77", Duration.ofSeconds(5));
    assertThat(p.success()).isFalse();
    assertThat(p.detail()).contains("Destination Host Unreachable");
  }

  @Test
  void refusesBadNames() {
    assertThatThrownBy(() -> engine.createNamespaces(List.of("../etc")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../etc");
    assertThatThrownBy(() -> engine.readSysctl(null, "../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namespacesMadeAheadOfTimeAreFreshAndUnlisted() {
    NetlinkEngine other = NetlinkEngine.create(LocalCommandRunner.INSTANCE);
    try {
      String first = name("first");
      other.createNamespaces(List.of(first));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (other.preparedCount() < 4) {
        assertThat(System.nanoTime()).as("prepared namespaces after 10 s: %d", other.preparedCount()).isLessThan(deadline);
        Thread.onSpinWait();
      }
      List<String> listed = other.listNamespaces();
      assertThat(listed).contains(first);
      String second = name("second");
      other.createNamespaces(List.of(second));
      assertThat(other.preparedCount()).as("one was taken").isLessThan(4);
      assertThat(other.links(second)).singleElement().satisfies(lo -> {
        assertThat(lo.name()).isEqualTo("lo");
        assertThat(lo.isUp()).isTrue();
      });
      assertThat(other.readSysctl(second, "net.ipv6.conf.default.accept_dad")).isEqualTo("0");
      ExecResult ipSees = other.exec(null, ExecRequest.of(List.of("ip", "netns", "list")));
      assertThat(ipSees.stdout()).contains(second);
      other.deleteNamespaces(List.of(first, second));
    } finally {
      other.close();
    }
    assertThat(other.preparedCount()).as("close ends the namespaces made ahead").isZero();
  }

  @Test
  void worksWithoutNamespacesMadeAhead() {
    NetlinkEngine other = NetlinkEngine.create(LocalCommandRunner.INSTANCE, 0);
    try {
      List<String> ns = List.of(name("cold"), name("cold"));
      other.createNamespaces(ns);
      other.createNamespaces(List.of(name("cold")));
      assertThat(other.preparedCount()).isZero();
      assertThat(other.links(ns.get(1))).extracting(LinkState::name).containsExactly("lo");
      assertThatThrownBy(() -> other.createNamespaces(List.of(ns.get(0), name("cold"))))
          .isInstanceOf(NetnsException.class).hasMessageContaining("File exists");
    } finally {
      other.close();
    }
  }

  @Test
  void closedEngineSaysSo() {
    NetlinkEngine other = NetlinkEngine.create(LocalCommandRunner.INSTANCE);
    other.close();
    assertThatThrownBy(() -> other.links(null)).isInstanceOf(NetnsException.class).hasMessageContaining("closed");
  }
}
