package dev.netns.assertj.error;

import dev.netns.Netns;
import dev.netns.ProbeResult;
import java.time.Duration;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Failure of {@code canConnectUdp} (the echo did not come back) or {@code cannotConnectUdp} (it did).
 *
 * <pre>{@code
 * Expecting namespace <client: jn-ab12c-client-1> to get a UDP echo from 10.0.0.2:53
 * (one datagram, timeout 1 s)
 * but the probe saw (after 1 s):
 *   no echo within 1000 ms
 * denied by the rule:
 *   <host: jn-ab12c-host-0> filter FORWARD: -A FORWARD -p udp -m udp --dport 53 -j DROP
 * links: ...
 * }</pre>
 */
public class ShouldConnectUdp extends NetnsErrorMessageFactory {

  /** The message for a UDP probe from {@code ns} that saw {@code result}, against {@code expectEcho}. */
  public static ErrorMessageFactory shouldConnectUdp(Netns ns, boolean expectEcho, Duration timeout, ProbeResult result) {
    return new ShouldConnectUdp(ns, expectEcho, timeout, result);
  }

  private ShouldConnectUdp(Netns ns, boolean expectEcho, Duration timeout, ProbeResult result) {
    super(probeFailure(ns, (expectEcho ? "to get a UDP echo from " : "not to get a UDP echo from ") + result.target(),
        "one datagram", timeout, expectEcho ? "but the probe saw" : "but the echo came back", result));
  }
}
