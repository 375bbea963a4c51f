package dev.netns.samples;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import org.junit.jupiter.api.Test;

/**
 * Seed 004, "Try This: Connect Two Namespaces": red and blue with the tutorial's own names and
 * addresses. The eleven {@code ip} commands of the tutorial are the annotations below.
 */
@NetnsTest
class RedBlueTest {

  @Test
  void redAndBlueTalk(@NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
                      @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                                leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
    assertThat(red).canPing("10.0.0.2").link("veth-red").isUp().hasAddress("10.0.0.1/24");
    assertThat(blue).canPing("10.0.0.1").link("veth-blue").isUp().isVethPeerOf(cable.left());
  }

  @Test
  void sameTestOverIpv6(@NetNamespace("red") Netns red,
                        @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                                  leftAddress = "fd00::1/64", rightAddress = "fd00::2/64") Veth cable) {
    // "blue" is created implicitly because the veth names it; DAD is off, so no waiting
    assertThat(red).canPing("fd00::2").hasAddress("fd00::1/64");
    assertThat(cable.right().netns()).canPing("fd00::1");
  }
}
