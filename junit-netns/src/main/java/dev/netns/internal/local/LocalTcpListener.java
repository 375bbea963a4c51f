package dev.netns.internal.local;

import dev.netns.NetnsException;
import dev.netns.TcpListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener whose socket is created by a thread that entered the namespace (so it belongs to
 * that namespace); the accept loop runs on that same dedicated thread.
 */
public final class LocalTcpListener implements TcpListener {

  private final ServerSocketChannel server;
  private final String address;
  private final AtomicInteger accepted = new AtomicInteger();

  private LocalTcpListener(ServerSocketChannel server, String address) {
    this.server = server;
    this.address = address;
  }

  /**
   * Binds {@code ip:port} inside the namespace whose file is {@code nsPath} and starts accepting.
   *
   * @param nsPath a namespace file this JVM can open, e.g. {@code /run/netns/NAME} or {@code /proc/PID/ns/net}
   */
  public static TcpListener open(String nsPath, String ip, int port) {
    ServerSocketChannel ch = dev.netns.internal.netlink.NsThread.callIn(nsPath, "netns-listen", () -> {
      ServerSocketChannel s = ServerSocketChannel.open();
      try {
        s.bind(new InetSocketAddress(java.net.InetAddress.getByAddress(literal(ip)), port));
      } catch (IOException e) {
        s.close();
        throw new NetnsException("cannot listen on " + ip + ":" + port + " in " + nsPath + ": " + e.getMessage(), e);
      }
      return s;
    });
    LocalTcpListener l = new LocalTcpListener(ch, ip);
    Thread t = new Thread(l::acceptLoop, "netns-accept-" + ip + ":" + l.port());
    t.setDaemon(true);
    t.start();
    return l;
  }

  /** The bytes of a validated literal: no name resolution ever happens here. */
  private static byte[] literal(String ip) {
    return new inet.ipaddr.IPAddressString(ip).getAddress().getBytes();
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try (SocketChannel c = server.accept()) {
        accepted.incrementAndGet();
      } catch (IOException e) {
        return; // closed
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
      return ((InetSocketAddress) server.getLocalAddress()).getPort();
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public int accepted() {
    return accepted.get();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
