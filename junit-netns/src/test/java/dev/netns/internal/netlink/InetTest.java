package dev.netns.internal.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inet.ipaddr.IPAddressString;
import org.junit.jupiter.api.Test;

/** The dotted-quad fast path gives exactly the full parser's bytes, and leaves everything else to it. */
class InetTest {

  @Test
  void dottedQuadsAgreeWithTheParser() {
    for (String s : new String[] {"0.0.0.0", "10.0.0.1", "255.255.255.255", "192.168.100.200", "1.2.3.4", "10.244.1.3"}) {
      assertThat(Inet.dottedQuad(s)).as(s).isEqualTo(new IPAddressString(s).getAddress().getBytes());
      assertThat(Inet.address(s, "x")).isEqualTo(Inet.dottedQuad(s));
    }
  }

  @Test
  void anythingElseGoesToTheParser() {
    for (String s : new String[] {"256.0.0.1", "10.0.0", "10.0.0.1.", ".10.0.0.1", "10..0.1", "010.0.0.1", "10.0.0.01",
        "1.2.3.4/24", "fd00::1", "::ffff:1.2.3.4", "1.2.3.a", "1.2.3.1000", "", "a.b.c.d"}) {
      assertThat(Inet.dottedQuad(s)).as(s).isNull();
    }
    assertThat(Inet.address("fd00::1", "x")).hasSize(16);
    assertThatThrownBy(() -> Inet.address("256.0.0.1", "ping target")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256.0.0.1");
  }
}
