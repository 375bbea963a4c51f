package dev.netns.assertj.error;

import dev.netns.Netns;
import dev.netns.ProbeResult;
import java.time.Duration;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Failure of {@code cannotConnect}: a TCP connection was established.
 *
 * <pre>{@code
 * Expecting namespace <red: jn-ab12c-red-1> on the local kernel not to be able to connect to 10.0.0.2:22
 * (one TCP connect, timeout 1 s)
 * but the connection was established (after 3 ms):
 *   connected
 * links: ...
 * }</pre>
 */
public class ShouldNotBeAbleToConnect extends NetnsErrorMessageFactory {

  /** The message for a TCP connect from {@code ns} that succeeded; reads {@code ns} now. */
  public static ErrorMessageFactory shouldNotBeAbleToConnect(Netns ns, Duration timeout, ProbeResult result) {
    return new ShouldNotBeAbleToConnect(NamespaceSnapshot.take(ns), timeout, result);
  }

  /** The message for a TCP connect that succeeded, from the prober's state read when it failed. */
  public static ErrorMessageFactory shouldNotBeAbleToConnect(NamespaceSnapshot ns, Duration timeout, ProbeResult result) {
    return new ShouldNotBeAbleToConnect(ns, timeout, result);
  }

  private ShouldNotBeAbleToConnect(NamespaceSnapshot ns, Duration timeout, ProbeResult result) {
    super(probeFailure(ns, "not to be able to connect to " + result.target(), "one TCP connect", timeout,
        "but the connection was established", result, null));
  }
}
