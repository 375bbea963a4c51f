package dev.netns.assertj.error;

import dev.netns.Netns;
import dev.netns.ProbeResult;
import java.time.Duration;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Failure of {@code canPing}: no echo reply came back in time.
 *
 * <pre>{@code
 * Expecting namespace <red: jn-ab12c-red-1> on the local kernel to be able to ping 10.0.0.9
 * (one ICMP echo, timeout 1 s)
 * but the probe saw: ping exited 1: ... 1 packets transmitted, 0 received, 100% packet loss (after 1.004 s)
 * links:
 *   ...
 * routes (main table):
 *   ...
 * }</pre>
 */
public class ShouldBeAbleToPing extends NetnsErrorMessageFactory {

  /** The message for a ping from {@code ns} to {@code ip} that saw {@code result}. */
  public static ErrorMessageFactory shouldBeAbleToPing(Netns ns, String ip, Duration timeout, ProbeResult result) {
    return new ShouldBeAbleToPing(ns, ip, timeout, result);
  }

  private ShouldBeAbleToPing(Netns ns, String ip, Duration timeout, ProbeResult result) {
    super(probeFailure(ns, "to be able to ping " + ip, "one ICMP echo", timeout,
        "but the probe saw: ", result));
  }
}
