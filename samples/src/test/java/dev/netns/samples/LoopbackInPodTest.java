package dev.netns.samples;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.Netns;
import dev.netns.TcpListener;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import org.junit.jupiter.api.Test;

/**
 * Seed 001 ("Talk Within Your Pod - Loopback Interface") and seed 004's "Forgot loopback":
 * containers of one pod share a namespace and reach each other over {@code lo}.
 */
@NetnsTest
class LoopbackInPodTest {

  @Test
  void podTalksToItselfOverLoopback(@NetNamespace("pod") Netns pod) {
    assertThat(pod).hasLink("lo").hasAddress("127.0.0.1/8").canPing("127.0.0.1").canPing("::1")
        .link("lo").isUp();
    try (TcpListener nginx = pod.listen("127.0.0.1", 8080)) {
      // a second "container" of the same pod connects over localhost
      assertThat(pod).canConnect("127.0.0.1", 8080).cannotConnect("127.0.0.1", 8081);
    }
  }

  @Test
  void loopbackDownMeansLocalhostFails(@NetNamespace("pod") Netns pod) {
    pod.down("lo");
    assertThat(pod).link("lo").isDown();
    assertThat(pod).cannotPing("127.0.0.1");
  }
}
