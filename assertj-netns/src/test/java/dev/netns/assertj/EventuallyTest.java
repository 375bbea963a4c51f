package dev.netns.assertj;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Netns;
import dev.netns.NetnsSettings;
import dev.netns.Veth;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** eventually(): retries on AssertionError only, re-reads the kernel, and says how long it tried. */
@NetnsTest
class EventuallyTest {

  @Test
  void waitsForALinkThatComesUpLater(@NetNamespace("red") Netns red,
                                     @VethPair(left = "red", right = "blue", leftName = "veth-red",
                                         leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable)
      throws Exception {
    red.down("veth-red");
    assertThatThrownBy(() -> assertThat(red).link("veth-red").isUp()).isInstanceOf(AssertionError.class);
    AtomicReference<Throwable> upFailed = new AtomicReference<>();
    Thread later = new Thread(() -> {
      try {
        Thread.sleep(300);
        red.up("veth-red");
      } catch (Throwable t) {
        upFailed.set(t);
      }
    }, "bring-veth-red-up");
    later.start();
    try {
      assertThat(red).eventually(Duration.ofSeconds(10)).link("veth-red").isUp();
      assertThat(red).eventually(Duration.ofSeconds(10)).canPing("10.0.0.2");
    } finally {
      later.join();
    }
    assertThat(upFailed.get()).isNull();
  }

  @Test
  void timeoutKeepsTheLastFailureAndCountsAttempts(@NetNamespace("red") Netns red) {
    assertThatThrownBy(() -> assertThat(red).eventually(Duration.ofMillis(600), Duration.ofMillis(50)).hasLink("veth9"))
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("Expecting namespace <red: " + red.name() + "> on the local kernel to have a link named veth9\n"
            + "but it has no such link;\nlinks:\n  lo ")
        .containsPattern("\nstill failing after 600 ms \\(([2-9]|\\d\\d+) attempts\\)$");
  }

  @Test
  void defaultsComeFromTheNamespacesSettings(@NetNamespace("red") Netns red) {
    // the run's settings travel with the namespace (the extension builds them from configuration
    // parameters); here a namespace whose run said netns.eventually.timeout=400ms
    NetnsSettings fast = NetnsSettings.from(java.util.Map.of(NetnsSettings.EVENTUALLY_TIMEOUT, "400ms")::get);
    Netns configured = (Netns) Proxy.newProxyInstance(Netns.class.getClassLoader(), new Class<?>[] {Netns.class},
        (proxy, method, args) -> method.getName().equals("settings") ? fast : method.invoke(red, args));
    assertThatThrownBy(() -> assertThat(configured).eventually().hasRouteVia("10.0.0.254"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to have a route via 10.0.0.254")
        .hasMessageContaining("still failing after 400 ms (");
    assertThat(red.settings().eventually()).as("the extension's settings: the default").isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void anythingButAnAssertionErrorEndsTheWaitAtOnce() {
    AtomicInteger reads = new AtomicInteger();
    IllegalStateException gone = new IllegalStateException("namespace jn-gone was deleted");
    Netns broken = brokenNamespace(reads, gone);
    Awaitility.ignoreExceptionsByDefault(); // a user's global default must not change our behaviour
    try {
      assertThatIllegalStateException()
          .isThrownBy(() -> assertThat(broken).eventually(Duration.ofSeconds(10)).hasRouteVia("10.0.0.1"))
          .isSameAs(gone);
      assertThat(reads).hasValue(1);
      assertThatIllegalStateException()
          .isThrownBy(() -> assertThat(broken).eventually(Duration.ofSeconds(10)).link("eth0").isUp())
          .isSameAs(gone);
      assertThat(reads).hasValue(2);
    } finally {
      Awaitility.reset();
    }
  }

  @Test
  void eachCheckReadsTheKernelAgain(@NetNamespace("red") Netns red) {
    AtomicInteger reads = new AtomicInteger();
    Netns counting = (Netns) Proxy.newProxyInstance(Netns.class.getClassLoader(), new Class<?>[] {Netns.class},
        (proxy, method, args) -> {
          if (method.getName().equals("links")) reads.incrementAndGet();
          return method.invoke(red, args);
        });
    assertThatThrownBy(() -> assertThat(counting).eventually(Duration.ofMillis(300), Duration.ofMillis(20))
        .hasAddress("10.0.0.1/24"))
        .isInstanceOf(AssertionError.class);
    // one read per attempt: nothing is cached between attempts
    assertThat(reads.get()).isGreaterThanOrEqualTo(4);
  }

  /** A namespace whose every read fails with {@code failure}, counting the reads. */
  static Netns brokenNamespace(AtomicInteger reads, RuntimeException failure) {
    return (Netns) Proxy.newProxyInstance(Netns.class.getClassLoader(), new Class<?>[] {Netns.class},
        (proxy, method, args) -> {
          if (method.getName().equals("toString")) return "broken namespace";
          reads.incrementAndGet();
          throw failure;
        });
  }
}
