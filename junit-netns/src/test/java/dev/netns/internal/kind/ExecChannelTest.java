package dev.netns.internal.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.ExecResult;
import dev.netns.NetnsException;
import dev.netns.internal.spi.ExecRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exec channel's whole request cycle (ready line, requests, timeouts with TERM, a broken
 * session, close) over a local bash instead of Docker: the same server script, the same protocol,
 * only the transport differs.
 */
class ExecChannelTest {

  @TempDir
  Path tmp;

  private LocalBash bash;
  private ExecChannel channel;

  @AfterEach
  void end() {
    if (channel != null) channel.close();
    if (bash != null) bash.kill();
  }

  private ExecChannel open() {
    channel = ExecChannel.open("local test bash", ch -> bash = new LocalBash(ch, tmp), Duration.ofSeconds(10));
    return channel;
  }

  @Test
  void runsRequestsOneAfterAnother() {
    ExecChannel ch = open();
    assertThat(ch.healthy()).isTrue();
    ExecResult r = ch.run(new ExecRequest(List.of("bash", "-c", "cat; echo \"$X\" >&2; exit 4"), Map.of("X", "env"),
        "in\n".getBytes(), Duration.ofSeconds(5)));
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.stdout()).isEqualTo("in\n");
    assertThat(r.stderr()).isEqualTo("env\n");
    assertThat(ch.run(ExecRequest.of(List.of("echo", "second"))).stdout()).isEqualTo("second\n");
  }

  @Test
  void aProgramPastItsTimeoutIsEndedAndReportedAsMinusOne() {
    ExecChannel ch = open();
    long start = System.nanoTime();
    ExecResult r = ch.run(new ExecRequest(List.of("sleep", "30"), Map.of(), null, Duration.ofMillis(300)));
    assertThat(r.exitCode()).isEqualTo(-1);
    assertThat(r.stderr()).contains("killed: timed out after 300 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(ch.healthy()).as("TERM ended it: the session goes on").isTrue();
    assertThat(ch.run(ExecRequest.of(List.of("echo", "after"))).stdout()).isEqualTo("after\n");
  }

  @Test
  void aSessionThatEndsIsBrokenAndSaysWhy() {
    ExecChannel ch = open();
    bash.kill();
    assertThatThrownBy(() -> ch.run(ExecRequest.of(List.of("echo", "x")))).isInstanceOf(NetnsException.class)
        .hasMessageContaining("local test bash");
    assertThat(ch.healthy()).isFalse();
  }

  @Test
  void closeEndsTheServerAndLeavesNothing() throws Exception {
    ExecChannel ch = open();
    ch.run(new ExecRequest(List.of("wc", "-c"), Map.of(), new byte[] {0, 1, 2}, Duration.ofSeconds(5)));
    ch.close();
    assertThat(bash.process.waitFor(5, TimeUnit.SECONDS)).as("the server exited").isTrue();
    assertThat(bash.process.exitValue()).isZero();
    try (var left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aServerThatNeverAnswersFailsTheStart() {
    assertThatThrownBy(() -> ExecChannel.open("silent node", ch -> new ChannelTransport() {
      @Override
      public void send(byte[] bytes) {
      }

      @Override
      public void signal(String signal, String pid) {
      }

      @Override
      public void close() {
      }
    }, Duration.ofMillis(200))).isInstanceOf(KindUnavailableException.class).hasMessageContaining("silent node")
        .hasMessageContaining("no answer within 200 ms");
  }

  /** The server script in a local bash, as the kind node runs it. */
  static final class LocalBash implements ChannelTransport {
    final Process process;
    private final LinkedBlockingQueue<byte[]> toServer = new LinkedBlockingQueue<>();
    private static final byte[] EOF = new byte[0];

    LocalBash(ExecChannel channel, Path tmp) {
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", ChannelProtocol.BOOTSTRAP, "junit-netns-channel");
      pb.environment().put("TMPDIR", tmp.toString());
      try {
        process = pb.start();
      } catch (IOException e) {
        throw new AssertionError("bash is needed for this test", e);
      }
      pump(process.getInputStream(), false, channel);
      pump(process.getErrorStream(), true, channel);
      Thread writer = new Thread(() -> {
        try (OutputStream o = process.getOutputStream()) {
          for (byte[] b; (b = toServer.take()) != EOF; ) {
            o.write(b);
            o.flush();
          }
        } catch (IOException | InterruptedException e) {
          // the server went away; the channel notices through its streams
        }
      }, "local-bash-stdin");
      writer.setDaemon(true);
      writer.start();
      send(ChannelProtocol.hello());
    }

    private void pump(InputStream in, boolean stderr, ExecChannel channel) {
      Thread t = new Thread(() -> {
        byte[] buf = new byte[4096];
        try {
          for (int n; (n = in.read(buf)) > 0; ) channel.onOutput(stderr, java.util.Arrays.copyOf(buf, n));
        } catch (IOException ignored) {
          // ended below
        }
        if (!stderr) channel.onEnd("the local bash ended");
      }, "local-bash-" + (stderr ? "err" : "out"));
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void send(byte[] bytes) {
      toServer.add(bytes);
    }

    @Override
    public void signal(String signal, String pid) {
      try {
        new ProcessBuilder("kill", "-s", signal, "--", "-" + pid, pid).redirectErrorStream(true).start()
            .waitFor(5, TimeUnit.SECONDS);
      } catch (IOException e) {
        throw new AssertionError(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      toServer.add(EOF);
    }

    void kill() {
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
