package dev.netns.samples.evidence;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs a lab of these samples as a user's build would, through the JUnit Platform, with
 * {@code netns.evidence.dir} set; labs carry {@link OnlyInKit} so that surefire never runs them
 * on their own.
 */
final class InKit {

  static final String KEY = "samples.evidence.kit";

  private InKit() {
  }

  /** Enables a lab only when {@link #run} started it. */
  static final class OnlyInKit implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(KEY).isPresent()
          ? ConditionEvaluationResult.enabled("run by an evidence sample")
          : ConditionEvaluationResult.disabled("a lab that an evidence sample runs through the JUnit Platform");
    }
  }

  /** Runs one test method of {@code lab} with evidence written under {@code dir}. */
  static Events run(Class<?> lab, String method, Path dir, Map<String, String> more) {
    java.lang.reflect.Method m = java.util.Arrays.stream(lab.getDeclaredMethods()).filter(x -> x.getName().equals(method))
        .findFirst().orElseThrow(() -> new IllegalArgumentException(lab + " has no method " + method));
    EngineTestKit.Builder b = EngineTestKit.engine("junit-jupiter").selectors(selectMethod(lab, m))
        .configurationParameter(KEY, "true").configurationParameter("netns.evidence.dir", dir.toString());
    more.forEach(b::configurationParameter);
    allowFileEntries(b, dir.resolve("junit-outputs"));
    return b.execute().testEvents();
  }

  /**
   * The test kit writes no file entries unless given somewhere to put them (JUnit 5.12+; 6.x names
   * it OutputDirectoryCreator). Reflective: these samples also compile against JUnit 5.10.
   */
  private static void allowFileEntries(EngineTestKit.Builder b, Path root) {
    Class<?> creator;
    try {
      creator = Class.forName("org.junit.platform.engine.OutputDirectoryCreator");
    } catch (ClassNotFoundException olderJUnit) {
      return;
    }
    Object proxy = java.lang.reflect.Proxy.newProxyInstance(creator.getClassLoader(), new Class<?>[] {creator},
        (self, method, args) -> switch (method.getName()) {
          case "getRootDirectory" -> root;
          case "createOutputDirectory" -> java.nio.file.Files.createDirectories(
              root.resolve(Integer.toHexString(args[0].toString().hashCode())));
          case "toString" -> "output directories under " + root;
          case "hashCode" -> System.identityHashCode(self);
          case "equals" -> self == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        });
    try {
      EngineTestKit.Builder.class.getMethod("outputDirectoryCreator", creator).invoke(b, proxy);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot give the test kit an output directory: " + e, e);
    }
  }

  /** The failure of the one failed test. */
  static Throwable failure(Events events) {
    return events.failed().stream().findFirst().orElseThrow(() -> new AssertionError("no test failed: " + events))
        .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
  }

  /** The failure as a stack trace prints it (message, then suppressed exceptions). */
  static String printed(Throwable t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }

  /** Runs a program (argv) on this machine, returning exit code and output together. */
  static Result exec(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(argv + " did not end within 60 s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  record Result(int exitCode, String output) {
  }
}
