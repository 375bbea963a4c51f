package dev.netns.internal.netlink;


/** Address bytes to text exactly as iproute2 prints them (glibc inet_ntop), and back. */
final class Inet {
  private Inet() {
  }

  /** An address with an optional prefix length, e.g. {@code 10.0.0.1/24}. */
  record Prefix(byte[] address, int length, boolean v6) {
  }

  /**
   * Parses {@code ip/len} or {@code ip} (then the prefix is the whole address) with the model's
   * one strict parser ({@link dev.netns.Cidr}, {@link dev.netns.IpAddress}).
   */
  static Prefix prefix(String text, String what) {
    if (text != null && text.indexOf('/') < 0) {
      byte[] b = address(text, what);
      return new Prefix(b, b.length * 8, b.length == 16);
    }
    dev.netns.Cidr c = dev.netns.Cidr.parse(text, what);
    return new Prefix(c.address().bytes(), c.prefixLength(), c.isV6());
  }

  /** The bytes of an IPv4 or IPv6 literal; never resolves a name. */
  static byte[] address(String text, String what) {
    byte[] quad = dottedQuad(text);
    if (quad != null) return quad;
    return dev.netns.IpAddress.parse(text, what).bytes();
  }

  /**
   * The bytes of a plain dotted quad (four decimal octets 0 to 255, no leading zeros), or null for
   * anything else (which the full parser then judges): the common case without the parser's cost.
   */
  static byte[] dottedQuad(String text) {
    int n = text.length();
    if (n < 7 || n > 15) return null;
    byte[] out = new byte[4];
    int part = 0;
    int i = 0;
    while (part < 4) {
      int start = i;
      int v = 0;
      while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        v = v * 10 + (text.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && text.charAt(start) == '0')) return null;
      out[part++] = (byte) v;
      if (part < 4) {
        if (i >= n || text.charAt(i) != '.') return null;
        i++;
      }
    }
    return i == n ? out : null;
  }

  /** The network part of an address (host bits cleared), as the kernel stores a route's destination. */
  static byte[] network(byte[] a, int len) {
    byte[] out = a.clone();
    for (int i = 0; i < out.length; i++) {
      int bits = Math.max(0, Math.min(8, len - i * 8));
      out[i] &= (byte) (0xff00 >> bits);
    }
    return out;
  }

  static String format(byte[] a) {
    if (a.length == 4) {
      return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }
    if (a.length != 16) return "?";
    int[] w = new int[8];
    for (int i = 0; i < 8; i++) w[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    // the longest run of zero words (at least two), the first one on a tie
    int bestBase = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (w[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && w[j] == 0) j++;
      if (j - i > bestLen) {
        bestBase = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestLen < 2) bestBase = -1;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
        if (i == bestBase) sb.append(':');
        continue;
      }
      if (i != 0) sb.append(':');
      if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
        sb.append(a[12] & 0xff).append('.').append(a[13] & 0xff).append('.')
            .append(a[14] & 0xff).append('.').append(a[15] & 0xff);
        break;
      }
      sb.append(Integer.toHexString(w[i]));
    }
    if (bestBase >= 0 && bestBase + bestLen == 8) sb.append(':');
    return sb.toString();
  }
}
