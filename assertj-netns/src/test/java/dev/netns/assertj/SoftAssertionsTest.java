package dev.netns.assertj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractSoftAssertions;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** The assertions work as AssertJ soft assertions: every failure of a chain is collected. */
@NetnsTest
class SoftAssertionsTest {

  @NetNamespace("red")
  static Netns red;
  @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
      leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24")
  static Veth cable;

  @Test
  void netnsSoftAssertionsCollectEveryFailureOfAChain() {
    NetnsSoftAssertions softly = new NetnsSoftAssertions();
    softly.assertThat(red)
        .hasLink("veth9")                           // 1
        .hasRouteVia("10.0.0.254")                  // 2
        .canPing("10.0.0.2")
        .link("veth-red").hasMtu(1400)              // 3
        .isUp()
        .hasAddress("10.0.0.3/24");                 // 4
    softly.assertThat(red).link("veth-gone").isUp().hasMtu(1500);  // 5: reported once
    softly.assertThat(cable.right()).isDown();      // 6
    softly.assertThat(42).isEqualTo(42);
    List<Throwable> errors = softly.errorsCollected();
    assertThat(errors).extracting(Throwable::getMessage).satisfiesExactly(
        m -> assertThat(m).contains("to have a link named veth9"),
        m -> assertThat(m).contains("to have a route via 10.0.0.254"),
        m -> assertThat(m).contains("to have mtu 1400"),
        m -> assertThat(m).contains("to have address 10.0.0.3/24"),
        m -> assertThat(m).contains("to have a link named veth-gone"),
        m -> assertThat(m).contains("Expecting link veth-blue in <blue: ").contains("to be down"));
    assertThatThrownBy(softly::assertAll).isInstanceOf(AssertionError.class)
        .hasMessageContaining("Multiple Failures (6 failures)");
  }

  @Test
  void customProviderAndPlainProxy() {
    class MySoftAssertions extends AbstractSoftAssertions implements NetnsSoftAssertionsProvider {
    }
    MySoftAssertions mine = new MySoftAssertions();
    mine.assertThat(red).canPing("10.0.0.2").eventually(Duration.ofMillis(300)).hasDefaultRouteVia("10.0.0.254");
    mine.assertThat(cable.left()).isUp().hasMtu(9000);
    assertThat(mine.errorsCollected()).extracting(Throwable::getMessage).satisfiesExactly(
        m -> assertThat(m).contains("to have its IPv4 default route via 10.0.0.254").contains("still failing after 300 ms"),
        m -> assertThat(m).contains("to have mtu 9000"));

    SoftAssertions plain = new SoftAssertions();
    plain.proxy(NetnsAssert.class, Netns.class, red).hasLink("lo").hasLink("eth7").cannotPing("10.0.0.2");
    plain.proxy(LinkAssert.class, Link.class, cable.left()).isDown();
    assertThat(plain.errorsCollected()).hasSize(3);
  }

  @Test
  void noAssertionMethodIsFinal() {
    List<String> finals = new ArrayList<>();
    for (Class<?> c : List.of(NetnsAssert.class, AbstractNetnsAssert.class, LinkAssert.class, AbstractLinkAssert.class,
        AbstractRetryingAssert.class)) {
      for (Method m : c.getDeclaredMethods()) {
        boolean visible = Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
        if (visible && Modifier.isFinal(m.getModifiers())) finals.add(c.getSimpleName() + "." + m.getName());
      }
    }
    assertThat(finals).isEmpty();
  }
}
