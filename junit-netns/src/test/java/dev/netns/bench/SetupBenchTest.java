package dev.netns.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the setup / ping / teardown medians of the tutorial's commands, both engines and the
 * library ({@code mvn -Pbench test}; {@code -Dnetns.bench.iterations=N}, default 100).
 */
@Tag("bench")
class SetupBenchTest {

  @Test
  void printsMedians() {
    int iterations = Integer.getInteger("netns.bench.iterations", 100);
    int warmup = Integer.getInteger("netns.bench.warmup", 20);
    List<SetupBench.Result> results = new SetupBench().run(warmup, iterations);
    System.out.print(SetupBench.table(results, iterations));
    for (SetupBench.Result r : results.subList(1, results.size())) {
      assertThat(r.failedPings()).as("first pings lost by %s", r.name()).isZero();
    }
  }
}
