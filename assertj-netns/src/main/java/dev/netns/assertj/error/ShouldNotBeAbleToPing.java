package dev.netns.assertj.error;

import dev.netns.Netns;
import dev.netns.ProbeResult;
import java.time.Duration;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Failure of {@code cannotPing}: the echo was answered.
 *
 * <pre>{@code
 * Expecting namespace <red: jn-ab12c-red-1> on the local kernel not to be able to ping 10.0.0.2
 * (one ICMP echo, timeout 1 s)
 * but it answered (after 3 ms):
 *   --- 10.0.0.2 ping statistics ---
 *   1 packets transmitted, 1 received, 0% packet loss, time 0ms
 *   rtt min/avg/max/mdev = 0.051/0.051/0.051/0.000 ms
 * links: ...
 * }</pre>
 */
public class ShouldNotBeAbleToPing extends NetnsErrorMessageFactory {

  /** The message for a ping from {@code ns} to {@code ip} that was answered; reads {@code ns} now. */
  public static ErrorMessageFactory shouldNotBeAbleToPing(Netns ns, String ip, Duration timeout, ProbeResult result) {
    return new ShouldNotBeAbleToPing(NamespaceSnapshot.take(ns), ip, timeout, result);
  }

  /** The message for a ping to {@code ip} that was answered, from the prober's state read when it failed. */
  public static ErrorMessageFactory shouldNotBeAbleToPing(NamespaceSnapshot ns, String ip, Duration timeout,
                                                          ProbeResult result) {
    return new ShouldNotBeAbleToPing(ns, ip, timeout, result);
  }

  private ShouldNotBeAbleToPing(NamespaceSnapshot ns, String ip, Duration timeout, ProbeResult result) {
    super(probeFailure(ns, "not to be able to ping " + ip, "one ICMP echo", timeout,
        "but it answered", result, null));
  }
}
