package dev.netns.internal.netlink;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The attributes of one netlink message (or nested attribute), indexed by type. */
final class Attrs {

  private static final int MAX = 128;
  private final ByteBuffer buf;
  private final int[] off = new int[MAX];
  private final int[] len = new int[MAX];

  private Attrs(ByteBuffer buf) {
    this.buf = buf;
    java.util.Arrays.fill(off, -1);
  }

  /** Parses attributes between {@code start} and {@code end} of {@code buf}. */
  static Attrs parse(ByteBuffer buf, int start, int end) {
    Attrs a = new Attrs(buf);
    int p = start;
    while (p + 4 <= end) {
      int l = buf.getShort(p) & 0xffff;
      int t = buf.getShort(p + 2) & 0x3fff; // without NLA_F_NESTED / NLA_F_NET_BYTEORDER
      if (l < 4 || p + l > end) break;
      if (t < MAX) {
        a.off[t] = p + 4;
        a.len[t] = l - 4;
      }
      p += (l + 3) & ~3;
    }
    return a;
  }

  boolean has(int type) {
    return off[type] >= 0;
  }

  int u8(int type, int fallback) {
    return has(type) && len[type] >= 1 ? buf.get(off[type]) & 0xff : fallback;
  }

  int u32(int type, int fallback) {
    return has(type) && len[type] >= 4 ? buf.getInt(off[type]) : fallback;
  }

  /** A string attribute, without its terminating NUL. */
  String str(int type) {
    if (!has(type)) return null;
    int n = len[type];
    while (n > 0 && buf.get(off[type] + n - 1) == 0) n--;
    byte[] b = new byte[n];
    buf.get(off[type], b);
    return new String(b, StandardCharsets.UTF_8);
  }

  byte[] bytes(int type) {
    if (!has(type)) return null;
    byte[] b = new byte[len[type]];
    buf.get(off[type], b);
    return b;
  }

  Attrs nested(int type) {
    if (!has(type)) return null;
    return parse(buf, off[type], off[type] + len[type]);
  }

  int offset(int type) {
    return off[type];
  }

  int length(int type) {
    return len[type];
  }
}
