package dev.netns.assertj;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Netns;
import dev.netns.TcpListener;
import dev.netns.Veth;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** TCP reachability against a real listener inside a namespace (Netns.listen), IPv4 and IPv6. */
@NetnsTest
class ConnectTest {

  @Test
  void connectsToAListenerAndNotToAClosedPort(@NetNamespace("client") Netns client, @NetNamespace("server") Netns server,
                                              @VethPair(left = "client", right = "server",
                                                  leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth v) {
    try (TcpListener web = server.listen("10.0.0.2", 8080)) {
      assertThat(client).canConnect("10.0.0.2", 8080).cannotConnect("10.0.0.2", 8081);
      assertThatThrownBy(() -> assertThat(client).canConnect("10.0.0.2", 8081))
          .isInstanceOf(AssertionError.class)
          .message()
          .contains("Expecting namespace <client: " + client.name()
              + "> on the local kernel to be able to connect to 10.0.0.2:8081\n(one TCP connect, timeout 1 s)\n")
          .containsPattern("but the probe saw \\(after \\d+ ms\\):\n  .*[Cc]onnection refused")
          .contains("links:")
          .contains("routes (main table):\n  10.0.0.0/24 dev ");
      assertThatThrownBy(() -> assertThat(client).cannotConnect("10.0.0.2", 8080))
          .isInstanceOf(AssertionError.class)
          .message()
          .contains("not to be able to connect to 10.0.0.2:8080")
          .containsPattern("but the connection was established \\(after \\d+ ms\\):\n  connected");
      assertThat(web.accepted()).isPositive();
    }
  }

  @Test
  void ipv6(@NetNamespace("client") Netns client, @NetNamespace("server") Netns server,
            @VethPair(left = "client", right = "server", leftAddress = "fd00::1/64", rightAddress = "fd00::2/64") Veth v) {
    try (TcpListener web = server.listen("fd00::2", 0)) {
      assertThat(client).canConnect("fd00::2", web.port()).cannotConnect("fd00::2", web.port() == 1 ? 2 : 1);
    }
  }

  @Test
  void unreachableAddresses(@NetNamespace("client") Netns client,
                            @VethPair(left = "client", right = "server", leftAddress = "10.0.0.1/24") Veth v) {
    assertThat(client)
        .cannotConnect("10.0.0.9", 80, Duration.ofMillis(300))   // on the link, but nobody answers ARP
        .cannotConnect("203.0.113.5", 80);                        // no route at all
    assertThatThrownBy(() -> assertThat(client).canConnect("203.0.113.5", 80))
        .isInstanceOf(AssertionError.class)
        .message()
        .containsPattern("but the probe saw \\(after \\d+ ms\\):\n  .*[Nn]etwork is unreachable")
        .contains("routes (main table):\n  10.0.0.0/24 dev ");
  }
}
