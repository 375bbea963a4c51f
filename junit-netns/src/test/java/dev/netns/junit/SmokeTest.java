package dev.netns.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.Target;
import dev.netns.Veth;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@NetnsTest
class SmokeTest {

  @Test
  void twoNamespacesTalk(@NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
                         @VethPair(left = "red", right = "blue", leftAddress = "10.0.0.1/24",
                             rightAddress = "10.0.0.2/24") Veth cable, Target target) {
    assertThat(red.ping("10.0.0.2", Duration.ofSeconds(1)).success()).isTrue();
    assertThat(blue.link(cable.right().name())).isPresent();
    assertThat(cable.left().addresses()).contains("10.0.0.1/24");
    assertThat(red.name()).startsWith("jn-");
    assertThat(target.namespaces()).contains(red, blue);
  }

  @Test
  void ipv6(@VethPair(left = "a", right = "b", leftAddress = "fd00::1/64", rightAddress = "fd00::2/64", mtu = 1400) Veth v,
            @NetNamespace("a") Netns a) {
    assertThat(a.ping("fd00::2", Duration.ofSeconds(1)).success()).isTrue();
    assertThat(v.left().mtu()).isEqualTo(1400);
  }
}
