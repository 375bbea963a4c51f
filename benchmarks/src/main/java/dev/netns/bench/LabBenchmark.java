package dev.netns.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The three operations of the table, each measured alone: build the lab, ping across it,
 * tear it down. {@code SampleTime} gives the median per operation.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LabBenchmark {

  /** Each approach gets its own state. */
  @State(Scope.Thread)
  public static class Subject {
    @Param({"shell", "ip-batch", "engine:ip", "engine:native"})
    public String approach;

    Approach impl;
    Approach.Lab built;

    @Setup(Level.Trial)
    public void create() {
      impl = Approach.of(approach);
    }
  }

  /** Setup measured; the lab it built is torn down outside the measurement. */
  @State(Scope.Thread)
  public static class ToTearDown {
    Approach.Lab lab;
    Approach impl;

    @TearDown(Level.Invocation)
    public void clean() {
      if (lab != null) impl.teardown(lab);
      lab = null;
    }
  }

  @Benchmark
  public Object setup(Subject s, ToTearDown t) {
    t.impl = s.impl;
    t.lab = s.impl.setup();
    return t.lab;
  }

  /** One built lab for the whole trial; each invocation is one echo. */
  @State(Scope.Thread)
  public static class Built {
    Approach impl;
    Approach.Lab lab;

    @Setup(Level.Trial)
    public void build(Subject s) {
      impl = s.impl;
      lab = impl.setup();
    }

    @TearDown(Level.Trial)
    public void clean() {
      impl.teardown(lab);
    }
  }

  @Benchmark
  public boolean ping(Built b) {
    if (!b.impl.ping(b.lab)) throw new IllegalStateException("ping failed across a built lab");
    return true;
  }

  /** A fresh lab per invocation, built outside the measurement. */
  @State(Scope.Thread)
  public static class Fresh {
    Approach impl;
    Approach.Lab lab;

    @Setup(Level.Invocation)
    public void build(Subject s) {
      impl = s.impl;
      lab = impl.setup();
    }
  }

  @Benchmark
  public void teardown(Fresh f) {
    f.impl.teardown(f.lab);
  }
}
