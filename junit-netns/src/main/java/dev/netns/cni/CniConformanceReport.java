package dev.netns.cni;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a {@link CniConformance} run: every check with what the plugin did. Its
 * {@link #toString()} is a table meant for a terminal or a test report:
 *
 * <pre>
 * CNI conformance of ptp (/usr/lib/cni/ptp), network "podnet", cniVersion 1.0.0: 25 of 28 checks passed, 3 failed (2.1 s)
 *   #  outcome  check
 *   1  PASS     ADD result matches the 1.0.0 result schema (SPEC §5 "Result Types": Success)
 *  ...
 *  27  FAIL     error results carry cniVersion, code and msg, and exit non-zero (SPEC §5 "Error")
 *               ptp: error result of ADD with a configuration that is not JSON has no "cniVersion": {"code":6,...}
 * </pre>
 */
public final class CniConformanceReport {

  /** How a check ended. */
  public enum Outcome {
    /** The plugin did what the rule says. */
    PASS,
    /** The plugin broke the rule; {@link Check#detail()} says how. */
    FAIL,
    /** The rule does not apply to this configuration or plugin; {@link Check#detail()} says why. */
    SKIP
  }

  /**
   * One check.
   *
   * @param name    the check's name, naming the spec rule it holds the plugin to
   * @param outcome how it ended
   * @param detail  for a failure, what the plugin did (exit status, output, what the kernel held);
   *                for a skip, why; {@code ""} for a pass
   * @param elapsed how long the check took (shared preparation counted in the first check that needed it)
   */
  public record Check(String name, Outcome outcome, String detail, Duration elapsed) {
  }

  private final String subject;
  private final List<Check> checks;
  private final Duration elapsed;

  CniConformanceReport(String subject, List<Check> checks, Duration elapsed) {
    this.subject = subject;
    this.checks = List.copyOf(checks);
    this.elapsed = elapsed;
  }

  /** Whether no check failed (skipped checks do not count against the plugin). */
  public boolean passed() {
    return checks.stream().noneMatch(c -> c.outcome() == Outcome.FAIL);
  }

  /** Every check's name, in order; each names the spec rule it holds the plugin to. */
  public List<String> checks() {
    return checks.stream().map(Check::name).toList();
  }

  /** One line per failed check: its name, then what the plugin did (the detail's line breaks joined). */
  public List<String> failures() {
    List<String> out = new ArrayList<>();
    for (Check c : checks) {
      if (c.outcome() == Outcome.FAIL) out.add(c.name() + ": " + c.detail().replaceAll("\\s*\\n\\s*", " "));
    }
    return out;
  }

  /** Every check with its outcome and detail. */
  public List<Check> results() {
    return checks;
  }

  /** The check of that name. */
  public Check result(String name) {
    for (Check c : checks) if (c.name().equals(name)) return c;
    throw new IllegalArgumentException("no check named \"" + name + "\"; the checks are " + checks());
  }

  /** Names of the failed checks, in order. */
  public List<String> failedChecks() {
    return checks.stream().filter(c -> c.outcome() == Outcome.FAIL).map(Check::name).toList();
  }

  /** How long the whole run took. */
  public Duration elapsed() {
    return elapsed;
  }

  @Override
  public String toString() {
    long pass = checks.stream().filter(c -> c.outcome() == Outcome.PASS).count();
    long fail = checks.stream().filter(c -> c.outcome() == Outcome.FAIL).count();
    long skip = checks.size() - pass - fail;
    StringBuilder b = new StringBuilder("CNI conformance of ").append(subject).append(": ")
        .append(pass).append(" of ").append(checks.size()).append(" checks passed, ").append(fail).append(" failed");
    if (skip > 0) b.append(", ").append(skip).append(" skipped");
    b.append(String.format(Locale.ROOT, " (%.1f s)%n", elapsed.toMillis() / 1000.0));
    b.append("  #  outcome  check\n");
    int i = 1;
    for (Check c : checks) {
      b.append(String.format(Locale.ROOT, "%3d  %-7s  %s%n", i++, c.outcome(), c.name()));
      if (!c.detail().isEmpty()) {
        for (String line : c.detail().split("\n")) b.append("               ").append(line).append('\n');
      }
    }
    return b.toString();
  }
}
