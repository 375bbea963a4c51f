package dev.netns.assertj;

import dev.netns.ProbeResult;
import dev.netns.Reachability;
import dev.netns.ReachabilityResult;
import dev.netns.ReachabilityTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link Reachability} grid: {@link #matches(String)} probes every cell at once
 * and compares with an expected table ({@code .} reachable, {@code X} not).
 *
 * <pre>{@code
 * assertThat(Reachability.tcp(80).from("a", a).from("b", b).to("a", "10.0.0.1").to("b", "10.0.0.2"))
 *     .matches("""
 *           a b
 *         a . X
 *         b . .
 *         """);
 * }</pre>
 *
 * <p>A failure lists every wrong cell on a line of its own, {@code FROM -> TO: expected E, observed O},
 * then the observed table, then the rule behind each denied cell and what the other failed cells saw:
 *
 * <pre>
 * Expecting the grid (tcp port 80, timeout 1 s) to match
 *    a  b
 * a  .  X
 * b  .  .
 * but 1 cell differs:
 * b -> a: expected ., observed X
 * observed (all 4 cells in 34 ms):
 *    a  b
 * a  .  X
 * b  X  .
 * denied by rules:
 * a -> b: &lt;host: jn-ab12c-host-0&gt; iptables-nft table filter, chain FORWARD: -A FORWARD -d 10.0.0.2/32 -j DROP
 * b -> a: &lt;host: jn-ab12c-host-0&gt; iptables-nft table filter, chain FORWARD: -A FORWARD -s 10.0.0.2/32 -j REJECT --reject-with icmp-port-unreachable
 * </pre>
 */
public class ReachabilityAssert extends AbstractAssert<ReachabilityAssert, Reachability> {

  private ReachabilityResult last;

  /** @param actual the grid */
  protected ReachabilityAssert(Reachability actual) {
    super(actual, ReachabilityAssert.class);
  }

  /**
   * Probes every cell and verifies that each is as {@code table} says.
   *
   * @param table the expected grid: the first non-blank line holds the destination labels, every
   *              other line a source label and one cell ({@code .} or {@code X}) per destination
   * @return this assertion
   * @throws IllegalArgumentException (before any probe) when the table names an unknown label,
   *                                  misses a source or destination, or holds another symbol
   */
  public ReachabilityAssert matches(String table) {
    isNotNull();
    List<String> from = new ArrayList<>(actual.sources().keySet());
    List<String> to = new ArrayList<>(actual.destinations().keySet());
    Map<String, Map<String, Boolean>> expected = ReachabilityTable.parse(table, from, to);
    ReachabilityResult r = actual.probe();
    last = r;
    List<String> wrong = new ArrayList<>();
    for (String f : from) {
      for (String t : to) {
        boolean e = expected.get(f).get(t);
        boolean o = r.reachable(f, t);
        if (e != o) wrong.add(f + " -> " + t + ": expected " + sym(e) + ", observed " + sym(o));
      }
    }
    if (wrong.isEmpty()) return myself;
    String nl = System.lineSeparator();
    StringBuilder b = new StringBuilder(nl).append("Expecting the grid (").append(actual.describe()).append(", timeout ")
        .append(dev.netns.assertj.error.NetnsStateRenderer.duration(actual.timeout())).append(") to match").append(nl)
        .append(ReachabilityTable.render(from, to, (f, t) -> expected.get(f).get(t))).append(nl)
        .append("but ").append(wrong.size()).append(wrong.size() == 1 ? " cell differs:" : " cells differ:").append(nl);
    wrong.forEach(w -> b.append(w).append(nl));
    b.append("observed (all ").append(from.size() * to.size()).append(" cells in ").append(r.elapsed().toMillis())
        .append(" ms):").append(nl).append(r.table());
    List<String> denials = r.denials();
    if (!denials.isEmpty()) {
      b.append(nl).append("denied by rules:");
      denials.forEach(d -> b.append(nl).append(d));
    }
    List<String> seen = new ArrayList<>();
    for (String f : from) {
      for (String t : to) {
        ProbeResult p = r.result(f, t);
        if (!p.success() && p.deniedBy().isEmpty() && expected.get(f).get(t)) {
          seen.add(f + " -> " + t + ": " + p.detail().lines().findFirst().orElse(""));
        }
      }
    }
    if (!seen.isEmpty()) {
      b.append(nl).append("what the unexpectedly failed cells saw (no rule was found to blame):");
      seen.forEach(s -> b.append(nl).append(s));
    }
    throw new AssertionError(descriptionText().isEmpty() ? b.toString() : "[" + descriptionText() + "] " + b);
  }

  /** The result of the last {@link #matches(String)} (for further checks), or null before one ran. */
  public ReachabilityResult lastResult() {
    return last;
  }

  private static String sym(boolean reachable) {
    return reachable ? "." : "X";
  }
}
