package dev.netns.assertj;

import org.assertj.core.api.SoftAssertions;

/**
 * AssertJ's {@link SoftAssertions} plus {@code assertThat(Netns)} and {@code assertThat(Link)}:
 * every failure is collected, and {@link #assertAll()} reports them together.
 *
 * <pre>{@code
 * NetnsSoftAssertions softly = new NetnsSoftAssertions();
 * softly.assertThat(red).canPing("10.0.0.2").hasDefaultRouteVia("10.0.0.254");
 * softly.assertThat(blue).hasLink("veth-blue");
 * softly.assertThat(answer).isEqualTo(42);
 * softly.assertAll();
 * }</pre>
 *
 * <p>With JUnit 5, AssertJ's {@code SoftAssertionsExtension} injects it:
 * {@code @InjectSoftAssertions NetnsSoftAssertions softly;}.
 */
public class NetnsSoftAssertions extends SoftAssertions implements NetnsSoftAssertionsProvider {

  /** Creates an empty collector of failures. */
  public NetnsSoftAssertions() {
  }
}
