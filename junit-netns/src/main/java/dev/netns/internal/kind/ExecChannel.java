package dev.netns.internal.kind;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.netns.ExecResult;
import dev.netns.NetnsException;
import dev.netns.internal.spi.ExecRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * One long-lived exec session in a kind node: a fixed bash loop ({@code channel-server.bash})
 * started once with {@code docker exec -i} semantics through the Docker API, which then runs
 * program after program on request. A request costs a fork and an exec in the node instead of a
 * whole {@code docker exec} round trip.
 *
 * <p>Requests are data, never code: argv, environment and stdin are sent as NUL-terminated fields
 * and the server runs {@code exec "${argv[@]}"} as a background job with its own process group.
 * The program's stdout and stderr come back as Docker's multiplexed streams, each ended by a
 * marker that carries a per-request token and the exit status. A program that outlives its
 * timeout is ended from outside (TERM to its process group, KILL 2 s later, through a one-off
 * exec: the rare path), so the common path costs one fork and one exec in the node.
 *
 * <p>One request at a time per channel (callers serialise through {@link NodeCommandRunner}'s
 * pool). A channel that stops answering is marked broken and never reused.
 */
final class ExecChannel implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ExecChannel.class.getName());
  static final String SERVER = loadServer();
  /**
   * The session's command line: it reads the fixed server script (our own resource, sent first on
   * stdin) and runs it, so that {@code ps} in the node shows a short line, not the whole script.
   */
  static final String BOOTSTRAP = "IFS= read -r -d '' server && eval \"$server\"";
  private static final byte[] MARK = {0, 1, 'J', 'N'};
  private static final AtomicLong TOKENS = new AtomicLong();
  /** How long a program may take to end after TERM before it gets KILL. */
  private static final Duration KILL_AFTER = Duration.ofSeconds(2);
  /** How long to wait for the end marker after KILL before the session counts as hung. */
  private static final Duration AFTER_KILL = Duration.ofSeconds(5);
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final String where;
  private final DockerAccess docker;
  private final String containerId;
  private final QueueInputStream stdin = new QueueInputStream();
  private final Object lock = new Object();
  private final Stream out = new Stream();
  private final Stream err = new Stream();
  private final List<String> missingTools = new ArrayList<>();
  private ResultCallback.Adapter<Frame> callback;
  /** Why the channel cannot be used any more; {@code null} while it is healthy. */
  private String broken;
  private boolean ended;
  /** The process id of the running program, once the server reported it. */
  private String pid;

  private ExecChannel(DockerAccess docker, String containerId, String where) {
    this.docker = docker;
    this.containerId = containerId;
    this.where = where;
  }

  /**
   * Starts the server in the container and waits for its ready line.
   *
   * @throws KindUnavailableException when the exec cannot start (no bash in the node, container
   *     stopped) or does not answer in time
   */
  static ExecChannel open(DockerAccess docker, String containerId, String where) {
    ExecChannel ch = new ExecChannel(docker, containerId, where);
    ExecCreateCmdResponse exec;
    try {
      exec = docker.client().execCreateCmd(containerId)
          .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true).withTty(false)
          .withCmd("bash", "-c", BOOTSTRAP, "junit-netns-channel")
          .exec();
    } catch (RuntimeException e) {
      throw new KindUnavailableException("could not start an exec session in the " + where + ": "
          + DockerAccess.rootMessage(e), e);
    }
    ch.callback = new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Frame frame) {
        ch.onFrame(frame);
      }

      @Override
      public void onError(Throwable t) {
        ch.onEnd("the exec stream failed: " + DockerAccess.rootMessage(t));
      }

      @Override
      public void onComplete() {
        ch.onEnd("the exec session ended");
      }
    };
    ch.stdin.offer((SERVER + "\0").getBytes(StandardCharsets.UTF_8));
    try {
      docker.client().execStartCmd(exec.getId()).withDetach(false).withTty(false).withStdIn(ch.stdin)
          .exec(ch.callback);
    } catch (RuntimeException e) {
      throw new KindUnavailableException("could not attach to an exec session in the " + where + ": "
          + DockerAccess.rootMessage(e), e);
    }
    try {
      String text = ch.awaitEnd("ready", START_TIMEOUT, null).status();
      if (!text.startsWith("ok")) {
        throw new KindUnavailableException("the exec session in the " + where + " answered \"" + text + "\"");
      }
      for (String t : text.substring(2).strip().split("\\s+")) {
        if (!t.isEmpty()) ch.missingTools.add(t);
      }
    } catch (NetnsException e) {
      ch.close();
      String seen = (ch.out.text() + " " + ch.err.text()).strip();
      throw new KindUnavailableException("could not start the junit-netns exec session in the " + where
          + " (it runs bash there): "
          + e.getMessage() + (seen.isEmpty() ? "" : "; the node said: " + seen), e);
    }
    return ch;
  }

  /** Programs the node lacks among those the engine uses ({@code ip}, {@code nsenter}, {@code ping}, ...). */
  List<String> missingTools() {
    return List.copyOf(missingTools);
  }

  /** Whether the channel can take another request. */
  boolean healthy() {
    synchronized (lock) {
      return broken == null;
    }
  }

  /** What the server reported for one request: the status text after {@code =}, and both streams. */
  record Reply(String status, String stdout, String stderr) {
  }

  /**
   * Runs one program in the node and waits for it. The caller owns the channel for the duration
   * (no concurrent calls). A program still running when {@code request.timeout()} ends is
   * stopped (TERM to its process group, KILL 2 s later) and reported with exit code -1, as the
   * local runner does.
   */
  ExecResult run(ExecRequest request) {
    String token = Long.toString(TOKENS.incrementAndGet(), 36) + "x" + Long.toString(System.nanoTime() & 0xffffff, 36);
    byte[] frame = encode(token, request);
    synchronized (lock) {
      if (broken != null) throw new NetnsException("the exec session in the " + where + " is closed: " + broken);
      out.reset();
      err.reset();
      pid = null;
    }
    stdin.offer(frame);
    Reply reply = awaitEnd(token, request.timeout(), request);
    boolean timedOut = reply == null;
    if (timedOut) {
      String victim = pid(token);
      if (victim != null) signal("TERM", victim);
      reply = awaitEnd(token, KILL_AFTER, request);
      if (reply == null && victim != null) {
        signal("KILL", victim);
        reply = awaitEnd(token, AFTER_KILL, request);
      }
      if (reply == null) {
        markBroken("a program did not end after its timeout");
        throw new NetnsException("the " + where + " did not end " + request.argv() + " after its timeout of "
            + request.timeout().toMillis() + " ms" + (victim == null ? " (it never reported starting)" : " even with KILL")
            + "; the exec session was closed");
      }
    }
    int code;
    try {
      code = Integer.parseInt(reply.status());
    } catch (NumberFormatException e) {
      markBroken("unexpected status \"" + reply.status() + "\"");
      throw new NetnsException("the exec session in the " + where + " answered " + request.argv()
          + " with an unreadable status \"" + reply.status() + "\"");
    }
    if (timedOut) {
      return new ExecResult(request.argv(), -1, reply.stdout(),
          reply.stderr() + "\n(killed: timed out after " + request.timeout().toMillis() + " ms)");
    }
    return new ExecResult(request.argv(), code, reply.stdout(), reply.stderr());
  }

  static byte[] encode(String token, ExecRequest request) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(256);
    field(b, token);
    field(b, Integer.toString(request.argv().size()));
    for (String a : request.argv()) field(b, requireNoNul(a, "argument"));
    field(b, Integer.toString(request.env().size()));
    for (Map.Entry<String, String> e : request.env().entrySet()) {
      String name = e.getKey();
      if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("environment variable name \"" + name + "\" is not valid; use letters,"
            + " digits and '_', not starting with a digit");
      }
      field(b, name + "=" + requireNoNul(e.getValue() == null ? "" : e.getValue(), "value of " + name));
    }
    byte[] in = request.stdin() == null ? new byte[0] : request.stdin();
    field(b, (isText(in) ? "t" : "") + in.length);
    b.write(in, 0, in.length);
    return b.toByteArray();
  }

  /** Small stdin without NUL bytes is read by the server's bash itself (one process less than head). */
  static boolean isText(byte[] in) {
    if (in.length == 0 || in.length > 65536) return false;
    for (byte x : in) {
      if (x == 0) return false;
    }
    return true;
  }

  private static void field(ByteArrayOutputStream b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.write(bytes, 0, bytes.length);
    b.write(0);
  }

  private static String requireNoNul(String s, String what) {
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("exec " + what + " contains a NUL character, which a program's argv"
          + " or environment cannot hold: " + s.replace("\0", "\\0"));
    }
    return s;
  }

  static byte[] pattern(String token, char kind) {
    return (new String(MARK, StandardCharsets.ISO_8859_1) + token + " " + kind).getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Waits for the end marker of {@code token} on both streams; {@code null} when {@code limit}
   * passed first.
   */
  private Reply awaitEnd(String token, Duration limit, ExecRequest request) {
    byte[] end = pattern(token, '=');
    byte[] started = pattern(token, 'p');
    long deadline = System.nanoTime() + limit.toNanos();
    synchronized (lock) {
      while (true) {
        if (pid == null) {
          String p = err.cut(started);
          if (p != null) pid = p;
        }
        String[] o = out.marker(end);
        String[] e = err.marker(end);
        if (o != null && e != null && (pid != null || request == null)) {
          return new Reply(o[0], o[1], e[1]);
        }
        if (broken != null) {
          throw new NetnsException("the exec session in the " + where + " ended "
              + (request == null ? "before it was ready" : "while running " + request.argv()) + ": " + broken);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          if (request == null) {
            markBrokenLocked("not ready after " + limit.toMillis() + " ms");
            throw new NetnsException("no answer within " + limit.toMillis() + " ms");
          }
          return null;
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000), 0);
        } catch (InterruptedException ie) {
          markBrokenLocked("interrupted while waiting for an answer");
          Thread.currentThread().interrupt();
          throw new NetnsException("interrupted while waiting for the " + where + " to run "
              + (request == null ? "its exec session" : request.argv()), ie);
        }
      }
    }
  }

  private String pid(String token) {
    synchronized (lock) {
      if (pid == null) {
        String p = err.cut(pattern(token, 'p'));
        if (p != null) pid = p;
      }
      return pid;
    }
  }

  /** Sends a signal to a program's process group (and the program) through a one-off exec: the timeout path only. */
  private void signal(String signal, String victim) {
    if (!victim.matches("[0-9]+")) return;
    try {
      String id = docker.client().execCreateCmd(containerId)
          .withAttachStdout(false).withAttachStderr(false)
          .withCmd("bash", "-c", "kill -s \"$0\" -- \"-$1\" \"$1\" 2>/dev/null; exit 0", signal, victim)
          .exec().getId();
      docker.client().execStartCmd(id).withDetach(true).exec(new ResultCallback.Adapter<>()).awaitCompletion(5,
          java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warning("could not send " + signal + " to process " + victim + " in the " + where + ": "
          + DockerAccess.rootMessage(e));
    }
  }

  private void onFrame(Frame frame) {
    byte[] payload = frame.getPayload();
    if (payload == null || payload.length == 0) return;
    synchronized (lock) {
      (frame.getStreamType() == StreamType.STDERR ? err : out).append(payload);
      lock.notifyAll();
    }
  }

  private void onEnd(String why) {
    synchronized (lock) {
      ended = true;
      if (broken == null) broken = why;
      lock.notifyAll();
    }
    stdin.close();
  }

  private void markBroken(String why) {
    synchronized (lock) {
      markBrokenLocked(why);
    }
  }

  private void markBrokenLocked(String why) {
    if (broken == null) broken = why;
    lock.notifyAll();
  }

  /**
   * Ends the session: asks the server to exit (it removes its temporary files), waits briefly
   * for the stream to end, then closes the connection. A server that cannot be asked ends anyway
   * when its stdin closes with the connection.
   */
  @Override
  public void close() {
    boolean ask;
    synchronized (lock) {
      ask = broken == null;
      if (broken == null) broken = "closed";
    }
    if (ask) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      field(b, "quit");
      field(b, "0");
      stdin.offer(b.toByteArray());
      long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      synchronized (lock) {
        while (!ended && System.nanoTime() < deadline) {
          try {
            lock.wait(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
    }
    stdin.close();
    if (callback != null) {
      try {
        callback.close();
      } catch (IOException | RuntimeException e) {
        LOG.fine("closing the exec stream in the " + where + ": " + e);
      }
    }
  }

  private static String loadServer() {
    try (InputStream in = ExecChannel.class.getResourceAsStream("channel-server.bash")) {
      if (in == null) throw new IllegalStateException("channel-server.bash is missing from the junit-netns jar");
      // comments stay in the resource; the node gets the code
      StringBuilder code = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.strip().startsWith("#") && !line.isBlank()) code.append(line).append('\n');
      }
      return code.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes of one stream, with marker search from where the last search stopped. */
  static final class Stream {
    private byte[] buf = new byte[8192];
    private int len;
    private int scanned;

    void append(byte[] b) {
      if (len + b.length > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + b.length));
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
    }

    void reset() {
      len = 0;
      scanned = 0;
    }

    String text() {
      return new String(buf, 0, len, StandardCharsets.UTF_8).replace("\0\1JN", " ").replaceAll("\\s+", " ");
    }

    /** {status text, content before the marker} once the marker line is complete, else null. */
    String[] marker(byte[] pattern) {
      int from = Math.max(0, scanned - pattern.length);
      int at = indexOf(pattern, from);
      if (at < 0) {
        scanned = len;
        return null;
      }
      int nl = newlineFrom(at + pattern.length);
      if (nl < 0) return null;
      String status = new String(buf, at + pattern.length, nl - at - pattern.length, StandardCharsets.UTF_8);
      String content = new String(buf, 0, at, StandardCharsets.UTF_8);
      return new String[] {status, content};
    }

    /** The index of the first newline at or after {@code from}, or -1. */
    private int newlineFrom(int from) {
      for (int i = from; i < len; i++) {
        if (buf[i] == '\n') return i;
      }
      return -1;
    }

    /**
     * Removes the first complete marker line starting with {@code pattern} and returns what
     * followed the pattern on that line, or {@code null} when there is none yet.
     */
    String cut(byte[] pattern) {
      int at = indexOf(pattern, 0);
      if (at < 0) return null;
      int nl = newlineFrom(at + pattern.length);
      if (nl < 0) return null;
      String value = new String(buf, at + pattern.length, nl - at - pattern.length, StandardCharsets.UTF_8);
      System.arraycopy(buf, nl + 1, buf, at, len - nl - 1);
      len -= nl + 1 - at;
      scanned = Math.min(scanned, at);
      return value;
    }

    private int indexOf(byte[] p, int from) {
      outer:
      for (int i = from; i <= len - p.length; i++) {
        for (int j = 0; j < p.length; j++) {
          if (buf[i + j] != p[j]) continue outer;
        }
        return i;
      }
      return -1;
    }
  }

  /** The session's stdin: request bytes queued by callers, read by docker-java's hijack pump thread. */
  static final class QueueInputStream extends InputStream {
    private static final byte[] EOF = new byte[0];
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private byte[] current;
    private int pos;
    private volatile boolean closed;

    void offer(byte[] bytes) {
      if (!closed && bytes.length > 0) queue.add(bytes);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      while (current == null || pos >= current.length) {
        if (current == EOF) return -1;
        try {
          current = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return -1;
        }
        pos = 0;
        if (current == EOF) return -1;
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        queue.add(EOF);
      }
    }
  }
}
