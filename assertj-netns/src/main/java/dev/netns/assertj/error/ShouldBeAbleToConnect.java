package dev.netns.assertj.error;

import dev.netns.Netns;
import dev.netns.ProbeResult;
import java.time.Duration;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Failure of {@code canConnect}: the TCP handshake did not complete.
 *
 * <pre>{@code
 * Expecting namespace <red: jn-ab12c-red-1> on the local kernel to be able to connect to 10.0.0.2:8080
 * (one TCP connect, timeout 1 s)
 * but the probe saw (after 4 ms):
 *   Connection refused
 * links: ...
 * }</pre>
 */
public class ShouldBeAbleToConnect extends NetnsErrorMessageFactory {

  /** The message for a TCP connect from {@code ns} that saw {@code result}; reads {@code ns} now. */
  public static ErrorMessageFactory shouldBeAbleToConnect(Netns ns, Duration timeout, ProbeResult result) {
    return new ShouldBeAbleToConnect(NamespaceSnapshot.take(ns), null, timeout, result);
  }

  /** The message for a TCP connect from {@code ns} to {@code ip} that saw {@code result}, with the far side; reads them now. */
  public static ErrorMessageFactory shouldBeAbleToConnect(Netns ns, String ip, Duration timeout, ProbeResult result) {
    NamespaceSnapshot snapshot = NamespaceSnapshot.take(ns);
    return new ShouldBeAbleToConnect(snapshot, FarSideSnapshot.take(snapshot, ip), timeout, result);
  }

  /**
   * The message for a TCP connect that saw {@code result}, from the prober and far side read when it
   * failed ({@code far} null: no far-side block).
   */
  public static ErrorMessageFactory shouldBeAbleToConnect(NamespaceSnapshot ns, FarSideSnapshot far, Duration timeout,
                                                          ProbeResult result) {
    return new ShouldBeAbleToConnect(ns, far, timeout, result);
  }

  private ShouldBeAbleToConnect(NamespaceSnapshot ns, FarSideSnapshot far, Duration timeout, ProbeResult result) {
    super(probeFailure(ns, "to be able to connect to " + result.target(), "one TCP connect", timeout,
        "but the probe saw", result, far));
  }
}
