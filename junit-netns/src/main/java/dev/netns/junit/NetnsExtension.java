package dev.netns.junit;

import dev.netns.internal.core.Scope;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The extension behind {@link NetnsTest}. It only wires JUnit's callbacks to three parts: the
 * condition ({@link NetnsCondition}: run, fail or skip), the scope lifecycle
 * ({@link ScopeLifecycle}: scopes and backends as store-closed resources, cleanup modes) and
 * injection ({@link Injector}). Scoping follows JUnit's {@code @TempDir}: static fields live for
 * the class ({@code beforeAll}), instance fields and parameters for one test. Everything a scope
 * creates is undone in reverse order after it, also when the test or the set-up failed, unless
 * the cleanup mode keeps a failed test's namespaces for inspection.
 *
 * <p>All fixtures of a test are validated before the first one is created, so a bad annotation
 * fails the test before its body runs and leaves nothing behind. Settings come from JUnit
 * configuration parameters (falling back to system properties), parsed once per run.
 */
public class NetnsExtension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback,
    BeforeEachCallback, AfterEachCallback, ParameterResolver, TestExecutionExceptionHandler {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return NetnsCondition.evaluate(context, Stores.settings(context));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ScopeLifecycle.cleanupMode(context); // a bad netns.cleanup fails before anything is created
    Injector.beforeAll(context);
  }

  /** The class scope and the kind backends close with the class's store; nothing to do by hand. */
  @Override
  public void afterAll(ExtensionContext context) {
    Scope.activate(null);
    ScopeLifecycle.close(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Injector.beforeEach(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ScopeLifecycle.afterEach(context);
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    String kept;
    try {
      kept = ScopeLifecycle.keptNotice(context);
    } catch (RuntimeException e) {
      throw throwable; // the bad setting is reported by afterEach; never hide the test's own failure
    }
    // in the failure's own message, so that surefire's summary and IDEs show it
    if (kept != null) throw FailureNotes.amend(throwable, kept);
    throw throwable;
  }

  @Override
  public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
    return Injector.supports(pc);
  }

  @Override
  public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
    return Injector.resolve(pc, ec);
  }
}
