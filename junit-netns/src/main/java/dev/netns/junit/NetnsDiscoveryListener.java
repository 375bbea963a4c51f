package dev.netns.junit;

import dev.netns.NetnsSettings;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.discovery.NestedClassSelector;
import org.junit.platform.engine.discovery.NestedMethodSelector;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;

/**
 * Registered through {@code META-INF/services}: starts the {@link WarmUp} when discovery starts,
 * before JUnit scans anything, if the request selects a {@link NetnsTest} class by name (what
 * surefire, Gradle and IDEs do when they run test classes), so that the one-time start-up runs
 * while JUnit discovers (in a cold JVM, hundreds of milliseconds) instead of during the first
 * test. Requests that select packages or classpath roots cannot be told apart before discovery:
 * for those {@link NetnsWarmUpListener} starts it when the plan starts executing, if the plan has
 * junit-netns tests. Nothing happens with {@code netns.warmup.disabled=true} (configuration
 * parameter or system property), or when no selected class is a junit-netns test.
 */
public class NetnsDiscoveryListener implements LauncherDiscoveryListener {

  @Override
  public void launcherDiscoveryStarted(LauncherDiscoveryRequest request) {
    NetnsSettings settings;
    try {
      settings = NetnsSettings.from(key -> request.getConfigurationParameters().get(key).orElse(null));
    } catch (RuntimeException e) {
      return; // a bad setting is reported by the extension, where a test needs it
    }
    if (settings.warmUpDisabled() || WarmUp.started() || !selectsNetnsTests(request)) return;
    WarmUp.start(settings);
  }

  /** Whether a class the request names (a class, a method, or a nested one of either) is a junit-netns test. */
  static boolean selectsNetnsTests(LauncherDiscoveryRequest request) {
    try {
      for (ClassSelector s : request.getSelectorsByType(ClassSelector.class)) {
        if (isNetnsTest(s.getJavaClass())) return true;
      }
      for (MethodSelector s : request.getSelectorsByType(MethodSelector.class)) {
        if (isNetnsTest(s.getJavaClass())) return true;
      }
      for (NestedClassSelector s : request.getSelectorsByType(NestedClassSelector.class)) {
        if (isNetnsTest(s.getNestedClass())) return true;
      }
      for (NestedMethodSelector s : request.getSelectorsByType(NestedMethodSelector.class)) {
        if (isNetnsTest(s.getNestedClass())) return true;
      }
    } catch (RuntimeException | LinkageError e) {
      // a class that cannot be loaded: discovery reports it; the plan-time listener decides
    }
    return false;
  }

  /** The class, or for an inner ({@code @Nested}) class the classes it is nested in, is a {@link NetnsTest}. */
  private static boolean isNetnsTest(Class<?> c) {
    for (Class<?> k = c; k != null; k = isInner(k) ? k.getEnclosingClass() : null) {
      if (NetnsCondition.findNetnsTest(k).isPresent()) return true;
    }
    return false;
  }

  private static boolean isInner(Class<?> c) {
    return c.isMemberClass() && !java.lang.reflect.Modifier.isStatic(c.getModifiers());
  }
}
