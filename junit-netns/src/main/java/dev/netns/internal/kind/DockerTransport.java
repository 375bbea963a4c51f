package dev.netns.internal.kind;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Logger;

/**
 * The exec channel's Docker side: one {@code docker exec -i} session (through the Docker API)
 * running {@link ChannelProtocol#BOOTSTRAP}, its stdin fed from a queue, its multiplexed output
 * handed to the channel, and a one-off exec for the rare signal.
 */
final class DockerTransport implements ChannelTransport {

  private static final Logger LOG = Logger.getLogger(DockerTransport.class.getName());

  private final DockerAccess docker;
  private final String containerId;
  private final String where;
  private final QueueInputStream stdin = new QueueInputStream();
  private ResultCallback.Adapter<Frame> callback;

  private DockerTransport(DockerAccess docker, String containerId, String where) {
    this.docker = docker;
    this.containerId = containerId;
    this.where = where;
  }

  /**
   * Starts the session and connects its streams to {@code channel}; the server script is the
   * first thing on its stdin.
   *
   * @throws KindUnavailableException when the exec cannot start (no bash in the node, container stopped)
   */
  static DockerTransport start(DockerAccess docker, String containerId, String where, ExecChannel channel) {
    DockerTransport t = new DockerTransport(docker, containerId, where);
    ExecCreateCmdResponse exec;
    try {
      exec = docker.client().execCreateCmd(containerId)
          .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true).withTty(false)
          .withCmd("bash", "-c", ChannelProtocol.BOOTSTRAP, "junit-netns-channel")
          .exec();
    } catch (RuntimeException e) {
      throw new KindUnavailableException("could not start an exec session in the " + where + ": "
          + DockerAccess.rootMessage(e), e);
    }
    t.callback = new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        if (payload != null && payload.length > 0) channel.onOutput(frame.getStreamType() == StreamType.STDERR, payload);
      }

      @Override
      public void onError(Throwable e) {
        channel.onEnd("the exec stream failed: " + DockerAccess.rootMessage(e));
        t.stdin.close();
      }

      @Override
      public void onComplete() {
        channel.onEnd("the exec session ended");
        t.stdin.close();
      }
    };
    t.stdin.offer(ChannelProtocol.hello());
    try {
      docker.client().execStartCmd(exec.getId()).withDetach(false).withTty(false).withStdIn(t.stdin)
          .exec(t.callback);
    } catch (RuntimeException e) {
      throw new KindUnavailableException("could not attach to an exec session in the " + where + ": "
          + DockerAccess.rootMessage(e), e);
    }
    return t;
  }

  @Override
  public void send(byte[] bytes) {
    stdin.offer(bytes);
  }

  /** Through a one-off exec: the timeout path only. */
  @Override
  public void signal(String signal, String victim) {
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

  @Override
  public void close() {
    stdin.close();
    if (callback != null) {
      try {
        callback.close();
      } catch (IOException | RuntimeException e) {
        LOG.fine("closing the exec stream in the " + where + ": " + e);
      }
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
