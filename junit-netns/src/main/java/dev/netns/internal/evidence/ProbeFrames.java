package dev.netns.internal.evidence;

import dev.netns.Neighbour;
import dev.netns.Route;
import dev.netns.internal.netlink.PacketSocket;
import dev.netns.internal.spi.LinkState;
import dev.netns.internal.spi.SentProbes;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Frames for the packets a test's probes sent that the capture never saw leave. The kernel does
 * not transmit a packet whose next hop has no neighbour entry: it waits in the neighbour's queue
 * while ARP (or neighbour discovery) asks, and is dropped when nobody answers. A capture of a ping
 * to an on-link address nobody has therefore shows the ARP request and not the echo request the
 * test sent. This class adds that echo request, as the probe built it, framed as the kernel would
 * have sent it, each marked with a pcapng comment that says junit-netns made it and why it was
 * not on the wire.
 *
 * <p>A probe packet the capture did see leave (same namespace, outgoing, same destination, same
 * ICMP type, identifier and sequence number) is not added again. The frame's interface is the
 * one of the main table's longest-prefix route in the snapshot; its source MAC is that
 * interface's; its destination MAC the neighbour's if the table has one, else all zeros. The IP
 * header is rebuilt (identification 0, DF, TTL or hop limit 64); everything above it is exactly
 * what the probe gave the kernel.
 */
final class ProbeFrames {

  /** The start of every comment, so a reader can filter them: {@code frame.comment contains "junit-netns probe"}. */
  static final String MARK = "sent by the junit-netns probe";
  private static final int ARPHRD_ETHER = 1;

  private ProbeFrames() {
  }

  /**
   * The frames to add for {@code sent}, given what the capture kept ({@code seen}) and the
   * snapshot; {@code keptSince} is the time of the oldest frame still in a ring that let frames
   * go ({@code Long.MIN_VALUE} when none was let go): older probe packets are not added, as their
   * real frame may just have been let go.
   */
  static List<Capture.Packet> missing(List<SentProbes.Sent> sent, List<Capture.Packet> seen, Topology t,
                                      long keptSince) {
    List<Capture.Packet> out = new ArrayList<>();
    for (SentProbes.Sent s : sent) {
      if (s.epochMicros() < keptSince || s.payload().length < 8) continue;
      if (seenLeaving(s, seen)) continue;
      Optional<Topology.Ns> ns = t.namespace(s.namespace());
      if (ns.isEmpty()) continue;
      Capture.Packet p = frame(s, ns.get());
      if (p != null) out.add(p);
    }
    return out;
  }

  /** Whether the capture saw the kernel send this probe packet from its namespace. */
  static boolean seenLeaving(SentProbes.Sent s, List<Capture.Packet> seen) {
    for (Capture.Packet p : seen) {
      if (!p.namespace().equals(s.namespace()) || !p.frame().outgoing() || p.comment() != null) continue;
      byte[] d = p.frame().data();
      int ip = ipStart(d, p.frame().hatype());
      if (ip < 0 || ip >= d.length) continue;
      int version = (d[ip] & 0xff) >> 4;
      int l4;
      int proto;
      byte[] dst;
      if (version == 4 && s.destination().length == 4 && d.length >= ip + 20) {
        proto = d[ip + 9] & 0xff;
        dst = Arrays.copyOfRange(d, ip + 16, ip + 20);
        l4 = ip + (d[ip] & 0x0f) * 4;
      } else if (version == 6 && s.destination().length == 16 && d.length >= ip + 40) {
        proto = d[ip + 6] & 0xff;
        dst = Arrays.copyOfRange(d, ip + 24, ip + 40);
        l4 = ip + 40;
      } else {
        continue;
      }
      if (proto != s.protocol() || !Arrays.equals(dst, s.destination()) || d.length < l4 + 8) continue;
      byte[] q = s.payload();
      // type, code, then identifier and sequence number (the checksum may be the kernel's)
      if (d[l4] == q[0] && d[l4 + 1] == q[1] && Arrays.equals(d, l4 + 4, l4 + 8, q, 4, 8)) return true;
    }
    return false;
  }

  /** Where the IP header starts in a captured frame, or -1 when it is no IP frame. */
  private static int ipStart(byte[] d, int hatype) {
    if (Pcapng.linktype(hatype) == Pcapng.LINKTYPE_RAW) return 0;
    if (d.length < 14) return -1;
    int type = ((d[12] & 0xff) << 8) | (d[13] & 0xff);
    int at = 14;
    if (type == 0x8100 && d.length >= 18) { // one VLAN tag
      type = ((d[16] & 0xff) << 8) | (d[17] & 0xff);
      at = 18;
    }
    return type == 0x0800 || type == 0x86DD ? at : -1;
  }

  private static Capture.Packet frame(SentProbes.Sent s, Topology.Ns ns) {
    boolean v6 = s.destination().length == 16;
    IPAddress target = address(s.destination());
    Route best = null;
    int bestLen = -1;
    for (Route r : ns.routes()) {
      if (r.family() != (v6 ? 6 : 4) || r.device() == null) continue;
      if (r.table() != null && !r.table().equals("main")) continue;
      int len;
      if (r.isDefault()) {
        len = 0;
      } else {
        IPAddress net = new IPAddressString(r.destination()).getAddress();
        if (net == null || net.isIPv6() != v6 || !net.toPrefixBlock().contains(target)) continue;
        len = net.getNetworkPrefixLength() == null ? net.getBitCount() : net.getNetworkPrefixLength();
      }
      if (len > bestLen) {
        best = r;
        bestLen = len;
      }
    }
    if (best == null) return null;
    Optional<LinkState> link = ns.link(best.device());
    if (link.isEmpty()) return null;
    String nextHop = best.gateway() != null ? best.gateway() : target.toCanonicalString();
    Neighbour neighbour = null;
    for (Neighbour n : ns.neighbours()) {
      if (best.device().equals(n.device()) && sameAddress(n.address(), nextHop)) neighbour = n;
    }
    String state = neighbour == null ? null : neighbour.state();
    boolean unresolved = neighbour == null || neighbour.mac() == null || neighbour.mac().isEmpty()
        || "INCOMPLETE".equals(state) || "FAILED".equals(state);
    byte[] source = source(best, link.get(), v6);
    if (source == null) return null;
    byte[] ipPacket = v6 ? ipv6(source, s) : ipv4(source, s);
    byte[] dstMac = unresolved ? new byte[6] : mac(neighbour.mac());
    byte[] srcMac = mac(link.get().mac());
    ByteBuffer eth = ByteBuffer.allocate(14 + ipPacket.length);
    eth.put(dstMac).put(srcMac).putShort((short) (v6 ? 0x86DD : 0x0800)).put(ipPacket);
    String why;
    if (unresolved) {
      why = (state == null ? "no neighbour entry for " + nextHop + " on " + best.device()
          : "neighbour " + nextHop + " on " + best.device() + " never resolved (" + state + ")")
          + ": the kernel held it for " + (v6 ? "neighbour discovery" : "ARP") + " and never put it on the wire";
    } else {
      why = "the capture never saw the kernel send it (neighbour " + nextHop + " is " + state
          + "): dropped inside the namespace, e.g. by a packet filter";
    }
    String comment = MARK + "; " + why + "; interface chosen by route '" + best + "', IP header rebuilt by junit-netns"
        + (s.rebuilt() == null ? "" : "; " + s.rebuilt());
    byte[] data = eth.array();
    return new Capture.Packet(s.namespace(),
        new PacketSocket.Frame(link.get().index(), ARPHRD_ETHER, true, s.epochMicros(), data.length, data), comment);
  }

  private static byte[] source(Route r, LinkState link, boolean v6) {
    if (r.source() != null) {
      IPAddress a = new IPAddressString(r.source()).getAddress();
      if (a != null && a.isIPv6() == v6) return a.getBytes();
    }
    byte[] linkLocal = null;
    for (String s : link.addresses()) {
      IPAddress a = new IPAddressString(s).getAddress();
      if (a == null || a.isIPv6() != v6) continue;
      if (v6 && a.isLinkLocal()) {
        if (linkLocal == null) linkLocal = a.withoutPrefixLength().getBytes();
        continue;
      }
      return a.withoutPrefixLength().getBytes();
    }
    return linkLocal;
  }

  private static byte[] ipv4(byte[] src, SentProbes.Sent s) {
    byte[] l4 = s.payload();
    ByteBuffer b = ByteBuffer.allocate(20 + l4.length);
    b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putShort((short) 0).putShort((short) 0x4000);
    b.put((byte) 64).put((byte) s.protocol()).putShort((short) 0).put(src).put(s.destination());
    b.putShort(10, checksum(b.array(), 0, 20, 0));
    b.put(l4);
    return b.array();
  }

  private static byte[] ipv6(byte[] src, SentProbes.Sent s) {
    byte[] l4 = s.payload().clone();
    if (s.protocol() == 58 && l4[2] == 0 && l4[3] == 0) {
      // the kernel fills in the ICMPv6 checksum of a raw socket; so do we, over the pseudo-header
      ByteBuffer pseudo = ByteBuffer.allocate(40 + l4.length);
      pseudo.put(src).put(s.destination()).putInt(l4.length).putInt(58).put(l4);
      short sum = checksum(pseudo.array(), 0, pseudo.capacity(), 0);
      l4[2] = (byte) (sum >> 8);
      l4[3] = (byte) sum;
    }
    ByteBuffer b = ByteBuffer.allocate(40 + l4.length);
    b.putInt(0x60000000).putShort((short) l4.length).put((byte) s.protocol()).put((byte) 64);
    b.put(src).put(s.destination()).put(l4);
    return b.array();
  }

  private static short checksum(byte[] b, int off, int len, long sum) {
    for (int i = off; i + 1 < off + len; i += 2) sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    if ((len & 1) != 0) sum += (b[off + len - 1] & 0xff) << 8;
    while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
    return (short) ~sum;
  }

  private static IPAddress address(byte[] a) {
    try {
      return new IPAddressString(InetAddress.getByAddress(a).getHostAddress()).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + Arrays.toString(a), e);
    }
  }

  private static boolean sameAddress(String a, String b) {
    IPAddress x = new IPAddressString(a).getAddress();
    IPAddress y = new IPAddressString(b).getAddress();
    return x != null && y != null && x.withoutPrefixLength().equals(y.withoutPrefixLength());
  }

  private static byte[] mac(String text) {
    byte[] out = new byte[6];
    if (text == null) return out;
    String[] parts = text.split(":");
    if (parts.length != 6) return out;
    try {
      for (int i = 0; i < 6; i++) out[i] = (byte) Integer.parseInt(parts[i], 16);
    } catch (NumberFormatException e) {
      return new byte[6];
    }
    return out;
  }
}
