package dev.netns.acceptance;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Helpers of the acceptance tests, written as an outsider would: the public API plus plain
 * {@code ip} commands. Inner "scenario" classes carry {@link OnlyInKit} so that they run only
 * when a test launches them through the {@link EngineTestKit}, never on their own in surefire.
 */
final class Kit {

  static final String KIT = "acceptance.kit";

  private Kit() {
  }

  /** Disables a scenario class unless the engine test kit started it. */
  static final class OnlyInKit implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(KIT).isPresent()
          ? ConditionEvaluationResult.enabled("run by the engine test kit")
          : ConditionEvaluationResult.disabled("a scenario: runs only inside an acceptance test");
    }
  }

  static EngineExecutionResults run(Class<?> scenario) {
    return run(scenario, Map.of());
  }

  static EngineExecutionResults run(Class<?> scenario, Map<String, String> config) {
    return run(List.of(scenario), config);
  }

  static EngineExecutionResults run(List<Class<?>> scenarios, Map<String, String> config) {
    EngineTestKit.Builder b = EngineTestKit.engine("junit-jupiter")
        .selectors(scenarios.stream().map(c -> selectClass(c)).toArray(org.junit.platform.engine.DiscoverySelector[]::new))
        .configurationParameter(KIT, "true");
    config.forEach(b::configurationParameter);
    return b.execute();
  }

  /** Runs a scenario and fails with every failure's full message when any test or container failed. */
  static EngineExecutionResults runClean(Class<?> scenario) {
    EngineExecutionResults r = run(scenario);
    List<Throwable> f = failures(r);
    if (!f.isEmpty()) {
      AssertionError e = new AssertionError("scenario " + scenario.getSimpleName() + " failed: "
          + f.stream().map(Kit::fullMessage).collect(java.util.stream.Collectors.joining("\n---\n")));
      f.forEach(e::addSuppressed);
      throw e;
    }
    return r;
  }

  /** The throwables of every failed test (or container) event. */
  static List<Throwable> failures(EngineExecutionResults r) {
    List<Throwable> out = new ArrayList<>();
    for (Event e : r.allEvents().failed().list()) {
      e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).ifPresent(out::add);
    }
    return out;
  }

  static Throwable onlyFailure(EngineExecutionResults r) {
    List<Throwable> f = failures(r);
    if (f.size() != 1) {
      throw new AssertionError("expected exactly one failure, got " + f.size() + ": " + f);
    }
    return f.get(0);
  }

  /** Message of a throwable with its causes and suppressed ones, for contains-checks. */
  static String fullMessage(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
      for (Throwable s : c.getSuppressed()) b.append("suppressed ").append(s).append('\n');
      if (c.getCause() == c) break;
    }
    return b.toString();
  }

  // ------------------------------------------------------------------ machine state

  static String sh(String... argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(Arrays.toString(argv) + " timed out");
      }
      if (p.exitValue() != 0) throw new AssertionError(Arrays.toString(argv) + " exited " + p.exitValue() + ": " + out);
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every name {@code ip netns list} prints (first word of each line). */
  static List<String> netnsList() {
    return Arrays.stream(sh("ip", "netns", "list").split("\n")).map(String::strip).filter(s -> !s.isEmpty())
        .map(l -> l.split(" ")[0]).collect(Collectors.toList());
  }

  /** Docker (used by other tests on this machine) adds bridges and veths to the root namespace. */
  private static final Pattern DOCKER = Pattern.compile("^(veth[0-9a-f]{7}|br-[0-9a-f]{12}|docker0)$");

  /**
   * The root namespace's links as {@code ip -o link} shows them (index, name, flags, mtu), minus
   * Docker's own links, which other jobs on this machine may add or remove at any moment.
   */
  static List<String> rootLinks() {
    List<String> out = new ArrayList<>();
    for (String l : sh("ip", "-o", "link").split("\n")) {
      if (l.isBlank()) continue;
      String[] f = l.split("\\s+");
      String name = f[1].replaceAll(":$", "").replaceAll("@.*", "");
      if (DOCKER.matcher(name).matches()) continue;
      out.add(f[0] + " " + name + " " + f[2] + " mtu " + f[4]);
    }
    return out;
  }

  /** The namespaces of this JVM's run: the prefix of a namespace name we made, e.g. {@code jn-ab12c-}. */
  static String runPrefixOf(String namespaceName) {
    int second = namespaceName.indexOf('-', namespaceName.indexOf('-') + 1);
    return namespaceName.substring(0, second + 1);
  }

  static List<String> namespacesWithPrefix(String prefix) {
    return netnsList().stream().filter(n -> n.startsWith(prefix)).sorted().collect(Collectors.toList());
  }

  static Optional<String> firstLine(String s) {
    return s.lines().findFirst();
  }
}
