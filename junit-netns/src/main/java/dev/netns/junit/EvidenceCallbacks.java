package dev.netns.junit;

import dev.netns.internal.core.Scope;
import dev.netns.internal.evidence.EvidenceSettings;
import dev.netns.internal.evidence.PollutionCheck;
import dev.netns.internal.evidence.TestEvidence;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * The extension's side of the evidence of a failed test (logic in {@code dev.netns.internal.evidence}):
 * starts watching a scope when it is made, writes the evidence when the test failed (from
 * {@code handleTestExecutionException}, or from {@code afterEach} for failures of lifecycle
 * methods), always before the scope tears the namespaces down, and names the directory in the
 * failure.
 *
 * <p>The directory is named in the failure's own message, after the test's own words
 * ({@link FailureNotes}: same family of exception, the original as its cause), so that surefire's
 * summary line and IDEs show it; when the failure came from a lifecycle method (no handler sees
 * it), it is named in a suppressed exception instead. It is also logged (a warning) and published
 * as the report entry {@code netns.evidence}.
 */
final class EvidenceCallbacks {

  private static final Logger LOG = Logger.getLogger(EvidenceCallbacks.class.getName());
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(EvidenceCallbacks.class);
  private static final String WRITTEN = "written";
  private static final String POLLUTION = "pollution";

  private EvidenceCallbacks() {
  }

  /** A scope was just made for {@code context}: watch it (capture from its first namespace on). */
  static void watch(ExtensionContext context, Scope scope) {
    TestEvidence.watch(scope, settings(context).evidence());
  }

  /** The evidence settings and the pollution check's ignore pattern, parsed once per run. */
  private record Settings(EvidenceSettings evidence, java.util.regex.Pattern ignore) {
  }

  /**
   * Parsed once from the configuration parameters and kept in the root store, as
   * {@link Stores#settings} does for the rest; a bad value fails every test that needs it, naming it.
   */
  @SuppressWarnings("deprecation") // getOrComputeIfAbsent: the one that JUnit 5.10 to 6.x all have
  private static Settings settings(ExtensionContext context) {
    ExtensionContext root = context.getRoot();
    Object s = root.getStore(NS).getOrComputeIfAbsent(Settings.class, k -> {
      try {
        return new Settings(EvidenceSettings.read(root::getConfigurationParameter),
            PollutionCheck.ignorePattern(root.getConfigurationParameter(PollutionCheck.IGNORE)));
      } catch (IllegalArgumentException e) {
        return e;
      }
    });
    if (s instanceof IllegalArgumentException e) throw new ExtensionConfigurationException(e.getMessage(), e);
    return (Settings) s;
  }

  /**
   * From {@code beforeEach}, before any fixture of the test is made: reads the host side for the
   * pollution check, which runs again when JUnit closes the test's store, after {@code afterEach}
   * has undone the fixtures.
   */
  static void beforeEach(ExtensionContext context, Scope scope) {
    Settings both = settings(context);
    EvidenceSettings settings = both.evidence();
    java.util.regex.Pattern ignore = both.ignore();
    if (settings.pollution() == EvidenceSettings.Pollution.OFF) return;
    String test = context.getRequiredTestClass().getName() + "." + context.getRequiredTestMethod().getName()
        + " (" + context.getDisplayName() + ")";
    PollutionCheck check;
    try {
      // the owner: this class in this run of the engine (a test kit's nested run is another)
      String owner = context.getRequiredTestClass().getName() + "@" + System.identityHashCode(context.getRoot());
      check = PollutionCheck.start(test, owner, scope.backend(), ignore);
    } catch (RuntimeException | LinkageError e) {
      LOG.warning("junit-netns cannot check " + test + " for changes left on the " + scope.backend().describe() + ": " + e);
      return;
    }
    context.getStore(NS).put(POLLUTION, new AfterTest(context, check, settings.pollution()));
  }

  /** Closed by JUnit with the test's store, after every {@code afterEach}: the second look. */
  @SuppressWarnings("deprecation") // CloseableResource: what JUnit 5.10 closes; 5.13+ and 6 close AutoCloseable too
  private record AfterTest(ExtensionContext context, PollutionCheck check, EvidenceSettings.Pollution mode)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      Optional<PollutionCheck.Report> report;
      try {
        report = check.finish();
      } catch (RuntimeException | LinkageError e) {
        LOG.warning("junit-netns could not finish the pollution check: " + e);
        return;
      }
      if (report.isEmpty()) return;
      PollutionCheck.Report r = report.get();
      if (mode == EvidenceSettings.Pollution.FAIL && r.certain()) {
        throw new AssertionError(r.message() + "\n(" + EvidenceSettings.POLLUTION + "=fail)");
      }
      LOG.warning(r.message());
      try {
        context.publishReportEntry("netns.pollution", r.message());
      } catch (RuntimeException ignored) {
        // the test's report may be closed already: the warning above stays
      }
    }
  }

  /** From {@code handleTestExecutionException}: writes the evidence and returns the throwable to rethrow. */
  static Throwable onTestFailure(ExtensionContext context, Scope scope, Throwable failure) {
    if (aborted(failure)) return failure; // a skip (assumption), not a failure: no evidence, and it stays a skip
    TestEvidence.Written w = write(context, scope, failure);
    if (w == null) return failure;
    return nameIn(failure, w);
  }

  /**
   * From {@code afterEach}, before the scope closes: evidence of a failure that did not pass
   * through {@link #onTestFailure} (a {@code @BeforeEach} or {@code @AfterEach} method failed), of a
   * passing test in mode {@code always}; and a passing test's stale directory of an earlier run goes.
   */
  static void afterEach(ExtensionContext context, Scope scope) {
    if (scope == null || context.getStore(NS).get(WRITTEN) != null) return;
    var settings = TestEvidence.of(scope).map(TestEvidence::settings).orElse(null);
    if (settings == null) return;
    Throwable failure = context.getExecutionException().orElse(null);
    if (aborted(failure)) failure = null;
    if (failure == null && settings.mode() != EvidenceSettings.Mode.ALWAYS) {
      TestEvidence.clear(directory(context, settings));
      return;
    }
    TestEvidence.Written w = write(context, scope, failure);
    if (w != null && failure != null) failure.addSuppressed(new EvidenceLocation(w.summary()));
  }

  /** An aborted test (a failed assumption) is skipped, not failed. */
  private static boolean aborted(Throwable t) {
    return t instanceof org.opentest4j.TestAbortedException;
  }

  private static TestEvidence.Written write(ExtensionContext context, Scope scope, Throwable failure) {
    if (scope == null) return null;
    var settings = TestEvidence.of(scope).map(TestEvidence::settings).orElse(null);
    if (settings == null) return null;
    Path dir = directory(context, settings);
    try {
      TestEvidence.clear(dir);
      TestEvidence.Written w = TestEvidence.write(scope, dir, context.getRequiredTestClass().getName() + "."
          + context.getRequiredTestMethod().getName() + " (" + context.getDisplayName() + ")",
          failure == null ? null : String.valueOf(failure));
      if (w == null) return null;
      context.getStore(NS).put(WRITTEN, w);
      publish(context, w);
      context.publishReportEntry("netns.evidence", w.dir().toString());
      if (failure != null) LOG.warning(context.getDisplayName() + " failed; " + w.summary());
      return w;
    } catch (Exception | LinkageError e) {
      // evidence is a help, never a second failure that hides the first
      LOG.warning("junit-netns could not write the evidence of " + context.getDisplayName() + " to " + dir + ": " + e);
      if (failure != null) failure.addSuppressed(new EvidenceLocation("junit-netns could not write the evidence of this"
          + " failure to " + dir + ": " + e));
      return null;
    }
  }

  private static Path directory(ExtensionContext context, EvidenceSettings settings) {
    String invocation = "";
    String id = context.getUniqueId();
    int hash = id.lastIndexOf("#");
    if (id.contains("-invocation:") && hash >= 0) invocation = id.substring(hash + 1).replaceAll("[^0-9]", "");
    String name = TestEvidence.directoryName(context.getRequiredTestClass().getName(),
        context.getRequiredTestMethod().getName(), invocation);
    return settings.dir().resolve(name).toAbsolutePath().normalize();
  }

  /**
   * The failure with the directory named at the end of its own message ({@link FailureNotes}):
   * surefire's summary, IDEs and CI logs show it there; the test's own message comes first and its
   * exception is the cause.
   */
  static Throwable nameIn(Throwable failure, TestEvidence.Written w) {
    return FailureNotes.amend(failure, w.summary());
  }

  /**
   * Publishes the files through {@code ExtensionContext.publishFile} (JUnit 5.12 and later), so
   * that IDEs and report tools list them; a no-op on older JUnit versions. Found reflectively: the
   * jar is compiled against a newer JUnit than the oldest one it runs with.
   */
  private static void publish(ExtensionContext context, TestEvidence.Written w) {
    Method publishFile = null;
    Object mediaType = null;
    for (String mt : new String[] {"org.junit.jupiter.api.MediaType", "org.junit.jupiter.api.extension.MediaType"}) {
      try {
        Class<?> type = Class.forName(mt, false, ExtensionContext.class.getClassLoader());
        Method m = ExtensionContext.class.getMethod("publishFile", String.class, type, ThrowingConsumer.class);
        mediaType = type.getMethod("parse", String.class).invoke(null, "application/octet-stream");
        publishFile = m;
        break;
      } catch (ReflectiveOperationException | LinkageError e) {
        // not on this JUnit version
      }
    }
    if (publishFile == null) return;
    for (Path f : w.files()) {
      ThrowingConsumer<Path> copy = target -> Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
      try {
        publishFile.invoke(context, w.dir().getFileName() + "-" + f.getFileName(), mediaType(f, mediaType), copy);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // e.g. the engine test kit without an output directory: the evidence directory stays the place
        LOG.fine("junit-netns could not publish the evidence as file entries: "
            + (e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e));
        return;
      }
    }
  }

  private static Object mediaType(Path f, Object fallback) {
    String n = f.getFileName().toString();
    String type = n.endsWith(".txt") ? "text/plain" : n.endsWith(".svg") ? "image/svg+xml"
        : n.endsWith(".sh") ? "text/x-shellscript" : null;
    if (type == null) return fallback;
    try {
      return fallback.getClass().getMethod("parse", String.class).invoke(null, type);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return fallback;
    }
  }

  /** Names the evidence directory of a failure whose own type cannot carry it in its message. */
  static final class EvidenceLocation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EvidenceLocation(String message) {
      super(message, null, false, false);
    }
  }
}
