package dev.netns.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.Target;
import dev.netns.Veth;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Scopes as users expect them (API.md, "Scopes, as users expect them"): what a test changes in a
 * namespace that lives longer is undone when that test ends, before the next one starts; a class
 * with a class-scoped host side shares it with every test; a class without one gives each test its own.
 */
@NetnsTest
class ScopesAcceptanceTest {

  static final Map<String, List<String>> SEEN = new ConcurrentHashMap<>();

  static void saw(String key, String value) {
    SEEN.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(value);
  }

  private static EngineExecutionResults runClean(Class<?> scenario) {
    SEEN.clear();
    return Kit.runClean(scenario);
  }

  /** One line per link, address and route of a namespace, as ip shows them: the state a test may not leave changed. */
  static String state(Netns ns) {
    return String.join("\n", Kit.sh("ip", "-n", ns.name(), "-o", "link").replaceAll("\\s+link/.*", "")
        .replaceAll("(?m)^\\d+: ", ""), Kit.sh("ip", "-n", ns.name(), "-o", "addr"), Kit.sh("ip", "-n", ns.name(), "route"),
        Kit.sh("ip", "-n", ns.name(), "-6", "route"), Kit.sh("ip", "netns", "exec", ns.name(), "cat",
            "/proc/sys/net/ipv4/ip_forward"));
  }

  @Test
  void whatATestChangesInAClassNamespaceIsUndoneWhenItEnds() {
    EngineExecutionResults r = runClean(ChangesClassNamespace.class);
    assertThat(r.testEvents().succeeded().count()).isEqualTo(3);
    List<String> before = SEEN.get("before");
    assertThat(before).hasSize(3);
    // each repetition found the class namespace exactly as the first one did, and the last left it so
    assertThat(before).containsOnly(before.get(0));
    assertThat(SEEN.get("after")).containsExactly(before.get(0));
  }

  @Test
  void aClassHostSideIsSharedWithEveryTestOfTheClass() {
    runClean(SharedHostSide.class);
    assertThat(SEEN.get("host")).hasSize(4).containsOnly(SEEN.get("static").get(0));
  }

  @Test
  void aClassWithoutAClassHostSideGivesEachTestItsOwn() {
    runClean(PerTestHostSide.class);
    assertThat(SEEN.get("host")).hasSize(2).doesNotHaveDuplicates();
  }

  // ------------------------------------------------------------------ scenarios

  @NetnsTest
  @ExtendWith(Kit.OnlyInKit.class)
  static class ChangesClassNamespace {
    @NetNamespace("node") static Netns node;

    @RepeatedTest(3)
    void podOnAClassNode(@NetNamespace("pod") Netns pod, Target target) {
      saw("before", state(node));
      // the shape that failed with "File exists" on the second repetition
      node.addVeth("vpod", node, "eth0");
      node.moveLink("eth0", pod);
      node.addAddress("vpod", "10.9.0.1/24").sysctl("net.ipv4.ip_forward", "1");
      pod.addAddress("eth0", "10.9.0.2/24").up("eth0");
      node.addRoute("10.77.0.0/16", "10.9.0.2", "vpod");
      node.mtu("vpod", 1400).down("lo").up("lo");
      node.addNeighbour("10.9.0.99", "02:00:00:00:00:99", "vpod");
      Netns extra = target.createNamespace("extra");
      Veth toExtra = node.addVeth("vx", extra, "eth0");
      assertThat(pod.ping("10.9.0.1", Duration.ofSeconds(1)).success()).isTrue();
      assertThat(toExtra.left().name()).isEqualTo("vx");
    }

    @org.junit.jupiter.api.AfterAll
    static void finalState() {
      // @AfterAll runs after the last repetition's fixtures are gone and before the class's
      saw("after", state(node));
    }
  }

  @NetnsTest
  @ExtendWith(Kit.OnlyInKit.class)
  static class SharedHostSide {
    @HostNamespace static Netns node;

    @Test
    void parameterIsTheClassHostSide(@HostNamespace Netns host, Target target) {
      saw("static", node.name());
      saw("host", host.name());
      saw("host", target.host().name());
    }

    @Test
    void perTestPodsMeetTheClassNode(@VethPair(left = "pod", right = "", leftAddress = "10.8.0.2/24",
                                               rightAddress = "10.8.0.1/24") Veth v) {
      saw("static", node.name());
      saw("host", v.right().netns().name());
      saw("host", v.right().netns().target().host().name());
      assertThat(v.left().netns().ping("10.8.0.1", Duration.ofSeconds(1)).success()).isTrue();
      assertThat(node.link(v.right().name())).isPresent();
    }
  }

  @NetnsTest
  @ExtendWith(Kit.OnlyInKit.class)
  static class PerTestHostSide {
    @Test
    void one(@HostNamespace Netns host) {
      saw("host", host.name());
    }

    @Test
    void two(@HostNamespace Netns host) {
      saw("host", host.name());
    }
  }

}
