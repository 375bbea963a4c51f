package dev.netns.internal.netlink;

import dev.netns.ProbeResult;
import java.time.Duration;

/**
 * An ICMP echo of a chosen size with don't-fragment set, on a raw socket of its own (the pooled
 * sockets of ordinary pings keep the kernel's default path MTU discovery mode).
 */
public final class DfPing {

  private DfPing() {
  }

  /** One echo carrying {@code payloadBytes} of data from the namespace open as {@code nsFd}. */
  public static ProbeResult ping(int nsFd, String label, byte[] addr, int payloadBytes, Duration timeout) {
    String target = Inet.format(addr);
    IcmpSocket s = NsThread.callIn(nsFd, "open an ICMP socket in " + label, () -> {
      IcmpSocket o = IcmpSocket.open(addr.length == 16);
      try {
        o.dontFragment();
      } catch (RuntimeException e) {
        o.close();
        throw e;
      }
      return o;
    });
    try {
      return s.ping(target, addr, timeout, Math.max(8, payloadBytes));
    } finally {
      s.close();
    }
  }
}
