package dev.netns.internal.local;

import dev.netns.UdpListener;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP echo responder whose socket is created by a thread that entered the namespace (so it
 * belongs to that namespace, whichever thread reads it later); the echo loop runs on a daemon
 * thread of its own until the socket is closed.
 */
public final class LocalUdpListener extends NamespaceSocket<DatagramChannel> implements UdpListener {

  private final AtomicInteger echoed = new AtomicInteger();

  private LocalUdpListener(DatagramChannel channel, String address) {
    super(channel, address);
  }

  /**
   * Binds {@code ip:port} inside the namespace whose file is {@code nsPath} and starts echoing.
   *
   * @param nsPath a namespace file this JVM can open, e.g. {@code /run/netns/NAME} or {@code /proc/PID/ns/net}
   */
  public static UdpListener open(String nsPath, String ip, int port) {
    LocalUdpListener l = new LocalUdpListener(bindIn(nsPath, "udp ", ip, port, raw -> DatagramChannel.open(
        raw.length == 16 ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET)), ip);
    l.serve("netns-udp-echo-", l::echoLoop);
    return l;
  }

  private void echoLoop() {
    ByteBuffer buf = ByteBuffer.allocate(65536);
    while (channel.isOpen()) {
      try {
        buf.clear();
        SocketAddress from = channel.receive(buf);
        if (from == null) continue;
        buf.flip();
        channel.send(buf, from);
        echoed.incrementAndGet();
      } catch (IOException e) {
        if (!channel.isOpen()) return; // closed
        // an ICMP error for an earlier echo (the sender went away) must not stop the responder
      }
    }
  }

  @Override
  public int echoed() {
    return echoed.get();
  }
}
