package dev.netns.junit;

import dev.netns.NetnsSettings;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Registered through {@code META-INF/services}: when the test plan starts executing, starts the
 * {@link WarmUp} in the background, but only when the plan holds {@link NetnsTest} classes and
 * {@code netns.warmup.disabled} is not {@code true}. Settings come from the plan's configuration
 * parameters (so {@code junit-platform.properties} counts, system properties too), the same
 * ones the extension uses. In a JVM whose plan has no junit-netns test it does nothing at all.
 */
public class NetnsWarmUpListener implements TestExecutionListener {

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    NetnsSettings settings;
    try {
      settings = NetnsSettings.from(key -> testPlan.getConfigurationParameters().get(key).orElse(null));
    } catch (RuntimeException e) {
      return; // a bad setting is reported by the extension, where a test needs it
    }
    if (settings.warmUpDisabled() || !containsNetnsTests(testPlan)) return;
    WarmUp.start(settings);
  }

  /** Whether some class of the plan is a {@link NetnsTest} (directly, inherited or meta-annotated). */
  static boolean containsNetnsTests(TestPlan plan) {
    Deque<TestIdentifier> todo = new ArrayDeque<>(plan.getRoots());
    while (!todo.isEmpty()) {
      TestIdentifier id = todo.poll();
      Class<?> c = classOf(id.getSource().orElse(null));
      if (c != null && NetnsCondition.findNetnsTest(c).isPresent()) return true;
      todo.addAll(plan.getChildren(id));
    }
    return false;
  }

  private static Class<?> classOf(TestSource source) {
    try {
      if (source instanceof ClassSource cs) return cs.getJavaClass();
      if (source instanceof MethodSource ms) return ms.getJavaClass();
    } catch (RuntimeException | LinkageError e) {
      // a class that cannot be loaded here is not ours to warm up for
    }
    return null;
  }
}
