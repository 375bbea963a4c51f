package dev.netns.internal.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a capture as pcapng (draft-ietf-opsawg-pcapng): one section, one interface description
 * block per interface seen (its {@code if_name} is the interface name, its {@code if_description}
 * names the namespace), and one enhanced packet block per frame with its direction
 * ({@code epb_flags}) and, for frames junit-netns made rather than saw, a comment
 * ({@code opt_comment}, see {@link ProbeFrames}). Every interface is written as Ethernet (frames of
 * IP devices get a zero Ethernet header), as libpcap refuses a file whose interfaces have different
 * link types. {@code tcpdump -r} and Wireshark read it; {@code tcpdump -r} prints the
 * interface name of each packet with {@code -i any}-style output when given {@code -e}.
 */
final class Pcapng {

  static final int LINKTYPE_ETHERNET = 1;
  static final int LINKTYPE_RAW = 101;
  private static final int ARPHRD_NONE = 0xFFFE;
  private static final int ARPHRD_IPGRE = 778;
  private static final int ARPHRD_TUNNEL = 768;

  /** An interface as the file describes it. */
  record Interface(String namespace, int ifindex, String name, String description, int linktype) {
  }

  private Pcapng() {
  }

  /** The link type of frames from a device of this ARPHRD type: Ethernet framing (also lo) or raw IP. */
  static int linktype(int hatype) {
    return hatype == ARPHRD_NONE || hatype == ARPHRD_IPGRE || hatype == ARPHRD_TUNNEL ? LINKTYPE_RAW : LINKTYPE_ETHERNET;
  }

  /**
   * Writes {@code packets}; {@code names} maps namespace and ifindex to a name and description
   * (frames of an interface it does not know are described by index).
   */
  static void write(OutputStream out, List<Capture.Packet> packets, Map<String, Map<Integer, String>> names,
                    Map<String, String> namespaceLabels, int snaplen) throws IOException {
    out.write(section());
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Capture.Packet p : packets) {
      String key = p.namespace() + "\0" + p.frame().ifindex();
      Integer id = ids.get(key);
      if (id == null) {
        id = ids.size();
        ids.put(key, id);
        String name = names.getOrDefault(p.namespace(), Map.of()).get(p.frame().ifindex());
        if (name == null) name = "ifindex" + p.frame().ifindex();
        String label = namespaceLabels.getOrDefault(p.namespace(), p.namespace());
        boolean raw = linktype(p.frame().hatype()) == LINKTYPE_RAW;
        out.write(interfaceBlock(LINKTYPE_ETHERNET, snaplen, name,
            name + " in namespace " + label + " (ifindex " + p.frame().ifindex() + ")"
                + (raw ? "; an IP device without link headers: junit-netns put a zero Ethernet header on its packets" : "")));
      }
      byte[] data = p.frame().data();
      int origLen = p.frame().origLen();
      if (linktype(p.frame().hatype()) == LINKTYPE_RAW) {
        data = ethernet(data);
        origLen += 14;
      }
      out.write(packetBlock(id, p.frame().epochMicros(), data, origLen, p.frame().outgoing(), p.comment()));
    }
  }

  /**
   * A raw IP packet behind an Ethernet header of zero addresses: libpcap reads no pcapng whose
   * interfaces have different link types, so every interface is written as Ethernet.
   */
  static byte[] ethernet(byte[] ip) {
    byte[] out = new byte[14 + ip.length];
    int version = ip.length == 0 ? 4 : (ip[0] & 0xff) >> 4;
    int type = version == 6 ? 0x86DD : 0x0800;
    out[12] = (byte) (type >> 8);
    out[13] = (byte) type;
    System.arraycopy(ip, 0, out, 14, ip.length);
    return out;
  }

  private static byte[] section() {
    ByteArrayOutputStream opts = new ByteArrayOutputStream();
    option(opts, 4, "junit-netns"); // shb_userappl
    byte[] o = endOptions(opts);
    ByteBuffer b = block(0x0A0D0D0A, 16 + o.length);
    b.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L).put(o);
    return finish(b);
  }

  private static byte[] interfaceBlock(int linktype, int snaplen, String name, String description) {
    ByteArrayOutputStream opts = new ByteArrayOutputStream();
    option(opts, 2, name);        // if_name
    option(opts, 3, description); // if_description
    option(opts, 9, new byte[] {6}); // if_tsresol: microseconds
    byte[] o = endOptions(opts);
    ByteBuffer b = block(1, 8 + o.length);
    b.putShort((short) linktype).putShort((short) 0).putInt(snaplen).put(o);
    return finish(b);
  }

  private static byte[] packetBlock(int id, long micros, byte[] data, int origLen, boolean outgoing, String comment) {
    ByteArrayOutputStream opts = new ByteArrayOutputStream();
    if (comment != null) option(opts, 1, comment); // opt_comment
    byte[] flags = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(outgoing ? 2 : 1).array();
    option(opts, 2, flags); // epb_flags: direction
    byte[] o = endOptions(opts);
    int padded = (data.length + 3) & ~3;
    ByteBuffer b = block(6, 20 + padded + o.length);
    b.putInt(id).putInt((int) (micros >>> 32)).putInt((int) micros).putInt(data.length).putInt(Math.max(origLen, data.length));
    b.put(data).position(b.position() + padded - data.length);
    b.put(o);
    return finish(b);
  }

  private static ByteBuffer block(int type, int bodyLen) {
    ByteBuffer b = ByteBuffer.allocate(12 + bodyLen).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(type).putInt(12 + bodyLen);
    return b;
  }

  private static byte[] finish(ByteBuffer b) {
    b.putInt(b.capacity());
    return b.array();
  }

  private static void option(ByteArrayOutputStream out, int code, String value) {
    option(out, code, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void option(ByteArrayOutputStream out, int code, byte[] value) {
    ByteBuffer b = ByteBuffer.allocate(4 + ((value.length + 3) & ~3)).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) code).putShort((short) value.length).put(value);
    out.writeBytes(b.array());
  }

  private static byte[] endOptions(ByteArrayOutputStream opts) {
    opts.writeBytes(new byte[4]); // opt_endofopt
    return opts.toByteArray();
  }
}
