package dev.netns.assertj.error;

import dev.netns.Netns;
import dev.netns.ProbeResult;
import java.time.Duration;
import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * Base of the error factories of assertj-netns: a message made of lines (what was expected, then
 * the actual state that decides it, rendered by {@link NetnsStateRenderer} from the
 * {@link NamespaceSnapshot} the assertion took when its check failed: a factory formats and never
 * reads the kernel). Like AssertJ's own
 * messages it starts on a new line, so that a description set with {@code as(...)} stands alone.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveLink.shouldHaveLink(NamespaceSnapshot.withLinks(ns, linksTheCheckRead), "veth9"));
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
   * then the namespace's state. Reads the namespace now (one {@link NamespaceSnapshot}); the
   * assertions of this library pass the snapshot they took when the probe failed instead.
   *
   * @param expectation e.g. {@code "to be able to ping 10.0.0.2"}
   * @param probe       e.g. {@code "one ICMP echo"}
   * @param outcome     introduces what was seen, e.g. {@code "but the probe saw"}
   */
  protected static String[] probeFailure(Netns ns, String expectation, String probe, Duration timeout,
                                         String outcome, ProbeResult result) {
    return probeFailure(NamespaceSnapshot.take(ns), expectation, probe, timeout, outcome, result, null);
  }

  /**
   * The lines of a probe failure as above, then the far side of the probe toward {@code farIp}
   * ({@code null}: none): the namespace of the test that holds that address, and the next hop.
   * Reads the namespaces now (one snapshot each).
   */
  protected static String[] probeFailure(Netns ns, String expectation, String probe, Duration timeout,
                                         String outcome, ProbeResult result, String farIp) {
    NamespaceSnapshot snapshot = NamespaceSnapshot.take(ns);
    return probeFailure(snapshot, expectation, probe, timeout, outcome, result,
        farIp == null ? null : FarSideSnapshot.take(snapshot, farIp));
  }

  /**
   * The lines of a probe failure made from what was read when the probe failed: the expectation,
   * the probe and its timeout, what the probe saw, the prober's state, then the far side
   * ({@code null}: none). Reads nothing.
   */
  protected static String[] probeFailure(NamespaceSnapshot ns, String expectation, String probe, Duration timeout,
                                         String outcome, ProbeResult result, FarSideSnapshot far) {
    String[] lines = {
        "Expecting namespace " + NetnsStateRenderer.describe(ns.netns()) + " " + expectation,
        "(" + probe + ", timeout " + NetnsStateRenderer.duration(timeout) + ")",
        NetnsStateRenderer.probe(outcome, result),
        NetnsStateRenderer.state(ns)};
    if (far == null) return lines;
    String block = FarSide.render(far);
    if (block.isEmpty()) return lines;
    String[] out = java.util.Arrays.copyOf(lines, lines.length + 1);
    out[lines.length] = block;
    return out;
  }
}
