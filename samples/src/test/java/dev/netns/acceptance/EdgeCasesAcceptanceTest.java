package dev.netns.acceptance;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.ExecResult;
import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.Target;
import dev.netns.Veth;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Edge cases an outsider would try. This class imports both AssertJ's and assertj-netns'
 * {@code assertThat} statically, as many test classes will.
 */
@NetnsTest
class EdgeCasesAcceptanceTest {

  @NetNamespace("red") static Netns staticRed;
  @HostNamespace static Netns staticHost;

  @Test
  void staticFieldAndParameterWithTheSameLogicalName(@NetNamespace("red") Netns red) {
    assertThat(red.name()).isEqualTo(staticRed.name());
    assertThat(red).hasLink("lo");
  }

  @Test
  void interfaceNamesWithDotsDashesAndUnderscores(
      @NetNamespace("a.b-c_d") Netns ns,
      @VethPair(left = "a.b-c_d", right = "x-y", leftName = "e.0-a_b", rightName = "veth.peer-1",
                leftAddress = "192.168.7.1/30", rightAddress = "192.168.7.2/30") Veth v) {
    assertThat(ns).hasLink("e.0-a_b").canPing("192.168.7.2");
    assertThat(v.right().name()).isEqualTo("veth.peer-1");
    assertThat(Kit.netnsList()).contains(ns.name(), v.right().netns().name());
  }

  @Test
  void linksAreReadFreshAndInIndexOrder(@NetNamespace("n") Netns n, @VethPair(left = "n", leftName = "z0") Veth a,
                                        @VethPair(left = "n", leftName = "a0") Veth b) {
    List<String> names = n.links().stream().map(Link::name).collect(Collectors.toList());
    assertThat(names).containsExactly("lo", "z0", "a0");
    n.exec("ip", "link", "add", "m0", "type", "bridge").orThrow();
    assertThat(n.links()).extracting(Link::name).containsExactly("lo", "z0", "a0", "m0");
    List<Integer> ipOrder = Kit.sh("ip", "-n", n.name(), "-o", "link").lines()
        .map(l -> Integer.parseInt(l.substring(0, l.indexOf(':')))).collect(Collectors.toList());
    assertThat(n.links()).extracting(Link::index).containsExactlyElementsOf(ipOrder);
  }

  @Test
  void linkNetnsIsTheInjectedNamespace(@NetNamespace("a") Netns a, @NetNamespace("b") Netns b,
                                       @VethPair(left = "a", right = "b") Veth v) {
    assertThat(v.left().netns()).isEqualTo(a);
    assertThat(v.right().netns()).isEqualTo(b);
    assertThat(a.links().get(1).netns()).isEqualTo(a);
    assertThat(a.link(v.left().name()).orElseThrow().netns().name()).isEqualTo(a.name());
    assertThat(v.left().netns().hashCode()).isEqualTo(a.hashCode());
  }

  @Test
  void execRunsInsideAndReportsWithoutThrowing(@NetNamespace Netns ns) throws java.io.IOException {
    ExecResult r = ns.exec("ls", "/definitely/not/here");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("/definitely/not/here");
    ExecResult missing = ns.exec("no-such-program-xyz");
    assertThat(missing.exitCode()).as("as a shell reports a missing program").isEqualTo(127);
    assertThat(missing.stderr()).contains("no-such-program-xyz");
    java.nio.file.Path plain = java.nio.file.Files.createTempFile("acceptance", ".txt");
    try {
      ExecResult notExecutable = ns.exec(plain.toString());
      assertThat(notExecutable.exitCode()).isEqualTo(126);
      assertThat(notExecutable.stderr()).contains(plain.toString());
    } finally {
      java.nio.file.Files.delete(plain);
    }
    assertThat(ns.exec("sh", "-c", "exit 1").exitCode()).isEqualTo(1);
    // big output is not truncated and does not dead-lock
    ExecResult big = ns.exec("head", "-c", "3000000", "/dev/zero");
    assertThat(big.stdout()).hasSize(3_000_000);
  }

  @Test
  void hostToHostPairAndHostSharedWithStaticField(@HostNamespace Netns host, Target target,
                                                  @VethPair(leftName = "hh0", rightName = "hh1") Veth v) {
    assertThat(target.host().name()).isEqualTo(host.name());
    assertThat(host).link("hh0").isUp().isVethPeerOf(v.right());
    assertThat(staticHost.name()).isNotEmpty();
  }

  @Test
  void sameLabTwiceInOneTestWithDifferentLogicalNames(
      @VethPair(left = "a1", right = "b1", leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth one,
      @VethPair(left = "a2", right = "b2", leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth two) {
    assertThat(one.left().netns()).canPing("10.0.0.2");
    assertThat(two.left().netns()).canPing("10.0.0.2");
    assertThat(one.left().netns().name()).isNotEqualTo(two.left().netns().name());
  }

  @Test
  void aFailedTestStillCleansUpAndAfterEachSeesTheFixtures() {
    AfterEachSees.seen = null;
    EngineExecutionResults r = Kit.run(AfterEachSees.class);
    assertThat(r.testEvents().failed().count()).isEqualTo(1);
    assertThat(AfterEachSees.seen).isNotNull();
    assertThat(Kit.netnsList()).doesNotContain(AfterEachSees.seen);
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class AfterEachSees {
    static String seen;

    @AfterEach void after(@NetNamespace("red") Netns red) {
      assertThat(red).hasLink("br7");
      seen = red.name();
    }

    @Test void t(@NetNamespace("red") Netns red) {
      red.exec("ip", "link", "add", "br7", "type", "bridge").orThrow();
      throw new AssertionError("the test fails on purpose");
    }
  }
}
