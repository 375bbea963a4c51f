package dev.netns.junit;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * Run in a JVM of its own by {@link WarmUpTest}: does one thing a user's JVM does (loads the
 * extension, or runs a plan through a launcher with the listeners the classpath registers), then
 * prints whether junit-netns started its warm-up. Reads the flag reflectively, so that the same
 * probe also ran against the code before the fix.
 */
public final class WarmUpProbeMain {

  private WarmUpProbeMain() {
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "load-extension":
        Class.forName("dev.netns.junit.NetnsExtension", true, WarmUpProbeMain.class.getClassLoader())
            .getDeclaredConstructor().newInstance();
        break;
      case "run-plan":
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectClass(Class.forName(args[1])))
            .build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request);
        break;
      case "discover-only":
        LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectClass(Class.forName(args[1]))).build());
        break;
      default:
        throw new IllegalArgumentException("unknown mode " + args[0]);
    }
    Field f = WarmUp.class.getDeclaredField("STARTED");
    f.setAccessible(true);
    System.out.println("warm-up started: " + ((AtomicBoolean) f.get(null)).get());
  }

  /** A plain test class: no junit-netns in it. */
  public static class PlainTest {
    @org.junit.jupiter.api.Test
    void nothingOfOurs() {
    }
  }

  /** A class with a junit-netns test that makes nothing. */
  @NetnsTest
  public static class NetnsPlanTest {
    @org.junit.jupiter.api.Test
    void nothingMade() {
    }
  }
}
