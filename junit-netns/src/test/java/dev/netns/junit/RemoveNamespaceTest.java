package dev.netns.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Netns;
import dev.netns.Target;
import org.junit.jupiter.api.Test;

/** {@link Target#removeNamespace}: a namespace the test made goes now, and only such a namespace. */
@NetnsTest
class RemoveNamespaceTest {

  @Test
  void aNamespaceTheTestMadeGoesNowWithItsLinks(Target target, @NetNamespace("kept") Netns kept) throws Exception {
    Netns pod = target.createNamespace("pod");
    pod.addVeth("v-a", kept, "v-b");
    String name = pod.name();
    assertThat(target.namespace(name)).isPresent();

    target.removeNamespace(pod);

    assertThat(target.namespace(name)).isEmpty();
    // the kernel tears a namespace down in the background: its veths go shortly after
    long until = System.nanoTime() + 10_000_000_000L;
    while (kept.link("v-b").isPresent() && System.nanoTime() < until) Thread.sleep(20);
    assertThat(kept.link("v-b")).as("the veth died with its other end").isEmpty();
    assertThat(target.testNamespaces()).doesNotContain(pod).contains(kept);
    // the logical name is free again, and a second removal is refused
    assertThat(target.createNamespace("pod").name()).isNotEqualTo(name);
    assertThatThrownBy(() -> target.removeNamespace(pod)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was not created by");
  }

  @Test
  void theHostSideAndForeignNamespacesAreRefused(Target target) {
    Netns host = target.host();
    assertThatThrownBy(() -> target.removeNamespace(host)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never its host side");
    assertThat(target.namespace(host.name())).isPresent();
    assertThatThrownBy(() -> target.removeNamespace(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
