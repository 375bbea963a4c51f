package dev.netns.internal.kind;

import dev.netns.ExecResult;
import dev.netns.NetnsException;
import dev.netns.internal.spi.ExecRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One long-lived exec session in a kind node: a fixed bash loop ({@code channel-server.bash})
 * started once with {@code docker exec -i} semantics through the Docker API, which then runs
 * program after program on request. A request costs a fork and an exec in the node instead of a
 * whole {@code docker exec} round trip.
 *
 * <p>Requests are data, never code ({@link ChannelProtocol}): argv, environment and stdin are sent
 * as NUL-terminated fields and the server runs {@code exec "${argv[@]}"} as a background job with
 * its own process group. The program's stdout and stderr come back as Docker's multiplexed
 * streams, each ended by a marker that carries a per-request token and the exit status. A program
 * that outlives its timeout is ended from outside (TERM to its process group, KILL 2 s later,
 * through the transport: the rare path), so the common path costs one fork and one exec in the node.
 *
 * <p>This class is the session's lifecycle (start, one request at a time, timeouts, broken, close);
 * the wire format is {@link ChannelProtocol}, the connection a {@link ChannelTransport}.
 *
 * <p>One request at a time per channel (callers serialise through {@link NodeCommandRunner}'s
 * pool). A channel that stops answering is marked broken and never reused.
 */
final class ExecChannel implements AutoCloseable {

  /** How long a program may take to end after TERM before it gets KILL. */
  private static final Duration KILL_AFTER = Duration.ofSeconds(2);
  /** How long to wait for the end marker after KILL before the session counts as hung. */
  private static final Duration AFTER_KILL = Duration.ofSeconds(5);
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final String where;
  private final Object lock = new Object();
  private final ChannelProtocol.Stream out = new ChannelProtocol.Stream();
  private final ChannelProtocol.Stream err = new ChannelProtocol.Stream();
  private List<String> missingTools = List.of();
  private ChannelTransport transport;
  /** Why the channel cannot be used any more; {@code null} while it is healthy. */
  private String broken;
  private boolean ended;
  /** The process id of the running program, once the server reported it. */
  private String pid;

  private ExecChannel(String where) {
    this.where = where;
  }

  /**
   * Starts the server in the container and waits for its ready line.
   *
   * @throws KindUnavailableException when the exec cannot start (no bash in the node, container
   *     stopped) or does not answer in time
   */
  static ExecChannel open(DockerAccess docker, String containerId, String where) {
    return open(where, ch -> DockerTransport.start(docker, containerId, where, ch), START_TIMEOUT);
  }

  /**
   * Starts a channel over the transport that {@code connect} makes (it must send
   * {@link ChannelProtocol#hello()} first and deliver the server's output to {@link #onOutput}),
   * and waits up to {@code startTimeout} for the server's ready line.
   */
  static ExecChannel open(String where, Function<ExecChannel, ChannelTransport> connect, Duration startTimeout) {
    ExecChannel ch = new ExecChannel(where);
    ch.transport = connect.apply(ch);
    try {
      String text = ch.awaitEnd(ChannelProtocol.READY, startTimeout, null).status();
      List<String> missing = ChannelProtocol.missingTools(text);
      if (missing == null) {
        ch.close();
        throw new KindUnavailableException("the exec session in the " + where + " answered \"" + text + "\"");
      }
      ch.missingTools = List.copyOf(missing);
    } catch (NetnsException e) {
      ch.close();
      String seen;
      synchronized (ch.lock) {
        seen = (ch.out.text() + " " + ch.err.text()).strip();
      }
      throw new KindUnavailableException("could not start the junit-netns exec session in the " + where
          + " (it runs bash there): "
          + e.getMessage() + (seen.isEmpty() ? "" : "; the node said: " + seen), e);
    }
    return ch;
  }

  /** Programs the node lacks among those the engine uses ({@code ip}, {@code nsenter}, {@code ping}, ...). */
  List<String> missingTools() {
    return missingTools;
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
    String token = ChannelProtocol.newToken();
    byte[] frame = ChannelProtocol.encode(token, request);
    synchronized (lock) {
      if (broken != null) throw new NetnsException("the exec session in the " + where + " is closed: " + broken);
      out.reset();
      err.reset();
      pid = null;
    }
    transport.send(frame);
    Reply reply = awaitEnd(token, request.timeout(), request);
    boolean timedOut = reply == null;
    if (timedOut) {
      String victim = pid(token);
      if (victim != null) transport.signal("TERM", victim);
      reply = awaitEnd(token, KILL_AFTER, request);
      if (reply == null && victim != null) {
        transport.signal("KILL", victim);
        reply = awaitEnd(token, AFTER_KILL, request);
      }
      if (reply == null) {
        markBroken("a program did not end after its timeout");
        throw new NetnsException("the " + where + " did not end " + request.argv() + " after its timeout of "
            + request.timeout().toMillis() + " ms" + (victim == null ? " (it never reported starting)" : " even with KILL")
            + "; the exec session was closed");
      }
    }
    int code = ChannelProtocol.exitStatus(reply.status());
    if (code < 0) {
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

  /**
   * Waits for the end marker of {@code token} on both streams; {@code null} when {@code limit}
   * passed first.
   */
  private Reply awaitEnd(String token, Duration limit, ExecRequest request) {
    byte[] end = ChannelProtocol.pattern(token, '=');
    byte[] started = ChannelProtocol.pattern(token, 'p');
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
        String p = err.cut(ChannelProtocol.pattern(token, 'p'));
        if (p != null) pid = p;
      }
      return pid;
    }
  }

  /** Output of the server, from the transport's reader thread. */
  void onOutput(boolean stderr, byte[] payload) {
    if (payload == null || payload.length == 0) return;
    synchronized (lock) {
      (stderr ? err : out).append(payload);
      lock.notifyAll();
    }
  }

  /** The server or its connection ended, from the transport's reader thread. */
  void onEnd(String why) {
    synchronized (lock) {
      ended = true;
      if (broken == null) broken = why;
      lock.notifyAll();
    }
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
    if (ask && transport != null) {
      transport.send(ChannelProtocol.quit());
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
    if (transport != null) transport.close();
  }
}
