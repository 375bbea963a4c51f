package dev.netns.assertj;

import dev.netns.Netns;
import dev.netns.ProbeResult;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * What the path MTU looks like after a don't-fragment echo of some size: the MTU the kernel
 * learned, whether a small echo passes, and, when small echoes pass, the large one vanished and no
 * "fragmentation needed" came back, the words "MTU black hole" with the usual cause.
 */
final class MtuDiagnosis {

  private static final int SMALL = 56;

  private MtuDiagnosis() {
  }

  static String explain(Netns ns, String ip, int payloadBytes, Duration timeout, ProbeResult big) {
    int overhead = ip.contains(":") ? 48 : 28;
    OptionalInt learned = ns.pathMtu(ip);
    StringBuilder b = new StringBuilder("path MTU toward ").append(ip).append(": ");
    if (learned.isPresent()) {
      int mtu = learned.getAsInt();
      b.append(mtu).append(" (learned by the kernel; the largest payload that fits is ")
          .append(mtu - overhead).append(" bytes)");
    } else {
      b.append("none learned (no \"fragmentation needed\" came back); the route's device MTU applies");
    }
    if (big.success() || payloadBytes <= SMALL) return b.toString();
    ProbeResult small = ns.ping(ip, SMALL, timeout);
    b.append(System.lineSeparator()).append("a ").append(SMALL).append("-byte echo ")
        .append(small.success() ? "passes" : "fails too (" + firstLine(small.detail()) + ")");
    String d = big.detail() == null ? "" : big.detail();
    boolean vanished = !d.contains("Frag needed") && !d.contains("too big") && !d.contains("too long")
        && !d.toLowerCase(java.util.Locale.ROOT).contains("mtu");
    if (small.success() && vanished && learned.isEmpty()) {
      b.append(System.lineSeparator()).append("this looks like an MTU black hole: small packets pass, large ones vanish,")
          .append(" and no ICMP \"fragmentation needed\" reached this namespace. A link on the path has a smaller MTU")
          .append(" (an overlay or tunnel?) and the ICMP error it should send back is dropped (a firewall rule")
          .append(" filtering ICMP?).");
    }
    return b.toString();
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
