package dev.netns.assertj;

import dev.netns.NetnsSettings;
import java.time.Duration;
import org.assertj.core.api.AbstractAssert;

/**
 * Base of the assertions of assertj-netns: adds {@code eventually()}, which makes the checks that
 * follow it in the chain retry until they pass or the time is up.
 *
 * <pre>{@code
 * assertThat(red).eventually().canPing("10.0.0.2");                        // 10 s, poll every 100 ms
 * assertThat(red).eventually(Duration.ofSeconds(3)).hasRouteVia("10.0.0.254");
 * assertThat(red).link("veth-red").eventually(Duration.ofSeconds(2), Duration.ofMillis(50)).isUp();
 * }</pre>
 *
 * <p>Each check reads the live kernel state at every attempt; nothing is cached. Only an
 * {@link AssertionError} is retried: any other exception ends the check at once. When the time
 * is up, the check fails with an {@link AssertionError} holding the last attempt's message
 * followed by a line such as {@code still failing after 5 s (25 attempts)}. Every check of the
 * chain gets its own full timeout.
 *
 * <p>No method of this class (or its subclasses) is final, so AssertJ's soft assertion proxies
 * can intercept all of them.
 *
 * @param <SELF>   the assertion's own type, returned by every check so that chains keep it
 * @param <ACTUAL> the type of the object under test
 */
public abstract class AbstractRetryingAssert<SELF extends AbstractRetryingAssert<SELF, ACTUAL>, ACTUAL>
    extends AbstractAssert<SELF, ACTUAL> {

  private Retry retry = Retry.once();

  /**
   * @param actual   the object under test
   * @param selfType the concrete assertion class
   */
  protected AbstractRetryingAssert(ACTUAL actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /**
   * The settings the checks default to: those of the namespace under test (the run's JUnit
   * configuration parameters, falling back to system properties).
   */
  protected NetnsSettings settings() {
    if (actual instanceof dev.netns.Netns n) return n.settings();
    if (actual instanceof dev.netns.Link l && l.netns() != null) return l.netns().settings();
    return NetnsSettings.fromSystemProperties();
  }

  /**
   * From here on, retries each check until it passes, for at most {@code netns.eventually.timeout}
   * (10 s unless configured), polling every {@code netns.eventually.interval} (100 ms).
   *
   * @return this assertion
   */
  public SELF eventually() {
    NetnsSettings s = settings();
    return eventually(s.eventually(), s.interval());
  }

  /**
   * From here on, retries each check until it passes, for at most {@code timeout}, polling every
   * {@code netns.eventually.interval}.
   *
   * @param timeout how long each check may keep failing; positive
   * @return this assertion
   * @throws IllegalArgumentException when {@code timeout} is null, zero or negative
   */
  public SELF eventually(Duration timeout) {
    Args.positive(timeout, "eventually", "timeout");
    return eventually(timeout, settings().interval());
  }

  /**
   * From here on, retries each check until it passes, for at most {@code timeout}, starting a new
   * attempt every {@code interval}.
   *
   * @param timeout  how long each check may keep failing; positive
   * @param interval the pause between attempts; positive
   * @return this assertion
   * @throws IllegalArgumentException when a duration is null, zero or negative
   */
  public SELF eventually(Duration timeout, Duration interval) {
    Args.positive(timeout, "eventually", "timeout");
    Args.positive(interval, "eventually", "interval");
    retry = Retry.within(timeout, interval);
    return myself;
  }

  /**
   * Runs one check: once, or (after {@code eventually()}) until it passes or the time is up. The
   * check must read live state itself and fail with an {@link AssertionError}; custom assertions
   * extending this class use it the same way.
   *
   * @param attempt reads the state and throws {@link AssertionError} when it is not as expected
   */
  protected void check(Runnable attempt) {
    retry.check(attempt);
  }

  /** The retry policy, handed on to the link assertions made by {@code link(name)}. */
  Retry retry() {
    return retry;
  }

  void retry(Retry policy) {
    this.retry = policy;
  }
}
