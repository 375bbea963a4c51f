package dev.netns.internal.netlink;

import dev.netns.NetnsException;
import dev.netns.ProbeResult;
import dev.netns.internal.spi.SentProbes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A raw ICMP (or ICMPv6) socket of one namespace that sends one echo request and waits for the
 * matching reply: no process, no fork. Raw sockets see every ICMP message of the namespace, so
 * replies are matched by identifier and sequence number; a kernel filter passes only echo
 * replies and the errors that can answer an echo. Used by one probe at a time.
 */
final class IcmpSocket implements AutoCloseable {

  private static final AtomicInteger IDS = new AtomicInteger((int) (System.nanoTime() & 0xffff));
  private static final int PAYLOAD = 56;
  private static final String[] UNREACH4 = {"Destination Net Unreachable", "Destination Host Unreachable",
      "Destination Protocol Unreachable", "Destination Port Unreachable", "Frag needed",
      "Source Route Failed", "Destination Net Unknown", "Destination Host Unknown", "Source Host Isolated",
      "Destination Net Prohibited", "Destination Host Prohibited", "Destination Net Unreachable for Type of Service",
      "Destination Host Unreachable for Type of Service", "Packet filtered", "Precedence Violation",
      "Precedence Cutoff"};
  private static final String[] UNREACH6 = {"Destination unreachable: No route",
      "Destination unreachable: Administratively prohibited", "Destination unreachable: Beyond scope of source address",
      "Destination unreachable: Address unreachable", "Destination unreachable: Port unreachable",
      "Destination unreachable: Source address failed ingress/egress policy",
      "Destination unreachable: Reject route to destination"};

  private final LibC c;
  private final int fd;
  private final boolean v6;
  private final int id;
  private int seq;
  private ByteBuffer tx;
  private ByteBuffer rx;
  private final byte[] pollfd = new byte[8];
  private volatile boolean closed;

  private IcmpSocket(LibC c, int fd, boolean v6) {
    this.c = c;
    this.fd = fd;
    this.v6 = v6;
    this.id = IDS.incrementAndGet() & 0xffff;
    ByteBuffer.wrap(pollfd).order(ByteOrder.nativeOrder()).putInt(fd).putShort(Nl.POLLIN);
  }

  /** Opens a raw ICMP socket in the calling thread's namespace. */
  static IcmpSocket open(boolean v6) {
    LibC c = LibC.Holder.get();
    int fd = c.socket(v6 ? Nl.AF_INET6 : Nl.AF_INET, Nl.SOCK_RAW | Nl.SOCK_CLOEXEC,
        v6 ? Nl.IPPROTO_ICMPV6 : Nl.IPPROTO_ICMP);
    if (fd < 0) {
      int e = LibC.errno();
      throw new NetnsException("cannot open a raw ICMP" + (v6 ? "v6" : "") + " socket: " + LibC.message(e)
          + (e == Nl.EPERM || e == Nl.EACCES ? " (the native engine needs CAP_NET_RAW)" : ""));
    }
    if (v6) {
      // bit set = blocked: pass echo reply (129), destination unreachable (1), time exceeded (3)
      int[] words = {-1, -1, -1, -1, -1, -1, -1, -1};
      for (int type : new int[] {129, 1, 2, 3}) words[type >> 5] &= ~(1 << (type & 31));
      ByteBuffer f = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
      for (int w : words) f.putInt(w);
      c.setsockopt(fd, Nl.IPPROTO_ICMPV6, Nl.ICMP6_FILTER, f.array(), 32);
    } else {
      // bit set = blocked: pass echo reply (0), destination unreachable (3), time exceeded (11)
      int mask = ~((1) | (1 << 3) | (1 << 11));
      byte[] v = new byte[4];
      ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).putInt(mask);
      c.setsockopt(fd, Nl.SOL_RAW, Nl.ICMP_FILTER, v, 4);
    }
    return new IcmpSocket(c, fd, v6);
  }

  boolean isV6() {
    return v6;
  }

  /**
   * One echo request to {@code addr} (4 or 16 bytes), waiting at most {@code timeout} for the reply;
   * {@code sent} (may be null) is told the request once the kernel took it, for the capture of
   * namespace {@code ns}.
   */
  ProbeResult ping(String target, byte[] addr, Duration timeout, Consumer<SentProbes.Sent> sent, String ns) {
    return ping(target, addr, timeout, PAYLOAD, sent, ns);
  }

  /** One echo request to {@code addr} (4 or 16 bytes), waiting at most {@code timeout} for the reply. */
  ProbeResult ping(String target, byte[] addr, Duration timeout) {
    return ping(target, addr, timeout, PAYLOAD, null, null);
  }

  /** Like {@link #ping(String, byte[], Duration)} with {@code payload} bytes of ICMP data (at least 8). */
  ProbeResult ping(String target, byte[] addr, Duration timeout, int payload) {
    return ping(target, addr, timeout, payload, null, null);
  }

  private ProbeResult ping(String target, byte[] addr, Duration timeout, int payload, Consumer<SentProbes.Sent> sent,
                           String ns) {
    IoBuffers io = IoBuffers.take();
    try {
      tx = io.tx(64 + payload).order(ByteOrder.BIG_ENDIAN);
      rx = io.rx.clear().order(ByteOrder.BIG_ENDIAN);
      return pingWith(target, addr, timeout, payload, sent, ns);
    } finally {
      io.rx.order(ByteOrder.nativeOrder());
      io.tx.order(ByteOrder.nativeOrder());
      tx = null;
      rx = null;
      IoBuffers.give(io);
    }
  }

  /**
   * Sets don't-fragment with the kernel's strict path MTU discovery ({@code IP_PMTUDISC_DO}, as
   * {@code ping -M do}): a packet over the path MTU the kernel knows fails at once with "Message too
   * long", and a router's "fragmentation needed" lowers that MTU.
   */
  void dontFragment() {
    byte[] v = new byte[4];
    ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).putInt(2); // IP_PMTUDISC_DO == IPV6_PMTUDISC_DO == 2
    int rc = v6 ? c.setsockopt(fd, 41, 23, v, 4) : c.setsockopt(fd, 0, 10, v, 4); // IPV6_MTU_DISCOVER, IP_MTU_DISCOVER
    if (rc < 0) throw new NetnsException("cannot set don't-fragment on the ICMP socket: " + LibC.message(LibC.errno()));
  }

  private ProbeResult pingWith(String target, byte[] addr, Duration timeout, int payload, Consumer<SentProbes.Sent> sent,
                               String ns) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    drain();
    int mySeq = ++seq & 0xffff;
    tx.clear();
    tx.put((byte) (v6 ? 128 : 8)).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) mySeq);
    tx.putLong(start);
    for (int i = 8; i < payload; i++) tx.put((byte) i);
    int len = tx.position();
    if (!v6) tx.putShort(2, checksum(tx, len));
    byte[] sa = sockaddr(addr);
    tx.position(0);
    long n;
    long sentAt = sent == null ? 0 : SentProbes.nowMicros();
    do {
      n = c.sendto(fd, tx, len, 0, sa, sa.length);
    } while (n < 0 && LibC.errno() == Nl.EINTR);
    if (n < 0) {
      int e = LibC.errno();
      return new ProbeResult(false, target, since(start), LibC.message(e)
          + (e == 90 ? " (the packet is larger than the path MTU this namespace knows toward " + target + ")" : ""));
    }
    if (sent != null) {
      byte[] copy = new byte[len];
      tx.get(0, copy);
      sent.accept(new SentProbes.Sent(ns, sentAt, addr.clone(), v6 ? Nl.IPPROTO_ICMPV6 : Nl.IPPROTO_ICMP, copy, null));
    }
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return new ProbeResult(false, target, since(start), "no reply within " + timeout.toMillis()
            + " ms: 1 packets transmitted, 0 received, 100% packet loss");
      }
      int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
      int ready = c.poll(pollfd, 1, ms);
      if (ready < 0) {
        if (LibC.errno() == Nl.EINTR) continue;
        throw new NetnsException("poll on the ICMP socket failed: " + LibC.message(LibC.errno()));
      }
      if (ready == 0) continue;
      rx.clear();
      long got = c.recvfrom(fd, rx, rx.capacity(), Nl.MSG_DONTWAIT, null, null);
      if (got <= 0) continue;
      ProbeResult r = match((int) got, mySeq, target, start);
      if (r != null) return r;
    }
  }

  /** The answer to our request, or null for someone else's packet. */
  private ProbeResult match(int n, int mySeq, String target, long start) {
    int icmp = 0;
    int ttl = -1;
    String from = null;
    if (!v6) {
      if (n < 20) return null;
      icmp = (rx.get(0) & 0x0f) * 4;
      ttl = rx.get(8) & 0xff;
      from = (rx.get(12) & 0xff) + "." + (rx.get(13) & 0xff) + "." + (rx.get(14) & 0xff) + "." + (rx.get(15) & 0xff);
    }
    if (n < icmp + 8) return null;
    int type = rx.get(icmp) & 0xff;
    int code = rx.get(icmp + 1) & 0xff;
    boolean reply = v6 ? type == 129 : type == 0;
    if (reply) {
      if ((rx.getShort(icmp + 4) & 0xffff) != id || (rx.getShort(icmp + 6) & 0xffff) != mySeq) return null;
      Duration elapsed = since(start);
      // as ping prints it (time with three decimals); no String.format: it parses its pattern every call
      long micros = elapsed.toNanos() / 1000;
      String frac = Long.toString(1000 + micros % 1000).substring(1);
      String detail = (n - icmp) + " bytes from " + target + ": icmp_seq=" + mySeq
          + (ttl >= 0 ? " ttl=" + ttl : "") + " time=" + (micros / 1000) + "." + frac + " ms";
      return new ProbeResult(true, target, elapsed, detail);
    }
    // an ICMP error quoting our request: the inner header, then the first 8 bytes of our echo
    int inner = icmp + 8;
    int innerIcmp;
    if (v6) {
      if (n < inner + 40 + 8 || (rx.get(inner + 6) & 0xff) != Nl.IPPROTO_ICMPV6) return null;
      innerIcmp = inner + 40;
      if ((rx.get(innerIcmp) & 0xff) != 128) return null;
    } else {
      if (n < inner + 20) return null;
      innerIcmp = inner + (rx.get(inner) & 0x0f) * 4;
      if (n < innerIcmp + 8 || (rx.get(innerIcmp) & 0xff) != 8) return null;
    }
    if ((rx.getShort(innerIcmp + 4) & 0xffff) != id || (rx.getShort(innerIcmp + 6) & 0xffff) != mySeq) return null;
    String what;
    if (v6) {
      what = type == 2 ? "Packet too big: mtu=" + (rx.getInt(icmp + 4) & 0xffffffffL)
          : type == 1 ? (code < UNREACH6.length ? UNREACH6[code] : "Destination unreachable: code " + code)
          : type == 3 ? "Time exceeded: Hop limit" : "ICMPv6 type " + type + " code " + code;
    } else {
      what = type == 3 && code == 4 ? "Frag needed and DF set (mtu = " + (rx.getShort(icmp + 6) & 0xffff) + ")"
          : type == 3 ? (code < UNREACH4.length ? UNREACH4[code] : "Destination unreachable, code " + code)
          : type == 11 ? "Time to live exceeded" : "ICMP type " + type + " code " + code;
    }
    return new ProbeResult(false, target, since(start),
        (from != null ? "From " + from + " " : "") + "icmp_seq=" + mySeq + " " + what);
  }

  /** Drops what arrived while the socket was idle (other probes' traffic, late replies). */
  private void drain() {
    while (true) {
      rx.clear();
      if (c.recvfrom(fd, rx, rx.capacity(), Nl.MSG_DONTWAIT, null, null) < 0) return;
    }
  }

  private byte[] sockaddr(byte[] addr) {
    ByteBuffer sa = ByteBuffer.allocate(v6 ? 28 : 16).order(ByteOrder.nativeOrder());
    sa.putShort((short) (v6 ? Nl.AF_INET6 : Nl.AF_INET));
    sa.putShort((short) 0); // port: unused for raw sockets
    if (v6) sa.putInt(0); // flow info
    sa.put(addr);
    return sa.array();
  }

  private static short checksum(ByteBuffer b, int len) {
    long sum = 0;
    for (int i = 0; i + 1 < len; i += 2) sum += b.getShort(i) & 0xffff;
    if ((len & 1) != 0) sum += (b.get(len - 1) & 0xff) << 8;
    while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
    return (short) ~sum;
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      c.close(fd);
    }
  }
}
