package dev.netns.internal.ip;

import dev.netns.ExecResult;
import dev.netns.internal.spi.CommandRunner;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.spi.SentProbes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The echo request the {@code ping} command of the ip engine sends, for the capture of the
 * namespace it runs in ({@link SentProbes}). The command picks its identifier at random and prints
 * it only with a reply, so when a capture watches, the engine gives it one ({@code ping -e}, iputils
 * 20210202 and later) and rebuilds the request from it: type, identifier, sequence number 1 and
 * iputils' fill pattern are exact; the 16-byte timestamp is the time junit-netns started the command,
 * not the command's own.
 */
final class PingRecord {

  private static final int DATA = 56;
  private static volatile Boolean identSupported;

  private final Consumer<SentProbes.Sent> sink;
  private final String ns;
  private final int ident;
  private final long micros;

  private PingRecord(Consumer<SentProbes.Sent> sink, String ns) {
    this.sink = sink;
    this.ns = ns;
    this.ident = ThreadLocalRandom.current().nextInt(1, 0x10000);
    this.micros = SentProbes.nowMicros();
  }

  /** A record for a ping from {@code ns}, or null when no capture watches it or the ping cannot take {@code -e}. */
  static PingRecord start(CommandRunner runner, String ns, String ip) {
    if (!runner.isLocal() || ns == null || ip.contains(":")) return null;
    Consumer<SentProbes.Sent> sink = SentProbes.sinkFor(ns);
    if (sink == null || !identSupported(runner)) return null;
    return new PingRecord(sink, ns);
  }

  /** The options that make {@code ping} use this record's identifier. */
  List<String> options() {
    return List.of("-e", Integer.toString(ident));
  }

  /** Tells the capture about the request, if the command says it sent it ({@code 1 packets transmitted}, no send error). */
  void sent(String ip, ExecResult r) {
    if (!r.stdout().contains("1 packets transmitted") || r.stderr().contains("sendmsg") || r.stderr().contains("connect:")) {
      return;
    }
    inet.ipaddr.IPAddress a = new inet.ipaddr.IPAddressString(ip).getAddress(); // a literal only: never a name lookup
    if (a == null || !a.isIPv4()) return;
    byte[] dst = a.withoutPrefixLength().getBytes();
    ByteBuffer b = ByteBuffer.allocate(8 + DATA).order(ByteOrder.BIG_ENDIAN);
    b.put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) ident).putShort((short) 1);
    // struct timeval, in the machine's order (iputils writes it with gettimeofday)
    b.order(ByteOrder.nativeOrder()).putLong(micros / 1_000_000L).putLong(micros % 1_000_000L).order(ByteOrder.BIG_ENDIAN);
    for (int i = 16; i < DATA; i++) b.put((byte) i);
    byte[] icmp = b.array();
    long sum = 0;
    for (int i = 0; i < icmp.length; i += 2) sum += ((icmp[i] & 0xff) << 8) | (icmp[i + 1] & 0xff);
    while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
    icmp[2] = (byte) (~sum >> 8);
    icmp[3] = (byte) ~sum;
    sink.accept(new SentProbes.Sent(ns, micros, dst, 1, icmp,
        "the ip engine's ping command sent it; rebuilt from the identifier junit-netns gave it (ping -e), "
            + "its time and the timestamp in its data are when junit-netns started the command"));
  }

  /** Whether the local {@code ping} takes {@code -e IDENT} (asked once: its usage text lists it). */
  private static boolean identSupported(CommandRunner runner) {
    Boolean known = identSupported;
    if (known == null) {
      ExecResult r = runner.run(ExecRequest.of(Duration.ofSeconds(5), List.of("ping", "-h")));
      known = (r.stdout() + r.stderr()).contains("-e <identifier>");
      identSupported = known;
    }
    return known;
  }
}
