package dev.netns.internal.kind;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.netns.internal.spi.ExecRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Per-operation cost in a kind node: the library's long-lived exec channel against one
 * {@code docker exec} per operation (through the same Docker client, so the CLI's own start-up is
 * not counted). Not a timed unit test: it prints the numbers.
 *
 * <pre>
 * .ci/kind-up.sh
 * mvn -q -pl junit-netns -am test -Dtest=KindChannelBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dnetns.test.groups=bench -Dnetns.test.excludedGroups=
 * </pre>
 * or run {@link #main} with the test classpath.
 */
@Tag("bench")
class KindChannelBench {

  static final int ROUNDS = Integer.getInteger("bench.rounds", 40);

  @Test
  void channelAgainstOneDockerExecPerOperation() {
    String report = run(StandIn.CLUSTER, StandIn.WORKER, ROUNDS);
    System.out.println(report);
    assertThat(report).contains("speed-up");
  }

  /** Arguments: [cluster [node [rounds]]]. */
  public static void main(String[] args) {
    String cluster = args.length > 0 ? args[0] : StandIn.CLUSTER;
    String node = args.length > 1 ? args[1] : StandIn.WORKER;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : ROUNDS;
    System.out.println(run(cluster, node, rounds));
    System.exit(0);
  }

  static String run(String cluster, String node, int rounds) {
    StringBuilder out = new StringBuilder("kind node " + node + " (cluster " + cluster + "), " + rounds + " rounds, "
        + Runtime.getRuntime().availableProcessors() + " CPUs, load " + load() + "\n");
    List<List<String>> ops = List.of(List.of("true"), List.of("ip", "-j", "-d", "addr", "show"));
    try (KindBackend backend = KindBackend.connect(cluster, node)) {
      DockerClient docker = DockerAccess.get().client();
      for (List<String> argv : ops) {
        // warm-up
        for (int i = 0; i < 3; i++) {
          backend.runner().run(ExecRequest.of(argv));
          dockerExec(docker, backend.containerId(), argv);
        }
        double[] channel = new double[rounds];
        double[] perExec = new double[rounds];
        // in two blocks: a docker exec leaves work behind in the daemon and the shim for a while
        // after it returns, which would slow an interleaved channel request down
        for (int i = 0; i < rounds; i++) {
          long t0 = System.nanoTime();
          backend.runner().run(ExecRequest.of(argv));
          channel[i] = (System.nanoTime() - t0) / 1e6;
        }
        for (int i = 0; i < rounds; i++) {
          long t0 = System.nanoTime();
          dockerExec(docker, backend.containerId(), argv);
          perExec[i] = (System.nanoTime() - t0) / 1e6;
        }
        out.append(String.format(Locale.ROOT, "%-28s channel: median %6.2f ms, mean %6.2f ms | docker exec per op:"
                + " median %6.2f ms, mean %6.2f ms | speed-up x%.1f%n", String.join(" ", argv), median(channel),
            mean(channel), median(perExec), mean(perExec), median(perExec) / median(channel)));
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < rounds; i++) backend.engine().links(null);
      out.append(String.format(Locale.ROOT, "engine.links(node) through the channel: mean %6.2f ms; channels open: %d%n",
          (System.nanoTime() - t0) / 1e6 / rounds, backend.runner().openChannels()));
    }
    return out.toString();
  }

  private static void dockerExec(DockerClient docker, String container, List<String> argv) {
    String id = docker.execCreateCmd(container).withAttachStdout(true).withAttachStderr(true)
        .withCmd(argv.toArray(String[]::new)).exec().getId();
    List<byte[]> sink = new ArrayList<>();
    try {
      docker.execStartCmd(id).exec(new ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame f) {
          sink.add(f.getPayload());
        }
      }).awaitCompletion(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Long code = docker.inspectExecCmd(id).exec().getExitCodeLong();
    if (code == null || code != 0) throw new IllegalStateException(argv + " exited " + code);
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double mean(double[] xs) {
    return Arrays.stream(xs).average().orElse(0);
  }

  private static String load() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
