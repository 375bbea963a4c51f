package dev.netns.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs a benchmark main class through surefire, for machines where the exec plugin cannot be
 * resolved (an offline Maven repository): not a timed test, it asserts nothing about time and
 * prints the main class's table.
 *
 * <pre>
 * mvn -B -o -Pbench -pl benchmarks -am test -Dtest=BenchRun -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbench.main=dev.netns.bench.All -Dbench.args="--rounds 200"
 * </pre>
 */
@Tag("bench")
class BenchRun {

  @Test
  void runTheBenchmarkMainClass() throws Exception {
    String main = System.getProperty("bench.main", All.class.getName());
    String args = System.getProperty("bench.args", "").strip();
    Class.forName(main).getMethod("main", String[].class)
        .invoke(null, (Object) (args.isEmpty() ? new String[0] : args.split("\\s+")));
  }
}
