package dev.netns;

/**
 * A UDP echo responder inside a namespace, made with {@link Netns#listenUdp(String, int)}: every
 * datagram it receives goes back, unchanged, to its sender, until closed. Use it as the "DNS-like"
 * server of a reachability test; {@link Netns#connectUdp(String, int, java.time.Duration)} succeeds
 * when the echo comes back.
 *
 * <pre>{@code
 * try (UdpListener dns = server.listenUdp("10.0.0.2", 53)) {
 *   assertThat(client).canConnectUdp("10.0.0.2", 53);
 * }
 * }</pre>
 */
public interface UdpListener extends AutoCloseable {

  /** The address the responder is bound to. */
  String address();

  /** The bound port (the kernel's choice when 0 was asked for). */
  int port();

  /** How many datagrams were echoed so far. */
  int echoed();

  /** Stops the responder. */
  @Override
  void close();
}
