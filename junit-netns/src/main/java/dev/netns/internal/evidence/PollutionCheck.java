package dev.netns.internal.evidence;

import dev.netns.internal.core.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compares the host side of a test's target before and after the test ({@link HostSnapshot}):
 * what appeared or went away, and was neither made nor undone by the framework, is reported
 * naming the test.
 *
 * <p>Attribution, with other JVMs and other tests of this JVM running on the same machine: the
 * framework's own names of any run are never counted (see {@link HostSnapshot}); a difference that
 * came and went during the test is not a leftover and is not seen; and when other tests of this
 * JVM ran at the same time, the report names them too and never fails the test (it cannot know
 * which one did it), even with {@code netns.pollution=fail}. Changes by other programs on the
 * machine (a container runtime) can be left out with {@value #IGNORE}, a regular expression
 * matched against each line (default: Docker's own bridges, veths and chains).
 */
public final class PollutionCheck {

  public static final String IGNORE = "netns.pollution.ignore";
  static final String DEFAULT_IGNORE = "\\b(docker0|br-[0-9a-f]{12}|veth[0-9a-f]{7})\\b|DOCKER";

  /** Tests of this JVM running now, each with the names of the tests that overlapped it so far. */
  private static final Map<PollutionCheck, Set<String>> RUNNING = new ConcurrentHashMap<>();

  private final String test;
  private final String owner;
  private final Backend backend;
  private final Pattern ignore;
  private final Set<String> before;

  private PollutionCheck(String test, String owner, Backend backend, Pattern ignore, Set<String> before) {
    this.test = test;
    this.owner = owner;
    this.backend = backend;
    this.ignore = ignore;
    this.before = before;
  }

  /** The ignore pattern from its setting; a bad one is an {@link IllegalArgumentException} naming it. */
  public static Pattern ignorePattern(Optional<String> setting) {
    String p = setting.map(String::strip).orElse(DEFAULT_IGNORE);
    if (p.isEmpty()) return null;
    try {
      return Pattern.compile(p);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(IGNORE + "=\"" + p + "\" is not a regular expression: " + e.getDescription());
    }
  }

  /**
   * The last look of a test that ran alone, on this thread: the next test of the same class on the
   * same target takes it as its own first look instead of reading again, when no other test of
   * this JVM ran meanwhile. What changed in between (another extension's callbacks, this class's
   * lifecycle methods) is then reported on the next test, which is where it surfaced.
   */
  private record LastLook(String owner, Backend backend, Pattern ignore, Set<String> state) {
  }

  private static final ThreadLocal<LastLook> LAST = new ThreadLocal<>();

  /**
   * Reads the host side once ahead of the first test (the warm-up does), so that the caches of the
   * snapshot (links and routes until the kernel announces a change, the packet filter until its
   * generation moves) are filled before a test waits for them. Reads only.
   */
  public static void firstLook(Backend backend) {
    HostSnapshot.take(backend, null);
  }

  /** Reads the host side before {@code test} (of class {@code owner}) makes anything. */
  public static PollutionCheck start(String test, String owner, Backend backend, Pattern ignore) {
    LastLook last = LAST.get();
    LAST.remove();
    boolean reuse = last != null && RUNNING.isEmpty() && last.owner().equals(owner) && last.backend() == backend
        && java.util.Objects.equals(String.valueOf(last.ignore()), String.valueOf(ignore));
    Set<String> before = reuse ? last.state() : HostSnapshot.take(backend, ignore);
    PollutionCheck c = new PollutionCheck(test, owner, backend, ignore, before);
    Set<String> overlap = ConcurrentHashMap.newKeySet();
    for (Map.Entry<PollutionCheck, Set<String>> e : RUNNING.entrySet()) {
      e.getValue().add(test);
      overlap.add(e.getKey().test);
    }
    RUNNING.put(c, overlap);
    return c;
  }

  /**
   * Reads the host side again (after the test's fixtures were undone) and describes what changed,
   * or returns empty.
   */
  public Optional<Report> finish() {
    Set<String> overlap = RUNNING.remove(this);
    Set<String> after = HostSnapshot.take(backend, ignore);
    boolean alone = (overlap == null || overlap.isEmpty()) && RUNNING.isEmpty();
    if (alone) LAST.set(new LastLook(owner, backend, ignore, after)); else LAST.remove();
    if (after.equals(before)) return Optional.empty();
    Set<String> added = new TreeSet<>(after);
    added.removeAll(before);
    Set<String> removed = new TreeSet<>(before);
    removed.removeAll(after);
    if (added.isEmpty() && removed.isEmpty()) return Optional.empty();
    StringBuilder b = new StringBuilder("junit-netns: ").append(test).append(" left the host side of the ")
        .append(backend.describe()).append(hostWords()).append(" changed (the framework neither made nor undid this):");
    for (String a : added) b.append("\n  + ").append(a);
    for (String r : removed) b.append("\n  - ").append(r);
    List<String> others = overlap == null ? List.of() : new ArrayList<>(new TreeSet<>(overlap));
    if (!others.isEmpty()) {
      b.append("\n(other tests of this JVM ran at the same time and may have done it: ")
          .append(String.join(", ", others.size() <= 5 ? others : others.subList(0, 5)))
          .append(others.size() > 5 ? " and " + (others.size() - 5) + " more" : "").append(')');
    }
    return Optional.of(new Report(b.toString(), others.isEmpty()));
  }

  private String hostWords() {
    return backend.hostIsStandIn() ? " (the machine's own network namespace)" : " (the node's own network namespace)";
  }

  /**
   * A difference found.
   *
   * @param certain whether this test ran alone in this JVM (only then may it fail the test)
   */
  public record Report(String message, boolean certain) {
  }
}
