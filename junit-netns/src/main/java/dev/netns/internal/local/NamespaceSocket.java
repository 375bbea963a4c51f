package dev.netns.internal.local;

import dev.netns.NetnsException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.NetworkChannel;

/**
 * What the TCP and UDP listeners share: a socket bound inside a namespace by a thread that entered
 * it (so the socket belongs to that namespace, whichever thread serves it later), the address it
 * was asked for, its port, and a loop on a daemon thread of its own until the socket is closed.
 */
abstract class NamespaceSocket<C extends NetworkChannel> implements AutoCloseable {

  /** Opens a channel of the right kind for an address of {@code rawAddress.length} bytes. */
  interface Opener<C> {
    C open(byte[] rawAddress) throws IOException;
  }

  protected final C channel;
  private final String address;

  protected NamespaceSocket(C channel, String address) {
    this.channel = channel;
    this.address = address;
  }

  /**
   * Binds a channel to {@code ip:port} inside the namespace whose file is {@code nsPath}; the
   * address is a validated literal, never resolved.
   */
  static <C extends NetworkChannel> C bindIn(String nsPath, String what, String ip, int port, Opener<C> opener) {
    return dev.netns.internal.netlink.NsThread.callIn(nsPath, "netns-listen", () -> {
      byte[] raw = new inet.ipaddr.IPAddressString(ip).getAddress().getBytes();
      C ch = opener.open(raw);
      try {
        ch.bind(new InetSocketAddress(InetAddress.getByAddress(raw), port));
      } catch (IOException e) {
        ch.close();
        throw new NetnsException("cannot listen on " + what + ip + ":" + port + " in " + nsPath + ": " + e.getMessage(), e);
      }
      return ch;
    });
  }

  /** Runs {@code loop} on a daemon thread named after the socket. */
  protected final void serve(String threadPrefix, Runnable loop) {
    Thread t = new Thread(loop, threadPrefix + address + ":" + port());
    t.setDaemon(true);
    t.start();
  }

  public String address() {
    return address;
  }

  public int port() {
    try {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    } catch (IOException e) {
      return -1;
    }
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
