package dev.netns.assertj;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import org.junit.jupiter.api.Test;

/** The link assertions, passing and failing; each test gets its own namespaces. */
@NetnsTest
class LinkAssertTest {

  @Test
  void upDownAndTheirMessages(@NetNamespace("red") Netns red,
                              @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                                  leftAddress = "10.0.0.1/24") Veth cable) {
    Link left = cable.left();
    assertThat(left).isUp();
    red.down("veth-red");
    // the snapshot taken while it was up is read again: the check sees the link as it is now
    assertThat(left).isDown();
    assertThat(red).link("veth-red").isDown();
    assertThatThrownBy(() -> assertThat(left).isUp())
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("Expecting link veth-red in <red: " + red.name() + "> on the local kernel to be up\n"
            + "but it is DOWN (state DOWN, flags [BROADCAST, MULTICAST]);\n"
            + "links:\n")
        .containsPattern("\n  veth-red +DOWN +state DOWN +mtu 1500 +10\\.0\\.0\\.1/24 +peer veth-blue in <blue: ");
    assertThatThrownBy(() -> assertThat(cable.right()).isDown())
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("Expecting link veth-blue in <blue: ")
        .contains("to be down\nbut it is UP (state ")
        .containsPattern("\n  veth-blue +UP .*  no carrier  peer veth-red in <red: ");
  }

  @Test
  void mtuAndAddress(@VethPair(left = "red", right = "blue", leftAddress = "fd00::1/64", mtu = 1400) Veth cable) {
    assertThat(cable.left()).hasMtu(1400).hasAddress("fd00::1/64").hasAddress("fd00:0::1/64");
    assertThatThrownBy(() -> assertThat(cable.left()).hasMtu(1500))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to have mtu 1500\nbut it has mtu 1400;\nlinks:");
    assertThatThrownBy(() -> assertThat(cable.left()).hasAddress("fd00::1/48"))
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("Expecting link " + cable.left().name() + " in <red: ")
        .containsPattern("to have address fd00::1/48\nbut it holds fd00::1/64 fe80::[0-9a-f:]+/64;\nlinks:");
    assertThatThrownBy(() -> assertThat(cable.right()).hasAddress("10.0.0.2/24"))
        .isInstanceOf(AssertionError.class)
        .message()
        .containsPattern("but it holds (fe80::[0-9a-f:]+/64|no address);");
  }

  @Test
  void aLinkThatIsGoneFailsWithTheNamespacesLinks(@NetNamespace("red") Netns red,
                                                 @VethPair(left = "red", right = "blue", leftName = "veth-red") Veth cable) {
    Link left = cable.left();
    red.deleteLink("veth-red");
    assertThatThrownBy(() -> assertThat(left).isDown())
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("Expecting namespace <red: " + red.name() + "> on the local kernel to have a link named veth-red\n"
            + "but it has no such link;\n"
            + "links:\n"
            + "  lo ");
  }

  @Test
  void vethPeersAcrossNamespacesAndInOne(@NetNamespace("red") Netns red,
                                         @VethPair(left = "red", right = "blue") Veth cable,
                                         @VethPair(left = "red", right = "red") Veth loop) {
    assertThat(cable.left()).isVethPeerOf(cable.right());
    assertThat(cable.right()).isVethPeerOf(cable.left());
    assertThat(loop.left()).isVethPeerOf(loop.right());
    assertThat(red).link(loop.right().name()).isVethPeerOf(loop.left());
  }

  @Test
  void crossedPairsAreNotPeers(@VethPair(left = "red", right = "blue", leftName = "a1", rightName = "b1") Veth one,
                               @VethPair(left = "red", right = "blue", leftName = "a2", rightName = "b2") Veth two) {
    assertThatThrownBy(() -> assertThat(one.left()).isVethPeerOf(two.right()))
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("Expecting link a1 in <red: ")
        .contains("to be the veth peer of b2 in <blue: ")
        .contains("but:\n  - the peer of a1 is ifindex " + one.right().index() + ", not b2's index " + two.right().index())
        .contains("  - the peer of b2 is ifindex " + two.left().index() + ", not a1's index " + one.left().index())
        .contains("facts:\n  a1  index " + one.left().index() + "  kind veth  peer ifindex " + one.right().index()
            + "  link-netnsid ")
        .contains("(= " + one.right().netns().name() + ")");
  }

  @Test
  void matchingIndexesInTheWrongNamespaceAreNotPeers(@NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
                                                     @NetNamespace("green") Netns green,
                                                     @NetNamespace("yellow") Netns yellow) {
    // two pairs whose four ends all have index 9: only the namespaces tell them apart
    red.exec("ip", "link", "add", "ra", "index", "9", "type", "veth", "peer", "name", "ba", "index", "9",
        "netns", blue.name()).orThrow();
    green.exec("ip", "link", "add", "gb", "index", "9", "type", "veth", "peer", "name", "yb", "index", "9",
        "netns", yellow.name()).orThrow();
    Link ra = red.link("ra").orElseThrow();
    Link yb = yellow.link("yb").orElseThrow();
    assertThat(ra).isVethPeerOf(blue.link("ba").orElseThrow());
    assertThatThrownBy(() -> assertThat(ra).isVethPeerOf(yb))
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("  - the peer of ra lives in namespace " + blue.name() + " (link-netnsid ")
        .contains("not in <yellow: " + yellow.name() + "> where yb is")
        .contains("  - the peer of yb lives in namespace " + green.name())
        .doesNotContain("is ifindex");
  }

  @Test
  void notAVeth(@NetNamespace("red") Netns red, @VethPair(left = "red", right = "blue") Veth cable) {
    assertThatThrownBy(() -> assertThat(red).link("lo").isVethPeerOf(cable.right()))
        .isInstanceOf(AssertionError.class)
        .message()
        .contains("  - lo is not a veth (kind none)")
        .contains("  - lo has no peer index")
        .contains("  lo  index 1  kind (none)  peer ifindex (none)  link-netnsid (none: peer in the same namespace)");
  }
}
