package dev.netns.junit;

import dev.netns.Netns;
import dev.netns.Target;
import dev.netns.internal.core.Ownership;
import dev.netns.internal.core.ScopedTarget;
import dev.netns.internal.spi.Engine;
import java.lang.reflect.Method;
import java.nio.file.Files;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Run in a JVM of its own by {@link SettingsReachTest}, because what it checks exists once per
 * JVM (the ownership journal, the local backend and its engine, the Docker connection): runs one
 * class through a launcher, as a build does (warm-up listener included), with the configuration
 * parameters given as {@code key=value} arguments and no system property set, then prints what
 * the settings reached: {@code state-dir}, {@code lock-held-there}, {@code prepared}, and the
 * reasons of skipped and failed tests.
 */
public final class SettingsProbeMain {

  private SettingsProbeMain() {
  }

  public static void main(String[] args) throws Exception {
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
        .selectors(DiscoverySelectors.selectClass(Class.forName(args[0])));
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      request.configurationParameter(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    LauncherFactory.create().execute(request.build(), new TestExecutionListener() {
      @Override
      public void executionSkipped(TestIdentifier id, String reason) {
        System.out.println("skipped: " + reason);
      }

      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        result.getThrowable().ifPresent(t -> System.out.println("failed: " + t));
      }
    });
    Engine engine = LocalRun.engine;
    if (engine != null) System.out.println("prepared: " + settledPrepared(engine));
  }

  /** The native engine's count of namespaces made ahead, once its preparer had time to fill up. */
  private static int settledPrepared(Engine engine) throws Exception {
    Method count = engine.getClass().getDeclaredMethod("preparedCount");
    count.setAccessible(true);
    long end = System.nanoTime() + 10_000_000_000L;
    int last = -1;
    int stable = 0;
    while (System.nanoTime() < end && stable < 10) {
      int n = (int) count.invoke(engine);
      stable = n == last ? stable + 1 : 0;
      last = n;
      Thread.sleep(100);
    }
    return last;
  }

  /** On the local kernel: records where the run's journal lives and the engine the fixtures got. */
  @NetnsTest
  public static class LocalRun {
    static volatile Engine engine;

    @org.junit.jupiter.api.Test
    void record(Target target, @NetNamespace("a") Netns a) {
      Ownership own = Ownership.get();
      System.out.println("state-dir: " + own.stateDir());
      System.out.println("lock-held-there: " + Files.exists(own.stateDir().resolve(own.runId() + ".lock")));
      engine = ((ScopedTarget) target).backend().engine();
    }
  }

  /** On a kind node, skipped with the reason when Docker is not where the settings say. */
  @NetnsTest
  @KindNode(cluster = "jn-kind", node = "jn-kind-worker", disabledWithoutNode = true)
  public static class KindRun {
    @org.junit.jupiter.api.Test
    void connect(Target target) {
      System.out.println("connected: " + target.describe());
    }
  }
}
