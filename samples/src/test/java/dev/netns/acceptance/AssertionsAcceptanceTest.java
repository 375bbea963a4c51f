package dev.netns.acceptance;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.netns.ExecResult;
import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.assertj.LinkAssert;
import dev.netns.assertj.NetnsAssert;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** assertj-netns as API.md describes it: chaining, link assertions, arguments, messages, TCP, eventually. */
@NetnsTest
class AssertionsAcceptanceTest {

  @Test
  void checksChain(@NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
                   @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                             leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
    red.exec("ip", "route", "add", "default", "via", "10.0.0.2").orThrow();
    NetnsAssert a = assertThat(red).canPing("10.0.0.2").cannotPing("10.0.0.3").hasLink("veth-red")
        .hasAddress("10.0.0.1/24").hasRouteVia("10.0.0.2").hasDefaultRouteVia("10.0.0.2")
        .cannotConnect("10.0.0.2", 9);
    LinkAssert l = a.link("veth-red").isUp().hasAddress("10.0.0.1/24").hasMtu(1500).isVethPeerOf(cable.right());
    LinkAssert fromLink = assertThat(cable.right()).isUp().hasAddress("10.0.0.2/24").isVethPeerOf(cable.left());
    assertThat(l).isNotNull();
    assertThat(fromLink).isNotNull();
    NetnsAssert e = assertThat(blue).eventually();
    assertThat(e.canPing("10.0.0.1")).isNotNull();
  }

  @Test
  void isDownAndNotPeers(@NetNamespace("red") Netns red,
                         @VethPair(left = "red", right = "blue", leftName = "a0") Veth one,
                         @VethPair(left = "red", right = "blue", leftName = "b0") Veth two) {
    red.exec("ip", "link", "set", "a0", "down").orThrow();
    assertThat(red).link("a0").isDown();
    assertThatThrownBy(() -> assertThat(red).link("a0").isUp()).isInstanceOf(AssertionError.class)
        .hasMessageContaining("a0");
    assertThatThrownBy(() -> assertThat(one.left()).isVethPeerOf(two.right())).isInstanceOf(AssertionError.class)
        .hasMessageContaining("a0");
    assertThatThrownBy(() -> assertThat(two.left()).hasMtu(9000)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("9000").hasMessageContaining("1500");
    assertThatThrownBy(() -> assertThat(two.left()).hasAddress("10.0.0.1/24")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("10.0.0.1/24");
  }

  @Test
  void invalidArgumentsAreIllegalArgumentExceptions(@NetNamespace Netns ns, @VethPair(left = "x") Veth v) {
    NetnsAssert a = assertThat(ns);
    Runnable[] bad = {
        () -> a.canPing("10.0.0"), () -> a.canPing("10.0.0.256"), () -> a.canPing("example.com"),
        () -> a.canPing(""), () -> a.canPing(null), () -> a.cannotPing("1.2.3.4/24"),
        () -> a.canConnect("10.0.0.1", 0), () -> a.canConnect("10.0.0.1", 65536), () -> a.cannotConnect("10.0.0.1", -1),
        () -> a.canConnect("localhost", 80),
        () -> a.hasAddress("10.0.0.1"), () -> a.hasAddress("10.0.0.1/33"), () -> a.hasAddress("fd00::1/129"),
        () -> a.hasAddress(null),
        () -> a.hasRouteVia("10.0.0"), () -> a.hasDefaultRouteVia("gateway"),
        () -> a.hasLink(null), () -> a.hasLink(""), () -> a.hasLink("a-name-of-16-chr"),
        () -> a.link(null),
        () -> assertThat(v.left()).hasAddress("10.0.0.1"), () -> assertThat(v.left()).hasMtu(-1),
        () -> assertThat(v.left()).hasMtu(0), () -> assertThat(v.left()).isVethPeerOf(null),
    };
    for (int i = 0; i < bad.length; i++) {
      Throwable t = catchThrowable(bad[i]::run);
      assertThat(t).as("case %d", i).isInstanceOf(IllegalArgumentException.class);
      assertThat(t.getMessage()).as("case %d", i).isNotBlank();
    }
    assertThat(catchThrowable(() -> a.canPing("10.0.0.256"))).hasMessageContaining("10.0.0.256");
    assertThat(catchThrowable(() -> a.canConnect("10.0.0.1", 70000))).hasMessageContaining("70000");
    assertThat(catchThrowable(() -> a.hasAddress("10.0.0.1"))).hasMessageContaining("10.0.0.1");
  }

  @Test
  void pingFailureShowsExpectationLinksAddressesRoutesAndWhatTheProbeSaw(
      @NetNamespace("red") Netns red,
      @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
    Throwable t = catchThrowable(() -> assertThat(red).canPing("10.0.0.9"));
    assertThat(t).isInstanceOf(AssertionError.class);
    String m = t.getMessage();
    assertThat(m).contains("10.0.0.9")                 // what was expected
        .contains(red.name())                           // which namespace
        .contains("veth-red").contains("lo")            // its links
        .contains("10.0.0.1/24")                        // its addresses
        .contains("10.0.0.0/24");                       // its routes
    assertThat(m).containsAnyOf("100% packet loss", "0 received", "Unreachable", "unreachable", "timed out");

    Throwable t2 = catchThrowable(() -> assertThat(red).cannotPing("10.0.0.2"));
    assertThat(t2).isInstanceOf(AssertionError.class);
    assertThat(t2.getMessage()).contains("10.0.0.2").containsAnyOf("1 received", "bytes from", "answered", "reply");
  }

  @Test
  void otherFailureMessagesShowTheDecidingState(@NetNamespace("red") Netns red,
                                                @VethPair(left = "red", leftName = "eth0", leftAddress = "10.1.0.2/24",
                                                          rightAddress = "10.1.0.1/24") Veth v) {
    String noLink = catchThrowable(() -> assertThat(red).hasLink("eth9")).getMessage();
    assertThat(noLink).contains("eth9").contains("eth0").contains("lo");
    String noAddr = catchThrowable(() -> assertThat(red).hasAddress("10.1.0.3/24")).getMessage();
    assertThat(noAddr).contains("10.1.0.3/24").contains("10.1.0.2/24");
    String wrongPrefix = catchThrowable(() -> assertThat(red).hasAddress("10.1.0.2/16")).getMessage();
    assertThat(wrongPrefix).contains("10.1.0.2/16").contains("10.1.0.2/24");
    String noDefault = catchThrowable(() -> assertThat(red).hasDefaultRouteVia("10.1.0.1")).getMessage();
    assertThat(noDefault).contains("10.1.0.1").contains("10.1.0.0/24");
    red.exec("ip", "route", "add", "default", "via", "10.1.0.1").orThrow();
    String otherGw = catchThrowable(() -> assertThat(red).hasRouteVia("10.1.0.9")).getMessage();
    assertThat(otherGw).contains("10.1.0.9").contains("default via 10.1.0.1");
    String refused = catchThrowable(() -> assertThat(red).canConnect("10.1.0.1", 9)).getMessage();
    assertThat(refused).contains("10.1.0.1").contains("9").containsIgnoringCase("refused");
  }

  @Test
  void tcpWithAServerStartedThroughExec(@NetNamespace("server") Netns server, @NetNamespace("client") Netns client,
                                        @VethPair(left = "server", right = "client", leftAddress = "10.0.0.1/24",
                                                  rightAddress = "10.0.0.2/24") Veth v) throws Exception {
    assertThat(client).cannotConnect("10.0.0.1", 8080);
    String script = "import socket,time\n"
        + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
        + "s.bind(('10.0.0.1', 8080)); s.listen(5); s.settimeout(15)\n"
        + "c,_=s.accept(); c.close(); s.close()\n";
    java.util.concurrent.atomic.AtomicReference<ExecResult> result = new java.util.concurrent.atomic.AtomicReference<>();
    Thread srv = new Thread(() -> result.set(server.exec("python3", "-c", script)), "acceptance-server");
    srv.start();
    try {
      assertThat(client).eventually().canConnect("10.0.0.1", 8080);
    } catch (AssertionError e) {
      srv.join(20_000);
      throw new AssertionError("server: " + result.get(), e);
    }
    srv.join(20_000);
    assertThat(result.get().exitCode()).as(result.get().stderr()).isZero();
    assertThat(client).cannotConnect("10.0.0.1", 8080);
  }

  @Test
  void eventuallyWaitsForALateChange(@NetNamespace("red") Netns red,
                                     @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                                               leftAddress = "10.0.0.1/24") Veth cable) {
    Netns blue = cable.right().netns();
    CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
      try {
        Thread.sleep(700);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      blue.exec("ip", "addr", "add", "10.0.0.2/24", "dev", "veth-blue").orThrow();
    });
    assertThat(red).eventually().canPing("10.0.0.2");
    later.join();
    red.exec("ip", "link", "set", "veth-red", "down").orThrow();
    CompletableFuture.runAsync(() -> {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      red.exec("ip", "link", "set", "veth-red", "up").orThrow();
    });
    assertThat(red).link("veth-red").eventually().isUp();
  }

  @Test
  void eventuallyTimesOutWithTheLastFailure() {
    long start = System.nanoTime();
    EngineExecutionResults r = Kit.run(EventuallyFails.class, Map.of("netns.eventually.timeout", "1500ms"));
    long ms = (System.nanoTime() - start) / 1_000_000;
    Throwable t = Kit.onlyFailure(r);
    assertThat(t).isInstanceOf(AssertionError.class);
    assertThat(Kit.fullMessage(t)).contains("eth7");
    assertThat(ms).as("the configured 1.5 s eventually timeout was used").isLessThan(8000);
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class EventuallyFails {
    @org.junit.jupiter.api.Test void t(@NetNamespace Netns ns) {
      assertThat(ns).eventually().hasLink("eth7");
    }
  }

  @Test
  void nullNamespaceFailsLikeAssertJ() {
    assertThatThrownBy(() -> assertThat((Netns) null).hasLink("lo")).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> assertThat((Link) null).isUp()).isInstanceOf(AssertionError.class);
  }
}
