package dev.netns.assertj.error;

import dev.netns.Netns;
import dev.netns.ProbeResult;
import java.time.Duration;
import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * Base of the error factories of assertj-netns: a message made of lines (what was expected, then
 * the actual state that decides it, rendered by {@link NetnsStateRenderer}). Like AssertJ's own
 * messages it starts on a new line, so that a description set with {@code as(...)} stands alone.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveLink.shouldHaveLink(ns, "veth9", ns.links()));
 * }</pre>
 */
public abstract class NetnsErrorMessageFactory extends BasicErrorMessageFactory {

  /** @param lines the message lines; a line may itself hold several lines (a rendered table) */
  protected NetnsErrorMessageFactory(String... lines) {
    // the text goes in as an argument, never as the format: addresses and probe output may hold '%'
    super("%n%s", unquotedString(String.join(System.lineSeparator(), lines)));
  }

  /**
   * The lines of a probe failure: the expectation, the probe and its timeout, what the probe saw,
   * then the namespace's state.
   *
   * @param expectation e.g. {@code "to be able to ping 10.0.0.2"}
   * @param probe       e.g. {@code "one ICMP echo"}
   * @param outcome     introduces what was seen, e.g. {@code "but the probe saw"}
   */
  protected static String[] probeFailure(Netns ns, String expectation, String probe, Duration timeout,
                                         String outcome, ProbeResult result) {
    return probeFailure(ns, expectation, probe, timeout, outcome, result, null);
  }

  /**
   * The lines of a probe failure as above, then the far side of the probe toward {@code farIp}
   * ({@code null}: none): the namespace of the test that holds that address, and the next hop.
   */
  protected static String[] probeFailure(Netns ns, String expectation, String probe, Duration timeout,
                                         String outcome, ProbeResult result, String farIp) {
    String[] lines = probeFailure0(ns, expectation, probe, timeout, outcome, result);
    if (farIp == null) return lines;
    String far = FarSide.of(ns, farIp);
    if (far.isEmpty()) return lines;
    String[] out = java.util.Arrays.copyOf(lines, lines.length + 1);
    out[lines.length] = far;
    return out;
  }

  private static String[] probeFailure0(Netns ns, String expectation, String probe, Duration timeout,
                                        String outcome, ProbeResult result) {
    return new String[] {
        "Expecting namespace " + NetnsStateRenderer.describe(ns) + " " + expectation,
        "(" + probe + ", timeout " + NetnsStateRenderer.duration(timeout) + ")",
        NetnsStateRenderer.probe(outcome, result),
        NetnsStateRenderer.state(ns)};
  }
}
