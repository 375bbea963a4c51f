package dev.netns.internal.kind;

import dev.netns.ExecResult;
import dev.netns.NetnsException;
import dev.netns.internal.spi.CommandRunner;
import dev.netns.internal.spi.ExecRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Runs programs in a kind node through long-lived exec sessions ({@link ExecChannel}), never one
 * {@code docker exec} per program.
 *
 * <p>One session serves all requests as long as they come one after the other, which is what
 * fixtures, reads and assertions of a test do. When several threads run programs at the same
 * time (parallel fixture set-up, a test that keeps a server running while it probes it), a few
 * more sessions are opened, up to {@code netns.kind.channels} (default 4; handed in from the run's
 * settings), and kept for the life
 * of the runner: callers wait for a free one beyond that. A session that broke (timed out,
 * container stopped) is dropped and replaced on the next request.
 */
public final class NodeCommandRunner implements CommandRunner {

  /** {@code netns.kind.channels}: the most sessions open at once. */
  private final int maxChannels;
  /** {@code netns.kind.trace}: print every program with its time to standard error. */
  private final boolean trace;
  private final DockerAccess docker;
  private final String containerId;
  private final String where;
  private final Deque<ExecChannel> idle = new ArrayDeque<>();
  private final List<ExecChannel> all = new ArrayList<>();
  private int opening;
  private boolean closed;

  private NodeCommandRunner(DockerAccess docker, String containerId, String where, int maxChannels, boolean trace) {
    if (maxChannels < 1) throw new IllegalArgumentException("netns.kind.channels=" + maxChannels + "; allowed is 1 or more");
    this.maxChannels = maxChannels;
    this.trace = trace;
    this.docker = docker;
    this.containerId = containerId;
    this.where = where;
  }

  /**
   * Opens the first session right away, so that a node without bash fails here, with the reason.
   *
   * @param maxChannels the most sessions open at once ({@code netns.kind.channels})
   * @param trace whether to print every program with its time ({@code netns.kind.trace})
   */
  static NodeCommandRunner open(DockerAccess docker, String containerId, String where, int maxChannels, boolean trace) {
    NodeCommandRunner r = new NodeCommandRunner(docker, containerId, where, maxChannels, trace);
    ExecChannel first = ExecChannel.open(docker, containerId, where);
    synchronized (r) {
      r.all.add(first);
      r.idle.push(first);
    }
    return r;
  }

  /** Tools the node lacks, as the first session found them. */
  synchronized List<String> missingTools() {
    return all.isEmpty() ? List.of() : all.get(0).missingTools();
  }

  /** How many sessions are open (for tests and the benchmark). */
  public synchronized int openChannels() {
    return all.size();
  }

  @Override
  public ExecResult run(ExecRequest request) {
    ExecChannel ch = acquire();
    boolean ok = false;
    long t0 = System.nanoTime();
    try {
      ExecResult r = ch.run(request);
      ok = true;
      if (trace) System.err.printf("netns.kind.trace %6.1f ms %s%n", (System.nanoTime() - t0) / 1e6, request.argv());
      return r;
    } finally {
      release(ch, ok && ch.healthy());
    }
  }

  private ExecChannel acquire() {
    synchronized (this) {
      while (true) {
        if (closed) throw new NetnsException("the connection to the " + where + " is closed");
        ExecChannel ch = idle.poll();
        if (ch != null) {
          if (ch.healthy()) return ch;
          all.remove(ch);
          ch.close();
          continue;
        }
        if (all.size() + opening < maxChannels) {
          opening++;
          break;
        }
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new NetnsException("interrupted while waiting for a free exec session in the " + where, e);
        }
      }
    }
    ExecChannel fresh = null;
    try {
      fresh = ExecChannel.open(docker, containerId, where);
      return fresh;
    } finally {
      synchronized (this) {
        opening--;
        if (fresh != null) {
          if (closed) {
            fresh.close();
          } else {
            all.add(fresh);
          }
        }
        notifyAll();
      }
    }
  }

  private void release(ExecChannel ch, boolean healthy) {
    synchronized (this) {
      if (healthy && !closed) {
        idle.push(ch);
      } else {
        all.remove(ch);
      }
      notifyAll();
    }
    if (!healthy || closed) ch.close();
  }

  @Override
  public String describe() {
    return where;
  }

  /** Ends every session (each server removes its temporary files and exits). */
  @Override
  public void close() {
    List<ExecChannel> toClose;
    synchronized (this) {
      if (closed) return;
      closed = true;
      toClose = new ArrayList<>(idle);
      idle.clear();
      all.removeAll(toClose);
      notifyAll();
    }
    // sessions still busy are closed by their callers on release
    for (ExecChannel ch : toClose) ch.close();
  }
}
