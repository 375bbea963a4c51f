package dev.netns.internal.kind;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NetnsSettings;
import dev.netns.Target;
import dev.netns.internal.core.ScopedTarget;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.junit.KindNode;
import dev.netns.junit.NetnsTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code netns.kind.channels}, {@code netns.kind.trace} and {@code netns.kind.path} given as JUnit
 * configuration parameters
 * reach the kind node connection the extension makes (one per test class, so the same JVM serves).
 */
@Tag("kind")
class KindSettingsTest {

  /** Run by the test kit: runs programs from 8 threads at once, records the sessions opened. */
  @NetnsTest
  @KindNode(cluster = StandIn.CLUSTER, node = StandIn.WORKER)
  static class Concurrent {
    static volatile int channels;
    static volatile String engine;

    @Test
    void eightAtOnce(Target target) throws Exception {
      NodeCommandRunner runner = ((KindBackend) ((ScopedTarget) target).backend()).runner();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 8; i++) fs.add(pool.submit(() -> runner.run(ExecRequest.of(List.of("sleep", "0.3"))).orThrow()));
        for (Future<?> f : fs) f.get();
      } finally {
        pool.shutdownNow();
      }
      channels = runner.openChannels();
      engine = ((ScopedTarget) target).backend().engine().describe();
    }
  }

  @Test
  void channelsTraceAndPathFromConfigurationParameters() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      EngineTestKit.engine("junit-jupiter").selectors(DiscoverySelectors.selectClass(Concurrent.class))
          .configurationParameter(NetnsSettings.KIND_CHANNELS, "2")
          .configurationParameter(NetnsSettings.KIND_TRACE, "true")
          .configurationParameter(NetnsSettings.KIND_PATH, "channel")
          .execute().testEvents().assertStatistics(s -> s.succeeded(1));
    } finally {
      System.setErr(err);
    }
    // 8 concurrent programs: the default would open 4 sessions
    assertThat(Concurrent.channels).isEqualTo(2);
    // auto takes the native path here (root, Docker on this machine); channel: iproute2 through the exec channel
    assertThat(Concurrent.engine).contains("iproute2");
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("netns.kind.trace").contains("[sleep, 0.3]");
  }
}
