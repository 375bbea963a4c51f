package dev.netns.internal.local;

import dev.netns.TcpListener;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener whose socket is created by a thread that entered the namespace (so it belongs to
 * that namespace); the accept loop runs on that same dedicated thread.
 */
public final class LocalTcpListener extends NamespaceSocket<ServerSocketChannel> implements TcpListener {

  private final AtomicInteger accepted = new AtomicInteger();

  private LocalTcpListener(ServerSocketChannel server, String address) {
    super(server, address);
  }

  /**
   * Binds {@code ip:port} inside the namespace whose file is {@code nsPath} and starts accepting.
   *
   * @param nsPath a namespace file this JVM can open, e.g. {@code /run/netns/NAME} or {@code /proc/PID/ns/net}
   */
  public static TcpListener open(String nsPath, String ip, int port) {
    LocalTcpListener l = new LocalTcpListener(bindIn(nsPath, "", ip, port, raw -> ServerSocketChannel.open()), ip);
    l.serve("netns-accept-", l::acceptLoop);
    return l;
  }

  private void acceptLoop() {
    while (channel.isOpen()) {
      try (SocketChannel c = channel.accept()) {
        accepted.incrementAndGet();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  @Override
  public int accepted() {
    return accepted.get();
  }
}
