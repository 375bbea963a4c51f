package dev.netns.internal.netlink;

import dev.netns.ProbeResult;
import dev.netns.internal.spi.SentProbes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Probes from inside a namespace: ICMP echo through the namespace's ICMP sockets, TCP connect
 * through a socket opened by a thread that entered the namespace.
 */
final class Probes {

  private final NamespaceFactory namespaces;

  Probes(NamespaceFactory namespaces) {
    this.namespaces = namespaces;
  }

  ProbeResult ping(String ns, String ipText, Duration timeout) {
    byte[] addr = Inet.address(ipText, "ping target");
    String target = Inet.format(addr);
    NsHandle h = namespaces.acquire(ns);
    try {
      IcmpSocket s = h.takeIcmp(addr.length == 16);
      try {
        return s.ping(target, addr, timeout, SentProbes.sinkFor(ns), ns);
      } finally {
        h.giveBack(s);
      }
    } finally {
      h.release();
    }
  }

  ProbeResult connect(String ns, String ipText, int port, Duration timeout) {
    byte[] addr = Inet.address(ipText, "connect target");
    boolean v6 = addr.length == 16;
    String target = (v6 ? "[" + Inet.format(addr) + "]" : Inet.format(addr)) + ":" + port;
    NsHandle h = namespaces.acquire(ns);
    try {
      long start = System.nanoTime();
      return NsThread.callIn(h.fd, "connect to " + target + " from " + h.label(), () -> {
        try (SocketChannel ch = SocketChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET)) {
          int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
          ch.socket().connect(new InetSocketAddress(InetAddress.getByAddress(addr), port), ms);
          return new ProbeResult(true, target, Duration.ofNanos(System.nanoTime() - start), "connected");
        } catch (SocketTimeoutException e) {
          return new ProbeResult(false, target, Duration.ofNanos(System.nanoTime() - start),
              "timed out after " + timeout.toMillis() + " ms");
        } catch (ConnectException | NoRouteToHostException e) {
          return new ProbeResult(false, target, Duration.ofNanos(System.nanoTime() - start), reason(e));
        } catch (IOException e) {
          return new ProbeResult(false, target, Duration.ofNanos(System.nanoTime() - start), reason(e));
        }
      });
    } finally {
      h.release();
    }
  }

  /** The kernel's words without the JDK's decorations, e.g. {@code Connection refused}. */
  private static String reason(IOException e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) return e.getClass().getSimpleName();
    return m.replace(" (connect failed)", "").strip();
  }

  ProbeResult connectUdp(String ns, String ipText, int port, Duration timeout) {
    byte[] addr = Inet.address(ipText, "udp target");
    NsHandle h = namespaces.acquire(ns);
    try {
      return UdpProbe.probe(h.fd, h.label(), addr, port, timeout);
    } finally {
      h.release();
    }
  }

  ProbeResult ping(String ns, String ipText, int payloadBytes, Duration timeout) {
    byte[] addr = Inet.address(ipText, "ping target");
    NsHandle h = namespaces.acquire(ns);
    try {
      return DfPing.ping(h.fd, h.label(), addr, payloadBytes, timeout);
    } finally {
      h.release();
    }
  }
}
