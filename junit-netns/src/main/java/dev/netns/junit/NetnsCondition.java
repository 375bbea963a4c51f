package dev.netns.junit;

import dev.netns.internal.local.LocalBackend;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Whether a test runs, fails or is skipped: by default a missing privilege or kind node fails the
 * test with its reason (a build that silently runs nothing is worse than a red one); the user may
 * opt into skipping ({@code disabledWithoutPrivileges}, {@code disabledWithoutNode} or their
 * configuration parameters), and the skip message says why.
 */
final class NetnsCondition {

  private NetnsCondition() {
  }

  static ConditionEvaluationResult evaluate(ExtensionContext context, dev.netns.NetnsSettings settings) {
    Optional<KindNode> kind = Backends.kindNode(context);
    if (kind.isPresent()) {
      Optional<String> why = Backends.kindUnavailable(kind.get(), settings);
      boolean skip = kind.get().disabledWithoutNode() || settings.kindDisabledWithoutNode();
      if (why.isPresent() && skip) {
        return ConditionEvaluationResult.disabled("junit-netns: " + why.get());
      }
      return ConditionEvaluationResult.enabled("kind node " + kind.get().node());
    }
    Optional<String> missing = LocalBackend.missingPrivileges();
    if (missing.isPresent() && skipWithoutPrivileges(context, settings)) {
      return ConditionEvaluationResult.disabled("junit-netns: " + missing.get());
    }
    return ConditionEvaluationResult.enabled("local kernel");
  }

  private static boolean skipWithoutPrivileges(ExtensionContext context, dev.netns.NetnsSettings settings) {
    boolean annotated = context.getTestClass().flatMap(NetnsCondition::findNetnsTest)
        .map(NetnsTest::disabledWithoutPrivileges).orElse(false);
    return annotated || settings.disabledWithoutPrivileges();
  }

  /**
   * The {@link NetnsTest} of a class, as JUnit finds annotations: directly present, inherited, or
   * meta-present at any depth; else that of an enclosing class (for {@code @Nested} classes).
   */
  static Optional<NetnsTest> findNetnsTest(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      Optional<NetnsTest> t = AnnotationSupport.findAnnotation(k, NetnsTest.class);
      if (t.isPresent()) return t;
    }
    return Optional.empty();
  }
}
