package dev.netns.assertj;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.netns.Link;
import dev.netns.Netns;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bad arguments are IllegalArgumentExceptions naming the value and what is allowed, thrown before
 * anything is read from the kernel (the namespace here fails every read, and counts them).
 */
class ArgumentsTest {

  private final AtomicInteger reads = new AtomicInteger();
  private final Netns ns = EventuallyTest.brokenNamespace(reads, new IllegalStateException("must not be read"));
  private final Link link = (Link) Proxy.newProxyInstance(Link.class.getClassLoader(), new Class<?>[] {Link.class},
      (proxy, method, args) -> switch (method.getName()) {
        case "netns" -> ns;
        case "name" -> "veth0";
        default -> throw new IllegalStateException("must not be read");
      });

  @AfterEach
  void nothingWasRead() {
    assertThat(reads).hasValue(0);
  }

  @Test
  void addressesAreIpLiteralsNeverHostNames() {
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ns).canPing("10.0.0"))
        .withMessageContaining("canPing(ip) \"10.0.0\"")
        .withMessageContaining("expected an IPv4 or IPv6 address such as 10.0.0.2 or fd00::2");
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ns).canPing("example.com"))
        .withMessageContaining("\"example.com\"").withMessageContaining("expected an IPv4 or IPv6 address");
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ns).cannotPing("10.0.0.256"))
        .withMessageContaining("cannotPing(ip) \"10.0.0.256\"");
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ns).canPing(null))
        .withMessage("canPing: the address is null; expected an IPv4 or IPv6 address such as 10.0.0.2 or fd00::2");
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ns).hasRouteVia("10.0.0.0/24"))
        .withMessageContaining("hasRouteVia(ip) \"10.0.0.0/24\" must be a single address, not a prefix");
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ns).hasDefaultRouteVia("localhost"))
        .withMessageContaining("\"localhost\"");
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ns).canConnect("fd00::zz", 80))
        .withMessageContaining("canConnect(ip) \"fd00::zz\"");
  }

  @Test
  void cidrsNeedAPrefixLength() {
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ns).hasAddress("10.0.0.1"))
        .withMessageContaining("hasAddress(cidr) \"10.0.0.1\" has no prefix length")
        .withMessageContaining("such as 10.0.0.1/24 or fd00::1/64");
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ns).hasAddress("10.0.0.1/33"))
        .withMessageContaining("\"10.0.0.1/33\"");
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(link).hasAddress(null))
        .withMessageContaining("hasAddress: the address is null");
  }

  @Test
  void portsAreOneTo65535() {
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ns).canConnect("10.0.0.2", 0))
        .withMessage("canConnect: port 0 is out of range; a TCP port is 1 to 65535");
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ns).cannotConnect("10.0.0.2", 70000))
        .withMessage("cannotConnect: port 70000 is out of range; a TCP port is 1 to 65535");
  }

  @Test
  void durationsArePositive() {
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ns).canPing("10.0.0.2", Duration.ofMillis(-1)))
        .withMessageContaining("canPing: timeout -1 ms (PT-0.001S) is not allowed; expected a positive duration");
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ns).eventually(Duration.ZERO))
        .withMessageContaining("eventually: timeout 0 ms (PT0S) is not allowed");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> assertThat(ns).eventually(Duration.ofSeconds(1), Duration.ofSeconds(-2)))
        .withMessageContaining("eventually: interval");
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ns).withProbeTimeout(null))
        .withMessageContaining("withProbeTimeout: timeout is null; expected a positive duration");
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(link).eventually(null))
        .withMessageContaining("eventually: timeout is null");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> assertThat(ns).canConnect("10.0.0.2", 80, Duration.ofSeconds(-1)))
        .withMessageContaining("canConnect: timeout");
  }

  @Test
  void linkArguments() {
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(link).hasMtu(-1))
        .withMessage("hasMtu: mtu -1 is not valid; an MTU is a positive number of bytes, such as 1500");
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ns).hasLink("this-name-is-too-long"))
        .withMessageContaining("\"this-name-is-too-long\" has 21 characters")
        .withMessageContaining("limited to 15 characters");
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ns).link(""))
        .withMessageContaining("link(name) is empty");
    assertThatIllegalArgumentException().isThrownBy(() -> assertThat(link).isVethPeerOf(null))
        .withMessage("isVethPeerOf: the other link is null");
  }
}
