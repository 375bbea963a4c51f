package dev.netns.assertj.error;

import dev.netns.Netns;
import dev.netns.ProbeResult;
import java.time.Duration;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Failure of {@code canPing(ip, payloadBytes)} / {@code cannotPing(ip, payloadBytes)}: what the
 * don't-fragment echo saw, then what the path MTU looks like (the MTU the kernel learned, and
 * whether a small echo passes), calling out an MTU black hole when small echoes pass, large ones
 * vanish and no "fragmentation needed" came back.
 *
 * <pre>{@code
 * Expecting namespace <pod: jn-ab12c-pod-1> to be able to ping 10.0.2.2 with 1472 bytes of data (a 1500-byte packet)
 * (one ICMP echo, don't fragment, timeout 1 s)
 * but the probe saw (after 1 s):
 *   no reply within 1000 ms: 1 packets transmitted, 0 received, 100% packet loss
 * path MTU: none learned toward 10.0.2.2 (no "fragmentation needed" came back); a 56-byte echo passes
 * this looks like an MTU black hole: ...
 * }</pre>
 */
public class ShouldPingWithSize extends NetnsErrorMessageFactory {

  /**
   * @param mtuFacts what the path MTU looks like, one or more lines (made by the assertion)
   */
  public static ErrorMessageFactory shouldPingWithSize(Netns ns, String ip, int payloadBytes, boolean expectAnswer,
                                                       Duration timeout, ProbeResult result, String mtuFacts) {
    return new ShouldPingWithSize(ns, ip, payloadBytes, expectAnswer, timeout, result, mtuFacts);
  }

  private ShouldPingWithSize(Netns ns, String ip, int payloadBytes, boolean expectAnswer, Duration timeout,
                             ProbeResult result, String mtuFacts) {
    super(parts(ns, ip, payloadBytes, expectAnswer, timeout, result, mtuFacts));
  }

  private static String[] parts(Netns ns, String ip, int payloadBytes, boolean expectAnswer, Duration timeout,
                                ProbeResult result, String mtuFacts) {
    int packet = payloadBytes + (ip.contains(":") ? 48 : 28);
    String[] p = probeFailure(ns, (expectAnswer ? "to be able to ping " : "not to be able to ping ") + ip + " with "
        + payloadBytes + " bytes of data (a " + packet + "-byte packet)", "one ICMP echo, don't fragment", timeout,
        expectAnswer ? "but the probe saw" : "but it was answered", result);
    String[] out = new String[p.length + 1];
    System.arraycopy(p, 0, out, 0, p.length - 1);
    out[p.length - 1] = mtuFacts;
    out[p.length] = p[p.length - 1];
    return out;
  }
}
