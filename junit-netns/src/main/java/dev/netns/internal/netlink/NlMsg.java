package dev.netns.internal.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds one netlink request: the 16-byte header, the family header ({@code ifinfomsg},
 * {@code ifaddrmsg}, {@code rtmsg}, ...) and attributes, nested where needed. Everything is in
 * host byte order, as netlink wants it; addresses are raw network-order bytes.
 */
final class NlMsg {

  private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
  private final Deque<Integer> nests = new ArrayDeque<>();

  NlMsg(int type, int flags) {
    buf.putInt(0); // length, patched in bytes()
    buf.putShort((short) type);
    buf.putShort((short) flags);
    buf.putInt(0); // seq, set by the socket
    buf.putInt(0); // port id: the kernel fills it
  }

  /** {@code struct ifinfomsg}. */
  NlMsg ifinfomsg(int family, int index, int flags, int change) {
    ensure(16);
    buf.put((byte) family).put((byte) 0).putShort((short) 0).putInt(index).putInt(flags).putInt(change);
    return this;
  }

  /** {@code struct ifaddrmsg}. */
  NlMsg ifaddrmsg(int family, int prefixLen, int flags, int scope, int index) {
    ensure(8);
    buf.put((byte) family).put((byte) prefixLen).put((byte) flags).put((byte) scope).putInt(index);
    return this;
  }

  /** {@code struct rtmsg}. */
  NlMsg rtmsg(int family, int dstLen, int table, int protocol, int scope, int type) {
    ensure(12);
    buf.put((byte) family).put((byte) dstLen).put((byte) 0).put((byte) 0)
        .put((byte) table).put((byte) protocol).put((byte) scope).put((byte) type).putInt(0);
    return this;
  }

  /** {@code struct ndmsg}. */
  NlMsg ndmsg(int family, int index, int state, int flags, int type) {
    ensure(12);
    buf.put((byte) family).put((byte) 0).putShort((short) 0).putInt(index)
        .putShort((short) state).put((byte) flags).put((byte) type);
    return this;
  }

  /** {@code struct rtgenmsg}, padded to 4 bytes. */
  NlMsg rtgenmsg(int family) {
    ensure(4);
    buf.put((byte) family).put((byte) 0).putShort((short) 0);
    return this;
  }

  NlMsg u8(int type, int v) {
    attrHeader(type, 1);
    buf.put((byte) v);
    pad();
    return this;
  }

  NlMsg u32(int type, int v) {
    attrHeader(type, 4);
    buf.putInt(v);
    return this;
  }

  NlMsg bytes(int type, byte[] v) {
    attrHeader(type, v.length);
    buf.put(v);
    pad();
    return this;
  }

  /** A NUL-terminated string attribute. */
  NlMsg str(int type, String v) {
    byte[] b = v.getBytes(StandardCharsets.UTF_8);
    attrHeader(type, b.length + 1);
    buf.put(b).put((byte) 0);
    pad();
    return this;
  }

  /** A string attribute without the terminating NUL (IFLA_IFALIAS is taken as given). */
  NlMsg strNoNul(int type, String v) {
    return bytes(type, v.getBytes(StandardCharsets.UTF_8));
  }

  /** Opens a nested attribute; close it with {@link #end()}. */
  NlMsg nest(int type) {
    ensure(4);
    nests.push(buf.position());
    buf.putShort((short) 0).putShort((short) (type | Nl.NLA_F_NESTED));
    return this;
  }

  /** Opens a nested attribute without the NLA_F_NESTED flag (VETH_INFO_PEER carries a struct). */
  NlMsg nestPlain(int type) {
    ensure(4);
    nests.push(buf.position());
    buf.putShort((short) 0).putShort((short) type);
    return this;
  }

  NlMsg end() {
    int start = nests.pop();
    buf.putShort(start, (short) (buf.position() - start));
    return this;
  }

  /** The finished message with its length and sequence number. */
  byte[] bytes(int seq) {
    if (!nests.isEmpty()) throw new IllegalStateException("unclosed nested attribute");
    byte[] out = Arrays.copyOf(buf.array(), buf.position());
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.nativeOrder());
    b.putInt(0, out.length);
    b.putInt(8, seq);
    return out;
  }

  int type() {
    return buf.getShort(4) & 0xffff;
  }

  private void attrHeader(int type, int len) {
    ensure(4 + len + 3);
    buf.putShort((short) (4 + len)).putShort((short) type);
  }

  private void pad() {
    while ((buf.position() & 3) != 0) buf.put((byte) 0);
  }

  private void ensure(int more) {
    if (buf.remaining() < more) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more + 64))
          .order(ByteOrder.nativeOrder());
      buf.flip();
      bigger.put(buf);
      buf = bigger;
    }
  }
}
