package dev.netns.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.netns.Netns;
import dev.netns.NetnsSettings;
import dev.netns.Veth;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import dev.netns.internal.core.Ownership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Over fifty bad inputs to the programmatic API (CIDRs, addresses, names, ports, MTUs, routes,
 * sysctls, timeouts, argv): each is an IllegalArgumentException whose message quotes the bad
 * value, and nothing is created. (Annotation misuse is covered by BadInputTest in the default run.)
 */
@Tag("stress")
@Isolated
@NetnsTest
class BadInputsStressTest {

  static final List<String> checked = new ArrayList<>();

  static Stream<Arguments> inputs() {
    List<Arguments> a = new ArrayList<>();
    for (String cidr : List.of("10.0.0.1", "10.0.0/24", "10.0.0.256/24", "10.0.0.1/33", "fd00::1/129", "fd00:::1/64",
        "example.com/24", "", " 10.0.0.1/24", "10.0.0.1/24 ", "010.0.0.1/24", "10.0.0.1/-1", "10.0.0.1/abc",
        "1.2.3.4.5/24", "*/24", "10.0.0.1/24/24", "0x0a.0.0.1/24", "10.0.0.1%eth0/24")) {
      a.add(Arguments.of("addAddress(\"" + cidr + "\")", cidr, (Consumer<Netns>) ns -> ns.addAddress("lo", cidr)));
    }
    for (String name : List.of("a-very-long-name-x", "eth 0", "eth/0", "..", "eth0:1", "tab\tname")) {
      a.add(Arguments.of("up(\"" + name + "\")", name, (Consumer<Netns>) ns -> ns.up(name)));
    }
    a.add(Arguments.of("bridge(\"\")", "empty", (Consumer<Netns>) ns -> ns.bridge("")));
    for (int port : new int[] {0, -1, 65536, 70000}) {
      a.add(Arguments.of("connect port " + port, Integer.toString(port),
          (Consumer<Netns>) ns -> ns.connect("127.0.0.1", port, Duration.ofSeconds(1))));
    }
    for (int port : new int[] {-1, 70000}) {
      a.add(Arguments.of("listen port " + port, Integer.toString(port), (Consumer<Netns>) ns -> ns.listen("127.0.0.1", port)));
    }
    for (String ip : List.of("10.0.0", "example.com", "", "10.0.0.1/24", "::g", "300.1.1.1", "localhost", "1.2.3.4 ")) {
      a.add(Arguments.of("ping(\"" + ip + "\")", ip.isEmpty() ? "empty" : ip.strip(),
          (Consumer<Netns>) ns -> ns.ping(ip, Duration.ofSeconds(1))));
    }
    a.add(Arguments.of("ping timeout 0", "PT0S", (Consumer<Netns>) ns -> ns.ping("127.0.0.1", Duration.ZERO)));
    a.add(Arguments.of("ping timeout -1 s", "PT-1S", (Consumer<Netns>) ns -> ns.ping("127.0.0.1", Duration.ofSeconds(-1))));
    a.add(Arguments.of("ping timeout null", "null", (Consumer<Netns>) ns -> ns.ping("127.0.0.1", null)));
    a.add(Arguments.of("connect timeout 0", "PT0S", (Consumer<Netns>) ns -> ns.connect("127.0.0.1", 80, Duration.ZERO)));
    a.add(Arguments.of("exec timeout 0", "PT0S", (Consumer<Netns>) ns -> ns.exec(Duration.ZERO, List.of("true"))));
    a.add(Arguments.of("duration setting", "soon", (Consumer<Netns>) ns -> NetnsSettings.parseDuration("soon", "netns.probe.timeout")));
    a.add(Arguments.of("exec no argv", "empty argv", (Consumer<Netns>) ns -> ns.exec()));
    a.add(Arguments.of("mtu 10", "10", (Consumer<Netns>) ns -> ns.mtu("lo", 10)));
    a.add(Arguments.of("mtu 70000", "70000", (Consumer<Netns>) ns -> ns.mtu("lo", 70000)));
    a.add(Arguments.of("route without prefix", "10.1.0.0", (Consumer<Netns>) ns -> ns.addRoute("10.1.0.0", "10.0.0.1", null)));
    a.add(Arguments.of("route via a name", "gateway", (Consumer<Netns>) ns -> ns.addRoute("default", "gateway", null)));
    a.add(Arguments.of("route without gateway or device", "default", (Consumer<Netns>) ns -> ns.addRoute("default", null, null)));
    a.add(Arguments.of("sysctl key with space", "a b", (Consumer<Netns>) ns -> ns.sysctl("a b", "1")));
    a.add(Arguments.of("sysctl value with newline", "net.ipv4.ip_forward", (Consumer<Netns>) ns -> ns.sysctl("net.ipv4.ip_forward", "1\n2")));
    a.add(Arguments.of("listen on a name", "localhost", (Consumer<Netns>) ns -> ns.listen("localhost", 80)));
    return a.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void badInputIsAClearErrorAndCreatesNothing(String what, String quoted, Consumer<Netns> call,
                                              @NetNamespace("ns") Netns ns) {
    List<String> before = StressSupport.namespacesOf(Ownership.get().runId());
    Throwable t = catchThrowable(() -> call.accept(ns));
    assertThat(t).as(what).isInstanceOf(IllegalArgumentException.class);
    assertThat(t.getMessage()).as(what).contains(quoted);
    assertThat(StressSupport.namespacesOf(Ownership.get().runId())).isEqualTo(before);
    assertThat(ns.links()).extracting(l -> l.name()).containsExactly("lo");
    checked.add(what);
  }

  @AfterAll
  static void moreThanFifty() {
    assertThat(checked).hasSizeGreaterThanOrEqualTo(50);
  }
}
