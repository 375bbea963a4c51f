package dev.netns.assertj;

import dev.netns.assertj.error.NetnsStateRenderer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * How a check runs: once, or retried with Awaitility until it passes or the time is up.
 *
 * <p>Only {@link AssertionError} is retried; anything else (a namespace that vanished, a bad
 * setting) ends the wait at once and propagates as it is. Every Awaitility setting that matters
 * is given per call, so neither Awaitility's global defaults nor changes a user made to them
 * alter the behaviour. Attempts run on the calling thread, one after the other: an attempt that
 * is running when the time is up is allowed to finish (a probe is bounded by its own timeout).
 */
final class Retry {

  private static final Retry ONCE = new Retry(null, null);

  private final Duration timeout;
  private final Duration interval;

  private Retry(Duration timeout, Duration interval) {
    this.timeout = timeout;
    this.interval = interval;
  }

  static Retry once() {
    return ONCE;
  }

  static Retry within(Duration timeout, Duration interval) {
    return new Retry(timeout, interval);
  }

  /** Runs {@code attempt} once, or until it stops throwing {@link AssertionError}. */
  void check(Runnable attempt) {
    if (timeout == null) {
      attempt.run();
      return;
    }
    AtomicInteger attempts = new AtomicInteger();
    AtomicReference<AssertionError> last = new AtomicReference<>();
    try {
      Awaitility.with()
          .pollInSameThread()
          .pollDelay(Duration.ZERO)
          .pollInterval(interval)
          .atMost(timeout)
          .ignoreNoExceptions()
          .dontCatchUncaughtExceptions()
          .untilAsserted(() -> {
            attempts.incrementAndGet();
            try {
              attempt.run();
            } catch (AssertionError e) {
              last.set(e);
              throw e;
            }
          });
    } catch (ConditionTimeoutException e) {
      throw timedOut(last.get(), attempts.get());
    }
  }

  private AssertionError timedOut(AssertionError last, int attempts) {
    String still = "still failing after " + NetnsStateRenderer.duration(timeout) + " (" + attempts
        + (attempts == 1 ? " attempt" : " attempts") + ")";
    if (last == null) return new AssertionError("no attempt finished in time; " + still);
    return new AssertionError(last.getMessage() + System.lineSeparator() + still, last);
  }
}
