package dev.netns.internal.netlink;

import dev.netns.ProbeResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One UDP round trip from inside a namespace, in this JVM: a connected datagram socket opened by
 * a thread that entered the namespace sends one datagram and waits for it to come back (an echo
 * responder answers it). A connected UDP socket also reports the ICMP "port unreachable" that a
 * closed port (or a {@code REJECT}) sends back, so "refused" is told apart from "no answer".
 */
public final class UdpProbe {

  private static final AtomicLong SEQ = new AtomicLong(System.nanoTime());

  private UdpProbe() {
  }

  /** Probes {@code addr:port} (4 or 16 bytes) from the namespace open as {@code nsFd}. */
  public static ProbeResult probe(int nsFd, String label, byte[] addr, int port, Duration timeout) {
    String target = (addr.length == 16 ? "[" + Inet.format(addr) + "]" : Inet.format(addr)) + ":" + port;
    return NsThread.callIn(nsFd, "udp probe to " + target + " from " + label, () -> run(addr, port, target, timeout));
  }

  /** Probes from the calling thread's namespace. */
  static ProbeResult run(byte[] addr, int port, String target, Duration timeout) throws IOException {
    long start = System.nanoTime();
    byte[] token = ("junit-netns udp probe " + SEQ.incrementAndGet()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (DatagramChannel ch = DatagramChannel.open(addr.length == 16 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
         Selector sel = Selector.open()) {
      ch.connect(new InetSocketAddress(InetAddress.getByAddress(addr), port));
      ch.configureBlocking(false);
      ch.register(sel, SelectionKey.OP_READ);
      try {
        ch.write(ByteBuffer.wrap(token));
      } catch (IOException e) {
        return new ProbeResult(false, target, since(start), reason(e));
      }
      ByteBuffer in = ByteBuffer.allocate(2048);
      long deadline = start + timeout.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return new ProbeResult(false, target, since(start), "no echo within " + timeout.toMillis() + " ms");
        }
        sel.select(Math.max(1, left / 1_000_000));
        sel.selectedKeys().clear();
        in.clear();
        int n;
        try {
          n = ch.read(in);
        } catch (PortUnreachableException e) {
          return new ProbeResult(false, target, since(start), "Connection refused (ICMP port unreachable)");
        } catch (IOException e) {
          return new ProbeResult(false, target, since(start), reason(e));
        }
        if (n <= 0) continue;
        in.flip();
        if (in.equals(ByteBuffer.wrap(token))) {
          Duration d = since(start);
          return new ProbeResult(true, target, d, n + " bytes echoed from " + target
              + String.format(java.util.Locale.ROOT, " time=%.3f ms", d.toNanos() / 1e6));
        }
        // something else (a late echo of an earlier probe would not reach this fresh socket): keep waiting
      }
    }
  }

  private static String reason(IOException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
