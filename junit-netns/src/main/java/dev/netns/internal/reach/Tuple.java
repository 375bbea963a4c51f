package dev.netns.internal.reach;

/**
 * One direction of a probe's flow as a packet filter sees it. {@code src} may be {@code null}
 * (unknown source address) and ports 0 (unknown, or ICMP); a rule that tests an unknown field
 * "may" match.
 *
 * @param proto    {@code tcp}, {@code udp} or {@code icmp} ({@code ipv6-icmp} is written {@code icmp} too)
 * @param icmpType for ICMP: 8 (echo request) or 0 (echo reply); -1 otherwise
 * @param reply    whether this is the answer's direction (conntrack state ESTABLISHED rather than NEW)
 */
record Tuple(String proto, String src, int sport, String dst, int dport, int icmpType, boolean reply) {

  /** The answer's direction. */
  Tuple reversed() {
    return new Tuple(proto, dst, dport, src, sport, icmpType == 8 ? 0 : icmpType, !reply);
  }

  /** The same flow after a DNAT to {@code to} (port unchanged when {@code toPort} is 0). */
  Tuple translated(String to, int toPort) {
    return new Tuple(proto, src, sport, to, toPort == 0 ? dport : toPort, icmpType, reply);
  }

  @Override
  public String toString() {
    String s = src == null ? "?" : src;
    return proto + " " + s + (sport > 0 ? ":" + sport : "") + " -> " + dst + (dport > 0 ? ":" + dport : "");
  }
}
