package dev.netns.internal.local;

import dev.netns.NetnsException;
import dev.netns.UdpListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP echo responder whose socket is created by a thread that entered the namespace (so it
 * belongs to that namespace, whichever thread reads it later); the echo loop runs on a daemon
 * thread of its own until the socket is closed.
 */
public final class LocalUdpListener implements UdpListener {

  private final DatagramChannel channel;
  private final String address;
  private final AtomicInteger echoed = new AtomicInteger();

  private LocalUdpListener(DatagramChannel channel, String address) {
    this.channel = channel;
    this.address = address;
  }

  /**
   * Binds {@code ip:port} inside the namespace whose file is {@code nsPath} and starts echoing.
   *
   * @param nsPath a namespace file this JVM can open, e.g. {@code /run/netns/NAME} or {@code /proc/PID/ns/net}
   */
  public static UdpListener open(String nsPath, String ip, int port) {
    DatagramChannel ch = dev.netns.internal.netlink.NsThread.callIn(nsPath, "netns-listen-udp", () -> {
      byte[] raw = new inet.ipaddr.IPAddressString(ip).getAddress().getBytes(); // a validated literal: no lookup
      DatagramChannel d = DatagramChannel.open(raw.length == 16
          ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
      try {
        d.bind(new InetSocketAddress(InetAddress.getByAddress(raw), port));
      } catch (IOException e) {
        d.close();
        throw new NetnsException("cannot listen on udp " + ip + ":" + port + " in " + nsPath + ": " + e.getMessage(), e);
      }
      return d;
    });
    LocalUdpListener l = new LocalUdpListener(ch, ip);
    Thread t = new Thread(l::echoLoop, "netns-udp-echo-" + ip + ":" + l.port());
    t.setDaemon(true);
    t.start();
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
  public String address() {
    return address;
  }

  @Override
  public int port() {
    try {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public int echoed() {
    return echoed.get();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
