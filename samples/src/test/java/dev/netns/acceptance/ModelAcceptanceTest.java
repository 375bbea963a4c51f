package dev.netns.acceptance;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.netns.ExecResult;
import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.Target;
import dev.netns.Veth;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The model types of API.md: Netns, Link, Veth, ExecResult, Target; IPv6 and MTU. */
@NetnsTest
class ModelAcceptanceTest {

  @Test
  void linkMethods(@NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
                   @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                             leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
    Link left = cable.left();
    Link right = cable.right();
    assertThat(left.name()).isEqualTo("veth-red");
    assertThat(right.name()).isEqualTo("veth-blue");
    assertThat(left.index()).isPositive();
    assertThat(left.isUp()).isTrue();
    assertThat(left.mtu()).isEqualTo(1500);
    assertThat(left.addresses()).contains("10.0.0.1/24");
    assertThat(right.addresses()).contains("10.0.0.2/24");
    assertThat(left.netns()).isEqualTo(red);
    assertThat(right.netns()).isEqualTo(blue);
    assertThat(left.netns().name()).isEqualTo(red.name());

    // ip's own view agrees
    String ipView = Kit.sh("ip", "-n", red.name(), "-o", "addr", "show", "dev", "veth-red");
    assertThat(ipView).contains("10.0.0.1/24");
    String ipLink = Kit.sh("ip", "-n", red.name(), "-o", "link", "show", "dev", "veth-red");
    assertThat(ipLink).startsWith(left.index() + ": veth-red@");

    // links(): in index order, lo first, contents match link(name)
    List<Link> links = red.links();
    assertThat(links).extracting(Link::name).containsExactly("lo", "veth-red");
    assertThat(links).extracting(Link::index).isSorted();
    assertThat(links.get(0).netns()).isEqualTo(red);
    assertThat(red.link("veth-red")).hasValueSatisfying(l -> {
      assertThat(l.index()).isEqualTo(left.index());
      assertThat(l.addresses()).contains("10.0.0.1/24");
    });
    assertThat(red.link("nope0")).isEmpty();

    // a link that goes down is seen down on the next read
    red.exec("ip", "link", "set", "veth-red", "down").orThrow();
    assertThat(cable.left().isUp()).isFalse();
    assertThat(cable.left()).isDown();
  }

  @Test
  void execResult(@NetNamespace Netns ns) {
    ExecResult ok = ns.exec("ip", "-o", "link");
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.stdout()).contains("lo:");
    assertThat(ok.stderr()).isEmpty();

    ExecResult fail = ns.exec("sh", "-c", "echo out; echo err >&2; exit 3");
    assertThat(fail.exitCode()).isEqualTo(3);
    assertThat(fail.stdout()).isEqualTo("out\n");
    assertThat(fail.stderr()).isEqualTo("err\n");

    // argv, never a shell string: the whole string is one argument
    ExecResult echo = ns.exec("echo", "a; touch /tmp/acceptance-should-not-exist");
    assertThat(echo.stdout()).isEqualTo("a; touch /tmp/acceptance-should-not-exist\n");
    assertThat(new java.io.File("/tmp/acceptance-should-not-exist")).doesNotExist();

    // the program runs inside the namespace
    assertThat(ns.exec("ip", "-o", "link").stdout()).doesNotContain("eth0");
  }

  @Test
  void execOfAMissingProgramIsClear(@NetNamespace Netns ns) {
    Throwable t = catchThrowable(() -> {
      ExecResult r = ns.exec("no-such-program-xyz", "--help");
      // acceptable outcome 1: a result with a failing exit code and a message naming the program
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.stderr()).contains("no-such-program-xyz");
      throw new IllegalStateException("result");
    });
    if (!(t instanceof IllegalStateException && "result".equals(t.getMessage()))) {
      // acceptable outcome 2: an exception naming the program
      assertThat(t).isNotNull().isNotInstanceOf(AssertionError.class);
      assertThat(t.getMessage()).contains("no-such-program-xyz");
    }
  }

  @Test
  void ipv6WorksAtOnce(@NetNamespace("a") Netns a, @NetNamespace("b") Netns b,
                       @VethPair(left = "a", right = "b", leftAddress = "fd00::1/64", rightAddress = "fd00::2/64") Veth v) {
    assertThat(v.left().addresses()).contains("fd00::1/64");
    assertThat(a).hasAddress("fd00::1/64").canPing("fd00::2");
    assertThat(b).canPing("fd00::1").cannotConnect("fd00::1", 8080);
    try (var server = a.listen("fd00::1", 8080)) {
      assertThat(b).canConnect("fd00::1", 8080);
    }
    // no tentative address: usable for bind at once
    assertThat(a.exec("ip", "-6", "addr", "show", "dev", v.left().name()).stdout()).doesNotContain("tentative");
  }

  @Test
  void ipv4AndIpv6OnTheSameEnd(@NetNamespace("a") Netns a, @NetNamespace("b") Netns b,
                               @VethPair(left = "a", right = "b", leftName = "e0", rightName = "e1",
                                         leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth v) {
    a.addAddress("e0", "fd00:1::1/64");
    b.addAddress("e1", "fd00:1::2/64");
    assertThat(a).link("e0").hasAddress("10.0.0.1/24").hasAddress("fd00:1::1/64");
    assertThat(v.left().addresses()).contains("10.0.0.1/24", "fd00:1::1/64");
    assertThat(a).canPing("10.0.0.2").canPing("fd00:1::2");
  }

  @Test
  void mtu(@NetNamespace("a") Netns a, @NetNamespace("b") Netns b,
           @VethPair(left = "a", right = "b", mtu = 9000, leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth jumbo,
           @VethPair(left = "a", right = "b", mtu = 1400) Veth small) {
    assertThat(jumbo.left().mtu()).isEqualTo(9000);
    assertThat(jumbo.right().mtu()).isEqualTo(9000);
    assertThat(jumbo.left()).hasMtu(9000);
    assertThat(small.right()).hasMtu(1400);
    // a jumbo packet crosses without fragmentation
    ExecResult r = a.exec("ping", "-c", "1", "-W", "2", "-M", "do", "-s", "8972", "10.0.0.2");
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
  }

  @Test
  void targetNamespacesContainOursAndOthers(Target target, @NetNamespace("red") Netns red, @NetNamespace Netns anon) {
    List<String> before = Kit.netnsList();
    List<String> names = target.namespaces().stream().map(Netns::name).collect(Collectors.toList());
    List<String> after = Kit.netnsList();
    assertThat(names).contains(red.name(), anon.name());
    // every namespace ip netns list shows (also ones this test did not create, e.g. other jobs' ones)
    List<String> stable = before.stream().filter(after::contains).collect(Collectors.toList());
    assertThat(names).containsAll(stable);
    assertThat(target.namespaces()).filteredOn(n -> n.name().equals(red.name())).singleElement()
        .satisfies(n -> assertThat(n).hasLink("lo"));
  }

  @Test
  void vethEndNamesAreGeneratedWithin15Characters(@NetNamespace("a") Netns a, @VethPair(left = "a") Veth v) {
    assertThat(v.left().name()).hasSizeLessThanOrEqualTo(15).isNotEqualTo(v.right().name());
    assertThat(v.right().name()).hasSizeLessThanOrEqualTo(15);
    assertThat(v.left().isUp()).isTrue();
    assertThat(v.right().isUp()).isTrue();
    assertThat(a).link(v.left().name()).isVethPeerOf(v.right());
  }

  @Test
  void linkOfMissingNameIsEmptyNotAnError(@NetNamespace Netns ns) {
    assertThat(ns.link("eth9")).isEmpty();
    assertThatThrownBy(() -> assertThat(ns).hasLink("eth9")).isInstanceOf(AssertionError.class).hasMessageContaining("eth9");
  }
}
