package dev.netns.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Neighbour;
import dev.netns.Netns;
import dev.netns.NetnsException;
import dev.netns.ProbeResult;
import dev.netns.Veth;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The neighbour table through the public API: learned entries, and static entries the kernel really uses. */
@NetnsTest
class NeighbourTest {

  private static final Duration PROBE = Duration.ofSeconds(1);

  @Test
  void pingedPeerIsLearnedAndAWrongStaticMacBreaksPing(
      @NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
      @VethPair(left = "red", right = "blue", leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
    String dev = cable.left().name();
    String peerMac = blue.link(cable.right().name()).orElseThrow().mac();
    assertThat(red.ping("10.0.0.2", PROBE).success()).isTrue();
    assertThat(red.neighbours()).anySatisfy(n -> {
      assertThat(n.address()).isEqualTo("10.0.0.2");
      assertThat(n.mac()).isEqualTo(peerMac);
      assertThat(n.device()).isEqualTo(dev);
      assertThat(n.state()).isIn("REACHABLE", "STALE", "DELAY");
    });

    // a static entry with a MAC nobody has: the echo goes to that MAC and the peer drops it
    red.addNeighbour("10.0.0.2", "02:00:5E:00:53:99", dev);
    assertThat(red.neighbours()).contains(new Neighbour("10.0.0.2", "02:00:5e:00:53:99", dev, "PERMANENT"));
    ProbeResult broken = red.ping("10.0.0.2", Duration.ofMillis(500));
    assertThat(broken.success()).as(broken.detail()).isFalse();

    // the right MAC, statically: ping works again, and ARP is never needed
    red.addNeighbour("10.0.0.2", peerMac, dev);
    assertThat(red.ping("10.0.0.2", PROBE).success()).isTrue();
    assertThat(red.neighbours()).filteredOn(n -> n.address().equals("10.0.0.2"))
        .containsExactly(new Neighbour("10.0.0.2", peerMac, dev, "PERMANENT"));
  }

  @Test
  void ipv6StaticEntry(@NetNamespace("a") Netns a,
      @VethPair(left = "a", right = "b", leftAddress = "fd00::1/64", rightAddress = "fd00::2/64") Veth v) {
    a.addNeighbour("fd00::0:9", "02:aa:bb:cc:dd:ee", v.left().name());
    assertThat(a.neighbours()).contains(new Neighbour("fd00::9", "02:aa:bb:cc:dd:ee", v.left().name(), "PERMANENT"));
  }

  @Test
  void badInputIsRejectedWithTheBadValue(@NetNamespace("x") Netns x) {
    assertThatThrownBy(() -> x.addNeighbour("10.0.0.2", "02:aa:bb:cc:dd", "eth0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"02:aa:bb:cc:dd\"")
        .hasMessageContaining("six hex octets");
    assertThatThrownBy(() -> x.addNeighbour("10.0.0.2", "02-aa-bb-cc-dd-ee", "eth0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("02-aa-bb-cc-dd-ee");
    assertThatThrownBy(() -> x.addNeighbour("10.0.0.300", "02:aa:bb:cc:dd:ee", "eth0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.0.0.300");
    assertThatThrownBy(() -> x.addNeighbour("10.0.0.2", "02:aa:bb:cc:dd:ee", "this-name-is-too-long"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("this-name-is-too-long");
    assertThatThrownBy(() -> x.addNeighbour("10.0.0.2", "02:aa:bb:cc:dd:ee", "nope0"))
        .isInstanceOf(NetnsException.class).hasMessageContaining("nope0");
  }
}
