package dev.netns.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Neighbour;
import dev.netns.internal.local.LocalBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A static neighbour added in a namespace the scope does not own (as on a kind node or in an
 * adopted pod) is deleted when the scope closes; in an owned namespace it simply goes with it.
 */
class NeighbourUndoTest {

  @Test
  void neighbourInANamespaceNotOwnedIsDeletedAfterwards() {
    try (Scope outer = new Scope(LocalBackend.get(), null, "neigh-owner")) {
      NetnsImpl ns = outer.createNamespaces(List.of("nbr")).get(0);
      ns.addVeth("nb0", ns, "nb1");
      ns.addNeighbour("10.7.0.2", "02:aa:bb:cc:dd:01", "nb0"); // owned: nothing to undo, kept until ns goes
      try (Scope inner = new Scope(LocalBackend.get(), null, "neigh-guest")) {
        NetnsImpl adopted = inner.adopt(ns.name());
        assertThat(adopted.isOwned()).isFalse();
        adopted.addNeighbour("10.7.0.3", "02:aa:bb:cc:dd:02", "nb0");
        adopted.addNeighbour("fd00:7::3", "02:aa:bb:cc:dd:03", "nb0");
        assertThat(ns.neighbours()).extracting(Neighbour::address).contains("10.7.0.2", "10.7.0.3", "fd00:7::3");
      }
      assertThat(ns.neighbours()).extracting(Neighbour::address)
          .as("the guest scope's entries are gone, the owner's stays").contains("10.7.0.2")
          .doesNotContain("10.7.0.3", "fd00:7::3");
    }
  }
}
