package dev.netns.samples;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import org.junit.jupiter.api.Test;

/**
 * Seed 004, "Creating veth Pairs" then "Move each end to a namespace": the pair is made in one
 * place and one end is moved, as {@code ip link set veth-ns netns container} does. Moving drops
 * the end's addresses and brings it down, exactly as iproute2 shows.
 */
@NetnsTest
class MoveVethEndTest {

  @Test
  void moveOneEndIntoTheContainer(@HostNamespace Netns host, @NetNamespace("container") Netns container) {
    Veth pair = host.addVeth("veth-host", host, "veth-ns");
    assertThat(host).hasLink("veth-host").hasLink("veth-ns");

    host.moveLink("veth-ns", container);

    assertThat(host.link("veth-ns")).isEmpty();
    assertThat(container).hasLink("veth-ns").link("veth-ns").isDown();
    container.addAddress("veth-ns", "10.0.0.2/24").up("veth-ns");
    host.addAddress("veth-host", "10.0.0.1/24");
    assertThat(container).canPing("10.0.0.1").link("veth-ns").isUp().isVethPeerOf(host.link("veth-host").orElseThrow());
  }
}
