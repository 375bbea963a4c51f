package dev.netns.assertj;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.ProbeResult;
import dev.netns.Route;
import dev.netns.Target;
import dev.netns.assertj.error.FarSideSnapshot;
import dev.netns.assertj.error.NamespaceSnapshot;
import dev.netns.assertj.error.ShouldBeAbleToPing;
import dev.netns.assertj.error.ShouldHaveLink;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.description.TextDescription;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.Test;

/**
 * A failed check reads the namespace once per attempt and its message shows exactly that read:
 * the error factories format a snapshot and never read the kernel. No kernel here: a counting
 * test double of {@link Netns} whose every read returns a different state (read number {@code n}
 * gives links with MTU {@code 1000 + n} and a route via {@code 10.9.n.1}), so a message made from
 * a second read would show a number that does not match the count.
 */
class SnapshotReadsTest {

  private static final Duration WITHIN = Duration.ofMillis(250);
  private static final Duration EVERY = Duration.ofMillis(20);

  @Test
  void aFailedHasLinkReadsTheLinksOnceAndShowsThatRead() {
    FakeNetns red = new FakeNetns("red");
    Throwable e = catchFailure(() -> assertThat(red.netns).eventually(WITHIN, EVERY).hasLink("veth9"));
    int attempts = attempts(e);
    assertThat(attempts).isGreaterThan(1);
    assertThat(red.links).hasValue(attempts);
    assertThat(red.routes).as("one snapshot per failed attempt").hasValue(attempts);
    assertThat(e.getMessage()).contains("to have a link named veth9")
        .containsPattern("\\n  eth0 +UP +state UP +mtu " + (1000 + attempts) + " ");
  }

  @Test
  void aFailedLinkCheckShowsTheLinkItJudgedInTheTable() {
    FakeNetns red = new FakeNetns("red");
    // link(name) reads once to find it; then each attempt of hasMtu reads once more, never twice
    Throwable e = catchFailure(() -> assertThat(red.netns).link("eth0").eventually(WITHIN, EVERY).hasMtu(9000));
    int attempts = attempts(e);
    assertThat(red.links).hasValue(1 + attempts);
    int seen = 1000 + 1 + attempts;
    assertThat(e.getMessage()).contains("to have mtu 9000", "but it has mtu " + seen + ";")
        .containsPattern("\\n  eth0 +UP +state UP +mtu " + seen + " ");
  }

  @Test
  void aFailedHasRouteViaReadsEachTableOnceAndShowsThatRead() {
    FakeNetns red = new FakeNetns("red");
    Throwable e = catchFailure(() -> assertThat(red.netns).eventually(WITHIN, EVERY).hasRouteVia("10.0.0.254"));
    int attempts = attempts(e);
    assertThat(red.routes).hasValue(attempts);
    assertThat(red.links).hasValue(attempts);
    assertThat(e.getMessage()).contains("but its main table has:", "default via 10.9." + attempts + ".1 dev eth0")
        .doesNotContain("10.9." + (attempts + 1) + ".1")
        .containsPattern("\\n  eth0 +UP +state UP +mtu " + (1000 + attempts) + " ");
  }

  @Test
  void aFailedCanPingReadsTheProberOnceAndTheFarSideOnce() {
    FakeNetns blue = new FakeNetns("blue");
    FakeNetns red = new FakeNetns("red");
    red.others = List.of(red, blue);
    Throwable e = catchFailure(() -> assertThat(red.netns).withProbeTimeout(Duration.ofMillis(10))
        .eventually(WITHIN, EVERY).canPing("10.0.0.2"));
    int attempts = attempts(e);
    assertThat(red.pings).hasValue(attempts);
    // before snapshots: the prober's links twice and its routes three times per attempt
    assertThat(red.links).hasValue(attempts);
    assertThat(red.routes).hasValue(attempts);
    assertThat(blue.links).hasValue(attempts);
    assertThat(blue.routes).hasValue(attempts);
    assertThat(e.getMessage())
        .contains("to be able to ping 10.0.0.2", "far side: 10.0.0.2 is held by eth0 in <blue: jn-test-blue>",
            "next hop: 10.9." + attempts + ".1 (route default via 10.9." + attempts + ".1 dev eth0 proto static)")
        .containsPattern("\\n  eth0 +UP +state UP +mtu " + (1000 + attempts) + " +10\\.0\\.0\\.1/24")
        .containsPattern("\\n    eth0 +UP +state UP +mtu " + (1000 + attempts) + " +10\\.0\\.0\\.2/24");
  }

  @Test
  void aFactoryGivenASnapshotReadsNothing() {
    FakeNetns blue = new FakeNetns("blue");
    FakeNetns red = new FakeNetns("red");
    red.others = List.of(red, blue);
    NamespaceSnapshot me = NamespaceSnapshot.take(red.netns);
    FarSideSnapshot far = FarSideSnapshot.take(me, "10.0.0.2");
    assertThat(red.links).hasValue(1);
    assertThat(red.routes).hasValue(1);
    int blueReads = blue.links.get() + blue.routes.get();
    ProbeResult lost = new ProbeResult(false, "10.0.0.2", Duration.ofMillis(10), "100% packet loss");
    String ping = ShouldBeAbleToPing.shouldBeAbleToPing(me, far, "10.0.0.2", Duration.ofMillis(10), lost)
        .create(new TextDescription(""), new StandardRepresentation());
    String link = ShouldHaveLink.shouldHaveLink(me, "veth9").create(new TextDescription(""), new StandardRepresentation());
    assertThat(red.links).as("formatting read the prober's links").hasValue(1);
    assertThat(red.routes).as("formatting read the prober's routes").hasValue(1);
    assertThat(blue.links.get() + blue.routes.get()).as("formatting read the far side").isEqualTo(blueReads);
    assertThat(ping).contains("mtu 1001", "default via 10.9.1.1 dev eth0", "far side: 10.0.0.2 is held by eth0");
    assertThat(link).contains("mtu 1001").doesNotContain("mtu 1002");
  }

  @Test
  void aReadErrorIsShownNotThrown() {
    FakeNetns red = new FakeNetns("red");
    red.routesFail = true;
    Throwable e = catchFailure(() -> assertThat(red.netns).hasLink("veth9"));
    assertThat(e.getMessage()).contains("to have a link named veth9", "links:");
    assertThat(NamespaceSnapshot.take(red.netns).routesError()).hasValue("routes of red unreadable");
    assertThat(NamespaceSnapshot.take(red.netns).toString()).contains("routes (main table): (could not be read: routes of red unreadable)");
  }

  private static Throwable catchFailure(Runnable check) {
    Throwable[] caught = new Throwable[1];
    assertThatThrownBy(check::run).isInstanceOf(AssertionError.class).satisfies(t -> caught[0] = t);
    return caught[0];
  }

  /** The attempts that {@code eventually()} reports: {@code still failing after 250 ms (12 attempts)}. */
  private static int attempts(Throwable e) {
    Matcher m = Pattern.compile("still failing after .* \\((\\d+) attempts?\\)").matcher(e.getMessage());
    if (!m.find()) {
      if (e.getMessage().contains("still failing")) throw new AssertionError("no attempt count in " + e.getMessage());
      return 1;
    }
    return Integer.parseInt(m.group(1));
  }

  /** A namespace made of proxies, counting reads; read number n shows MTU 1000 + n and a route via 10.9.n.1. */
  static final class FakeNetns {
    final AtomicInteger links = new AtomicInteger();
    final AtomicInteger routes = new AtomicInteger();
    final AtomicInteger pings = new AtomicInteger();
    final String logical;
    final Netns netns;
    final Target target;
    List<FakeNetns> others = List.of();
    boolean routesFail;

    FakeNetns(String logical) {
      this.logical = logical;
      String address = "red".equals(logical) ? "10.0.0.1/24" : "10.0.0.2/24";
      this.target = proxy(Target.class, (p, m, a) -> switch (m.getName()) {
        case "location", "describe" -> "local kernel";
        case "testNamespaces" -> others.stream().map(o -> o.netns).toList();
        case "namespace" -> Optional.empty();
        default -> objectMethod(p, m.getName(), a, "fake target");
      });
      this.netns = proxy(Netns.class, (p, m, a) -> switch (m.getName()) {
        case "name" -> "jn-test-" + logical;
        case "logicalName" -> logical;
        case "target" -> target;
        case "links" -> {
          int n = links.incrementAndGet();
          yield List.of(link(n, address));
        }
        case "routes" -> {
          int n = routes.incrementAndGet();
          if (routesFail) throw new IllegalStateException("routes of " + logical + " unreadable");
          yield List.of(new Route("default", "10.9." + n + ".1", "eth0", "main", "static", "global", null, 4));
        }
        case "ping" -> {
          pings.incrementAndGet();
          yield new ProbeResult(false, (String) a[0], Duration.ofMillis(10), "100% packet loss");
        }
        case "namespaceNameOfNsid" -> Optional.empty();
        case "settings" -> InvocationHandler.invokeDefault(p, m, a);
        default -> objectMethod(p, m.getName(), a, "fake netns " + logical);
      });
    }

    private Link link(int n, String address) {
      Netns owner = netns;
      IntFunction<Link> make = mtu -> proxy(Link.class, (p, m, a) -> switch (m.getName()) {
        case "name" -> "eth0";
        case "index" -> 2;
        case "netns" -> owner;
        case "isUp" -> true;
        case "mtu" -> mtu;
        case "addresses" -> List.of(address);
        case "operState" -> "UP";
        case "kind" -> "";
        case "mac" -> "";
        case "master" -> Optional.empty();
        case "peerIndex", "linkNetnsId" -> OptionalInt.empty();
        case "flags" -> List.of("BROADCAST", "MULTICAST", "UP", "LOWER_UP");
        default -> objectMethod(p, m.getName(), a, "eth0");
      });
      return make.apply(1000 + n);
    }
  }

  private static Object objectMethod(Object proxy, String name, Object[] args, String text) {
    return switch (name) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      case "toString" -> text;
      default -> throw new UnsupportedOperationException(name + " is not part of this test double");
    };
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
