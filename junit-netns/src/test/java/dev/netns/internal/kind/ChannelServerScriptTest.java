package dev.netns.internal.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.internal.spi.ExecRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exec channel's server script and wire format, run with the local bash (no Docker, no
 * privileges): what goes into a kind node is exactly this script.
 */
class ChannelServerScriptTest {

  private Process server;
  private OutputStream toServer;
  private final ChannelProtocol.Stream out = new ChannelProtocol.Stream();
  private final ChannelProtocol.Stream err = new ChannelProtocol.Stream();

  /** The server's TMPDIR: what it leaves behind is checked here, not in the machine's /tmp. */
  @TempDir
  Path tmp;

  @BeforeEach
  void start() {
    try {
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", ChannelProtocol.BOOTSTRAP, "junit-netns-channel");
      pb.environment().put("TMPDIR", tmp.toString());
      server = pb.start();
    } catch (IOException e) {
      throw new AssertionError("bash is needed for this test", e);
    }
    toServer = server.getOutputStream();
    try {
      toServer.write((ChannelProtocol.SERVER + "\0").getBytes(StandardCharsets.UTF_8));
      toServer.flush();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    pump(server.getInputStream(), out);
    pump(server.getErrorStream(), err);
  }

  @AfterEach
  void stop() throws Exception {
    server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
  }

  private void pump(InputStream in, ChannelProtocol.Stream sink) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[4096];
      try {
        int n;
        while ((n = in.read(buf)) > 0) {
          synchronized (this) {
            sink.append(java.util.Arrays.copyOf(buf, n));
            notifyAll();
          }
        }
      } catch (IOException ignored) {
        // the server went away; the test's wait times out with what was read
      }
    });
    t.setDaemon(true);
    t.start();
  }

  /** {status, stdout, stderr, pid} for one token. */
  private synchronized String[] await(String token) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String pid = null;
    while (System.nanoTime() < deadline) {
      if (pid == null) pid = err.cut(ChannelProtocol.pattern(token, 'p'));
      String[] o = out.marker(ChannelProtocol.pattern(token, '='));
      String[] e = err.marker(ChannelProtocol.pattern(token, '='));
      if (o != null && e != null) return new String[] {o[0], o[1], e[1], pid};
      wait(50);
    }
    throw new AssertionError("no answer for " + token + "; stdout " + out.text() + " stderr " + err.text());
  }

  private String[] run(String token, ExecRequest request) throws Exception {
    synchronized (this) {
      out.reset();
      err.reset();
    }
    toServer.write(ChannelProtocol.encode(token, request));
    toServer.flush();
    return await(token);
  }

  @Test
  void announcesItselfOnBothStreams() throws Exception {
    String[] ready = await("ready");
    assertThat(ready[0]).startsWith("ok");
  }

  @Test
  void runsArgvAsGivenWithoutAShell() throws Exception {
    await("ready");
    List<String> tricky = List.of("a b", "$(touch /tmp/junit-netns-pwned)", "`id`", "*", "'\"", "x\ny", "", "-n");
    List<String> argv = new java.util.ArrayList<>(List.of("printf", "[%s]\\n"));
    argv.addAll(tricky);
    String[] r = run("t1", ExecRequest.of(argv));
    assertThat(r[0]).isEqualTo("0");
    StringBuilder expected = new StringBuilder();
    for (String t : tricky) expected.append('[').append(t).append("]\n");
    assertThat(r[1]).isEqualTo(expected.toString());
    assertThat(r[2]).isEmpty();
    assertThat(r[3]).as("pid marker").matches("[0-9]+");
    assertThat(new java.io.File("/tmp/junit-netns-pwned")).doesNotExist();
  }

  @Test
  void passesEnvironmentAndStdinAndReportsTheExitStatus() throws Exception {
    await("ready");
    byte[] stdin = new byte[3000];
    for (int i = 0; i < stdin.length; i++) stdin[i] = (byte) i;
    String[] r = run("t2", new ExecRequest(List.of("bash", "-c", "wc -c; printf %s \"$GREETING\" >&2; exit 3"),
        Map.of("GREETING", "hello world $HOME"), stdin, Duration.ofSeconds(5)));
    assertThat(r[0]).isEqualTo("3");
    assertThat(r[1].strip()).isEqualTo("3000");
    assertThat(r[2]).isEqualTo("hello world $HOME");
    // the next request reads its own fields: the stdin bytes were consumed exactly
    String[] next = run("t3", ExecRequest.of(List.of("echo", "next")));
    assertThat(next[1]).isEqualTo("next\n");
  }

  @Test
  void textStdinKeepsEveryByte() throws Exception {
    await("ready");
    String text = "  leading blanks\\n and a backslash\ttab\r\nünïcödé\n\n";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertThat(ChannelProtocol.isText(bytes)).isTrue();
    String[] r = run("t6", new ExecRequest(List.of("cat"), Map.of(), bytes, Duration.ofSeconds(5)));
    assertThat(r[1]).isEqualTo(text);
    String[] next = run("t7", ExecRequest.of(List.of("echo", "next")));
    assertThat(next[1]).isEqualTo("next\n");
  }

  @Test
  void aMissingProgramIsExit127WithNotFound() throws Exception {
    await("ready");
    String[] r = run("t4", ExecRequest.of(List.of("no-such-program-jn", "x")));
    assertThat(r[0]).isEqualTo("127");
    assertThat(r[2]).contains("not found");
  }

  @Test
  void builtinsAreNotUsedForProgramNames() throws Exception {
    await("ready");
    // a bash builtin's name resolves on PATH (or fails) instead: builtins the server keeps for
    // itself ("read") and the ones it disabled ("type", "eval", "source") alike
    for (List<String> argv : List.of(List.of("read"), List.of("type", "ls"), List.of("eval", "echo pwned"),
        List.of("source", "/dev/null"))) {
      String[] r = run("t5" + argv.get(0), ExecRequest.of(argv));
      assertThat(r[0]).as("%s", argv).isEqualTo("127");
      assertThat(r[1]).as("%s", argv).isEmpty();
    }
    // a name that is both a builtin and a program runs the program (/usr/bin/echo knows --version)
    String[] echo = run("t5echo", ExecRequest.of(List.of("echo", "--version")));
    assertThat(echo[0]).isEqualTo("0");
    assertThat(echo[1]).contains("GNU coreutils");
    // and the server's own builtins still work for the next request
    String[] next = run("t5next", new ExecRequest(List.of("printf", "%s", "ok"), Map.of("X", "1"), null,
        Duration.ofSeconds(5)));
    assertThat(next[1]).isEqualTo("ok");
  }

  @Test
  void aKilledServerLeavesNoFilesBehind() throws Exception {
    await("ready");
    byte[] binary = {1, 0, 2};
    String[] r = run("t8", new ExecRequest(List.of("wc", "-c"), Map.of(), binary, Duration.ofSeconds(5)));
    assertThat(r[1].strip()).isEqualTo("3");
    byte[] text = "hello\n".getBytes(StandardCharsets.UTF_8);
    assertThat(run("t9", new ExecRequest(List.of("cat"), Map.of(), text, Duration.ofSeconds(5)))[1]).isEqualTo("hello\n");
    // a program still reading its stdin while the server is killed (the JVM's kill -9, a lost node)
    toServer.write(ChannelProtocol.encode("t10", new ExecRequest(List.of("sleep", "30"), Map.of(), binary,
        Duration.ofSeconds(30))));
    toServer.flush();
    String pid = null;
    synchronized (this) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while ((pid = err.cut(ChannelProtocol.pattern("t10", 'p'))) == null && System.nanoTime() < deadline) wait(20);
    }
    assertThat(pid).as("pid marker of the sleeping program").isNotNull();
    server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly); // the orphaned program
    try (var left = Files.list(tmp)) {
      assertThat(left).as("files the server left in its TMPDIR").isEmpty();
    }
  }

  @Test
  void argcZeroEndsTheServer() throws Exception {
    await("ready");
    toServer.write("quit\0000\0".getBytes(StandardCharsets.ISO_8859_1));
    toServer.flush();
    assertThat(server.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(server.exitValue()).isZero();
  }

  @Test
  void theEndOfStdinEndsTheServer() throws Exception {
    await("ready");
    toServer.close();
    assertThat(server.waitFor(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void encodingRejectsWhatAProgramCannotReceive() {
    assertThatThrownBy(() -> ChannelProtocol.encode("t", ExecRequest.of(List.of("echo", "a\0b"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL").hasMessageContaining("a\\0b");
    assertThatThrownBy(() -> ChannelProtocol.encode("t", new ExecRequest(List.of("env"), Map.of("1BAD", "x"), null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"1BAD\"");
  }

  @Test
  void markerSearchFindsMarkersSplitAcrossFrames() {
    ChannelProtocol.Stream s = new ChannelProtocol.Stream();
    byte[] end = ChannelProtocol.pattern("tok", '=');
    s.append("some output".getBytes(StandardCharsets.UTF_8));
    s.append(java.util.Arrays.copyOf(end, 3));
    assertThat(s.marker(end)).isNull();
    s.append(java.util.Arrays.copyOfRange(end, 3, end.length));
    assertThat(s.marker(end)).isNull();
    s.append("42\n".getBytes(StandardCharsets.UTF_8));
    assertThat(s.marker(end)).containsExactly("42", "some output");
  }

  @Test
  void pidMarkersAreCutOutOfStderr() {
    ChannelProtocol.Stream s = new ChannelProtocol.Stream();
    s.append("warn".getBytes(StandardCharsets.UTF_8));
    s.append(ChannelProtocol.pattern("tok", 'p'));
    s.append("77\nmore".getBytes(StandardCharsets.UTF_8));
    assertThat(s.cut(ChannelProtocol.pattern("tok", 'p'))).isEqualTo("77");
    s.append(ChannelProtocol.pattern("tok", '='));
    s.append("0\n".getBytes(StandardCharsets.UTF_8));
    assertThat(s.marker(ChannelProtocol.pattern("tok", '='))).containsExactly("0", "warnmore");
  }
}
