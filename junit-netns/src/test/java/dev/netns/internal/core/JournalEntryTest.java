package dev.netns.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Neighbour;
import dev.netns.Route;
import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.LinkState;
import dev.netns.internal.spi.NetOp;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ownership journal's lines: every kind formats and parses back to itself (in a namespace and
 * in the target's own), lines written by earlier versions still read, bad lines never throw, and
 * undoing an entry touches only what is still exactly as the dead run left it. No root needed:
 * undo runs against a recording stand-in engine.
 */
class JournalEntryTest {

  private static final String KEY = "local";

  @Test
  void everyKindRoundTripsInANamespaceAndInTheTargetsOwn() {
    List<JournalEntry> entries = List.of(
        new JournalEntry.Namespace(KEY, "jn-abcde-red-1"),
        new JournalEntry.Link(KEY, "pod-1", "jnabcde1"),
        new JournalEntry.Link(KEY, null, "jnabcde2"),
        new JournalEntry.Sysctl(KEY, "pod-1", "net/ipv4/ip_forward", "0"),
        new JournalEntry.Sysctl(KEY, null, "net.ipv6.conf.all.forwarding", "1"),
        new JournalEntry.Sysctl(KEY, null, "net/ipv4/ping_group_range", ""),
        new JournalEntry.Route(KEY, "pod-1", "10.1.0.0/24", "10.0.0.254", "eth0"),
        new JournalEntry.Route(KEY, null, "10.1.0.0/24", null, "eth0"),
        new JournalEntry.Route(KEY, null, "::/0", "fd00::1", null),
        new JournalEntry.Neighbour(KEY, "pod-1", "10.7.0.3", "nb0", "02:aa:bb:cc:dd:02"),
        new JournalEntry.Neighbour(KEY, null, "fd00:7::3", "nb0", "02:aa:bb:cc:dd:03"));
    for (JournalEntry e : entries) {
      String line = e.format();
      assertThat(line).as("one line per entry").doesNotContain("\n");
      assertThat(JournalEntry.parse(line)).as(line).contains(e);
    }
  }

  @Test
  void theTargetsOwnNamespaceIsWrittenAsADashAndReadAsNull() {
    JournalEntry.Route r = new JournalEntry.Route(KEY, null, "10.1.0.0/24", null, "eth0");
    assertThat(r.format()).isEqualTo("route\tlocal\t-\t10.1.0.0/24\t-\teth0");
    JournalEntry.Route back = (JournalEntry.Route) JournalEntry.parse(r.format()).orElseThrow();
    assertThat(back.ns()).isNull();
    assertThat(back.gateway()).isNull();
    assertThat(new JournalEntry.Link("kind:n", null, "jnx1").format()).isEqualTo("link\tkind:n\t-\tjnx1");
  }

  @Test
  void linesWrittenByThePreviousVersionStillRead() {
    assertThat(JournalEntry.parse("route\tKEY\t-\t10.1.0.0/24\t-\teth0"))
        .contains(new JournalEntry.Route("KEY", null, "10.1.0.0/24", null, "eth0"));
    assertThat(JournalEntry.parse("route\tKEY\tpod\tdefault\t10.0.0.1\t-"))
        .contains(new JournalEntry.Route("KEY", "pod", "default", "10.0.0.1", null));
    assertThat(JournalEntry.parse("ns\tKEY\tjn-abcde-ns-1")).contains(new JournalEntry.Namespace("KEY", "jn-abcde-ns-1"));
    assertThat(JournalEntry.parse("link\tKEY\t-\tjnabcde1")).contains(new JournalEntry.Link("KEY", null, "jnabcde1"));
    assertThat(JournalEntry.parse("sysctl\tKEY\t-\tnet/ipv4/ip_forward\t1"))
        .contains(new JournalEntry.Sysctl("KEY", null, "net/ipv4/ip_forward", "1"));
    assertThat(JournalEntry.parse("sysctl\tKEY\tpod\tnet/ipv4/ping_group_range\t0 2147483647"))
        .contains(new JournalEntry.Sysctl("KEY", "pod", "net/ipv4/ping_group_range", "0 2147483647"));
    assertThat(JournalEntry.parse("neigh\tKEY\tpod\t10.7.0.3\tnb0\t02:aa:bb:cc:dd:02"))
        .contains(new JournalEntry.Neighbour("KEY", "pod", "10.7.0.3", "nb0", "02:aa:bb:cc:dd:02"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "   ", "ns", "ns\tKEY", "ns\tKEY\t", "link\tKEY\t-", "route\tKEY\t-\t10.1.0.0/24\t-",
      "neigh\tKEY\t-\t10.7.0.3\tnb0", "sysctl\tKEY\t-\tnet/ipv4/ip_forward",
      "sysctl\tKEY\t-\tnet/../../../../tmp/x\tv", "sysctl\tKEY\t-\t/etc/passwd\tv",
      "bridge\tKEY\t-\tbr0", "garbage", "route\t\t-\t10.1.0.0/24\t-\teth0", "link\tKEY\t-\t-"})
  void unknownOrMalformedLinesAreEmptyNeverAnException(String line) {
    assertThat(JournalEntry.parse(line)).isEmpty();
  }

  @Test
  void anEntryRefusesAFieldThatWouldBreakItsLine() {
    assertThatThrownBy(() -> new JournalEntry.Link(KEY, "a\tb", "jn1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a\tb");
    assertThatThrownBy(() -> new JournalEntry.Route(KEY, null, "-", null, "eth0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("route destination");
    assertThatThrownBy(() -> new JournalEntry.Sysctl(KEY, null, "net/../../x", "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("net/../../x");
    // a value read from the kernel may hold a tab: it stays one field
    assertThat(new JournalEntry.Sysctl(KEY, null, "net/ipv4/ping_group_range", "0\t1").format())
        .endsWith("\tnet/ipv4/ping_group_range\t0 1");
  }

  // ---------------------------------------------------------------- undo against a stand-in engine

  /** Records what the code under test asks of an engine; answers reads from the lists given. */
  private static final class FakeEngine {
    final List<String> namespaces = new ArrayList<>();
    final List<Route> routes = new ArrayList<>();
    final List<LinkState> links = new ArrayList<>();
    final List<Neighbour> neighbours = new ArrayList<>();
    final List<String> applied = new ArrayList<>();
    final List<List<String>> deleted = new ArrayList<>();
    RuntimeException failApplyOf;

    @SuppressWarnings("unchecked")
    Engine engine() {
      return (Engine) Proxy.newProxyInstance(Engine.class.getClassLoader(), new Class<?>[] {Engine.class},
          (proxy, m, args) -> switch (m.getName()) {
            case "listNamespaces" -> List.copyOf(namespaces);
            case "routes" -> List.copyOf(routes);
            case "links" -> List.copyOf(links);
            case "neighbours" -> List.copyOf(neighbours);
            case "deleteNamespaces" -> {
              deleted.add(List.copyOf((List<String>) args[0]));
              yield null;
            }
            case "apply" -> {
              for (NetOp op : (List<NetOp>) args[1]) {
                String words = (args[0] == null ? "" : args[0] + ": ") + NetOp.words(op);
                if (failApplyOf != null && words.contains("sysctl")) throw failApplyOf;
                applied.add(words);
              }
              yield null;
            }
            case "describe", "toString" -> "fake engine";
            default -> throw new UnsupportedOperationException(m.getName());
          });
    }
  }

  private static Route route(String dest, String gw, String dev, int family) {
    return new Route(dest, gw, dev, "main", "boot", gw == null ? "link" : "global", null, family);
  }

  @Test
  void aRouteIsDeletedOnlyWhileDestinationGatewayAndDeviceMatch() {
    FakeEngine f = new FakeEngine();
    f.routes.add(route("10.1.0.0/24", "10.0.0.9", "eth0", 4)); // same destination, another gateway: not ours
    f.routes.add(route("10.2.0.0/24", null, "eth1", 4));
    Engine engine = f.engine();
    new JournalEntry.Route(KEY, null, "10.1.0.0/24", "10.0.0.254", "eth0").reap(engine, Set.of(), "abcde");
    new JournalEntry.Route(KEY, null, "10.2.0.0/24", null, "eth0").reap(engine, Set.of(), "abcde");
    assertThat(f.applied).as("no route there is exactly the journal's").isEmpty();

    f.routes.add(route("10.1.0.0/24", "10.0.0.254", "eth0", 4));
    new JournalEntry.Route(KEY, null, "10.1.0.0/24", "10.0.0.254", "eth0").reap(engine, Set.of(), "abcde");
    new JournalEntry.Route(KEY, null, "10.2.0.0/24", null, null).reap(engine, Set.of(), "abcde");
    assertThat(f.applied).containsExactly("route del 10.1.0.0/24 via 10.0.0.254 dev eth0",
        "route del 10.2.0.0/24 dev eth1");
  }

  @Test
  void defaultRoutesMatchByFamilyAndHostRoutesWithoutTheirPrefixLength() {
    FakeEngine f = new FakeEngine();
    f.routes.add(route("default", "fd00::1", "eth0", 6));
    f.routes.add(route("10.9.0.5", null, "eth0", 4));
    Engine engine = f.engine();
    new JournalEntry.Route(KEY, null, "default", "fd00::1", "eth0").reap(engine, Set.of(), "r");
    assertThat(f.applied).as("an IPv4 default is not the IPv6 one").isEmpty();
    new JournalEntry.Route(KEY, null, "::/0", "fd00::1", "eth0").reap(engine, Set.of(), "r");
    new JournalEntry.Route(KEY, null, "10.9.0.5/32", null, "eth0").reap(engine, Set.of(), "r");
    assertThat(f.applied).containsExactly("route del ::/0 via fd00::1 dev eth0", "route del 10.9.0.5/32 dev eth0");
  }

  @Test
  void nothingIsTouchedInANamespaceThatIsGone() {
    FakeEngine f = new FakeEngine();
    f.routes.add(route("10.1.0.0/24", null, "eth0", 4));
    f.neighbours.add(new Neighbour("10.7.0.3", "02:aa:bb:cc:dd:02", "nb0", "PERMANENT"));
    Engine engine = f.engine();
    new JournalEntry.Route(KEY, "gone", "10.1.0.0/24", null, "eth0").reap(engine, Set.of("other"), "r");
    new JournalEntry.Neighbour(KEY, "gone", "10.7.0.3", "nb0", "02:aa:bb:cc:dd:02").reap(engine, Set.of(), "r");
    new JournalEntry.Sysctl(KEY, "gone", "net/ipv4/ip_forward", "0").reap(engine, Set.of(), "r");
    new JournalEntry.Namespace(KEY, "gone").reap(engine, Set.of(), "r");
    assertThat(f.applied).isEmpty();
    assertThat(f.deleted).isEmpty();
  }

  @Test
  void aNeighbourOrLinkIsDeletedOnlyWhileItIsStillTheDeadRuns() {
    FakeEngine f = new FakeEngine();
    f.neighbours.add(new Neighbour("10.7.0.3", "02:aa:bb:cc:dd:99", "nb0", "PERMANENT")); // another MAC now
    f.neighbours.add(new Neighbour("10.7.0.4", "02:aa:bb:cc:dd:04", "nb0", "PERMANENT"));
    f.links.add(link("jnabcde1", "junit-netns:other"));
    f.links.add(link("jnabcde2", "junit-netns:abcde"));
    Engine engine = f.engine();
    new JournalEntry.Neighbour(KEY, null, "10.7.0.3", "nb0", "02:aa:bb:cc:dd:02").reap(engine, Set.of(), "abcde");
    new JournalEntry.Neighbour(KEY, null, "10.7.0.4", "nb0", "02:aa:bb:cc:dd:04").reap(engine, Set.of(), "abcde");
    new JournalEntry.Link(KEY, null, "jnabcde1").reap(engine, Set.of(), "abcde");
    new JournalEntry.Link(KEY, null, "jnabcde2").reap(engine, Set.of(), "abcde");
    assertThat(f.applied).containsExactly("neigh del 10.7.0.4 dev nb0", "link del dev jnabcde2");
  }

  @Test
  void reapAllUndoesNewestFirstThenDeletesTheNamespacesInOneBatchAndSurvivesAFailure() {
    FakeEngine f = new FakeEngine();
    f.namespaces.addAll(List.of("jn-r-a-1", "jn-r-b-2", "pod"));
    f.routes.add(route("10.1.0.0/24", null, "eth0", 4));
    f.failApplyOf = new dev.netns.NetnsException("refused");
    List<JournalEntry> entries = List.of(
        new JournalEntry.Namespace(KEY, "jn-r-a-1"),
        new JournalEntry.Sysctl(KEY, "pod", "net/ipv4/ip_forward", "0"),
        new JournalEntry.Namespace(KEY, "jn-r-b-2"),
        new JournalEntry.Namespace(KEY, "jn-r-gone-3"),
        new JournalEntry.Route(KEY, "pod", "10.1.0.0/24", null, "eth0"));
    List<String> doomed = JournalEntry.reapAll(f.engine(), entries, "r");
    assertThat(f.applied).as("the sysctl's failure is logged; the route still goes")
        .containsExactly("pod: route del 10.1.0.0/24 dev eth0");
    assertThat(doomed).containsExactlyInAnyOrder("jn-r-a-1", "jn-r-b-2");
    assertThat(f.deleted).as("one call for all namespaces").hasSize(1);
    assertThat(f.deleted.get(0)).containsExactlyInAnyOrder("jn-r-a-1", "jn-r-b-2");
  }

  @Test
  void sysctlsAreRestoredNewestFirst() {
    FakeEngine f = new FakeEngine();
    List<JournalEntry> entries = List.of(
        new JournalEntry.Sysctl(KEY, null, "net/ipv4/ip_forward", "0"),
        new JournalEntry.Sysctl(KEY, null, "net/ipv4/ip_forward", "1"));
    JournalEntry.reapAll(f.engine(), entries, "r");
    assertThat(f.applied).as("the oldest value is the last written")
        .containsExactly("sysctl -w net/ipv4/ip_forward=1", "sysctl -w net/ipv4/ip_forward=0");
    assertThat(f.deleted).isEmpty();
  }

  private static LinkState link(String name, String alias) {
    return new LinkState(name, 7, List.of("UP"), 1500, "UP", "veth", "", null, 0, -1, alias, List.of(), "");
  }

  @Test
  void aDeadRunsJournalHandsOverItsTargetsEntriesKeepsOtherTargetsLinesAndSkipsUnreadableOnes() throws Exception {
    Ownership own = Ownership.get();
    String key = "journal-test-" + Long.toString(System.nanoTime(), 36);
    String other = key + "-other";
    String run = "jt" + Long.toString(System.nanoTime(), 36);
    Path lock = own.stateDir().resolve(run + ".lock");
    Path journal = own.stateDir().resolve(run + ".journal");
    Files.writeString(lock, "0\n"); // nobody holds it: the run is dead
    Files.write(journal, List.of(
        "route\t" + key + "\t-\t10.1.0.0/24\t-\teth0", // as the previous version wrote it
        "neigh\t" + key + "\t-\t10.7.0.3", // torn by kill -9: skipped
        "bridge\t" + other + "\tbr0", // another target's, of a kind unknown here: kept for it
        "ns\t" + other + "\tjn-x-y-1",
        "garbage"));
    try {
      List<Ownership.Leftovers> seen = new ArrayList<>();
      own.reapDeadRuns(key, seen::add);
      assertThat(seen).containsExactly(new Ownership.Leftovers(run,
          List.of(new JournalEntry.Route(key, null, "10.1.0.0/24", null, "eth0"))));
      assertThat(Files.readAllLines(journal)).containsExactly("bridge\t" + other + "\tbr0", "ns\t" + other + "\tjn-x-y-1");
      assertThat(lock).exists();

      seen.clear();
      own.reapDeadRuns(other, seen::add);
      assertThat(seen).containsExactly(new Ownership.Leftovers(run, List.of(new JournalEntry.Namespace(other, "jn-x-y-1"))));
      assertThat(journal).as("nothing left to reap: the run's files go").doesNotExist();
      assertThat(lock).doesNotExist();
    } finally {
      Files.deleteIfExists(journal);
      Files.deleteIfExists(lock);
    }
  }
}
