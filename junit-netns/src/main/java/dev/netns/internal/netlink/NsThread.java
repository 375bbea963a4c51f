package dev.netns.internal.netlink;

import dev.netns.NetnsException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs work inside a network namespace on a dedicated platform thread: the thread enters the
 * namespace (setns) or makes a new one (unshare), does that one piece of work and ends. It is
 * never returned to a pool, so no other code ever runs in the wrong namespace. Sockets it opens
 * keep belonging to that namespace and can be used from any thread afterwards.
 *
 * <p>Starting a JVM thread costs a few hundred microseconds on small machines, more than most of
 * the work itself; so a background spawner keeps a couple of fresh threads started ahead of time,
 * each parked until it is handed exactly one job. A fresh thread has never entered any namespace
 * (the spawner lives in the JVM's own namespace) and ends after its job, like a thread started
 * on demand.
 */
public final class NsThread {

  private static final int SPARES = 4;
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final LinkedTransferQueue<Runnable> JOBS = new LinkedTransferQueue<>();
  private static final Semaphore WANTED = new Semaphore(SPARES);
  private static volatile boolean spawnerStarted;

  private NsThread() {
  }

  /** Runs {@code body} on a fresh thread that first entered the namespace open as {@code nsFd}. */
  public static <T> T callIn(int nsFd, String what, Callable<T> body) {
    return await(submit(() -> {
      enter(nsFd, what);
      return body.call();
    }), what);
  }

  /** Runs {@code body} on a fresh thread that first entered the namespace whose file is {@code nsPath}. */
  public static <T> T callIn(String nsPath, String what, Callable<T> body) {
    return await(submit(() -> {
      LibC c = LibC.Holder.get();
      int fd = c.open(nsPath, Nl.O_RDONLY | Nl.O_CLOEXEC, 0);
      if (fd < 0) {
        throw new NetnsException("cannot open namespace " + nsPath + " to " + what + ": " + LibC.message(LibC.errno()));
      }
      try {
        enter(fd, what);
      } finally {
        c.close(fd);
      }
      return body.call();
    }), what);
  }

  /** Starts {@code body} on a fresh thread (in the JVM's own namespace until the body leaves it). */
  static <T> CompletableFuture<T> submit(Callable<T> body) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable job = () -> {
      try {
        result.complete(body.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    };
    startSpawner();
    if (!JOBS.tryTransfer(job)) {
      start(job); // no spare is waiting: start one for this job
    }
    return result;
  }

  /** Waits for a job; rethrows its failure as it was (runtime exceptions and errors). */
  static <T> T await(CompletableFuture<T> f, String what) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetnsException("interrupted while waiting to " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) throw re;
      if (cause instanceof Error er) throw er;
      throw new NetnsException("could not " + what + ": " + cause, cause);
    }
  }

  /** Waits for all jobs; throws the first failure with the others suppressed. */
  static <T> List<T> awaitAll(List<CompletableFuture<T>> futures, String what) {
    List<T> out = new ArrayList<>();
    RuntimeException first = null;
    for (CompletableFuture<T> f : futures) {
      try {
        out.add(await(f, what));
      } catch (RuntimeException e) {
        if (first == null) first = e; else first.addSuppressed(e);
      }
    }
    if (first != null) throw first;
    return out;
  }

  /** Whether this thread is already in the namespace open as {@code fd} (both links read {@code net:[inode]}). */
  private static boolean alreadyIn(int fd) {
    try {
      return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self/fd/" + fd))
          .equals(java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self/ns/net")));
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  static void enter(int nsFd, String what) {
    LibC c = LibC.Holder.get();
    // a rootless JVM may not setns into the machine's namespace (it belongs to the initial user
    // namespace), not even when the thread is already there: then there is nothing to do
    if (c.setns(nsFd, Nl.CLONE_NEWNET) != 0) {
      int errno = LibC.errno();
      if (!alreadyIn(nsFd)) {
        throw new NetnsException("cannot enter the namespace to " + what + ": setns failed: " + LibC.message(errno));
      }
    }
  }

  private static Thread start(Runnable body) {
    Thread t = new Thread(body, "netns-" + COUNT.incrementAndGet());
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** A fresh thread: waits for exactly one job, runs it, ends. */
  private static void spare() {
    Runnable job;
    try {
      job = JOBS.take();
    } catch (InterruptedException e) {
      return;
    } finally {
      WANTED.release(); // the spawner starts a replacement
    }
    job.run();
  }

  private static void startSpawner() {
    if (spawnerStarted) return;
    synchronized (NsThread.class) {
      if (spawnerStarted) return;
      // The spawner must live in the JVM's own namespace: its threads inherit it.
      Thread s = new Thread(() -> {
        LibC c = LibC.Holder.get();
        int fd = c.open("/proc/self/ns/net", Nl.O_RDONLY | Nl.O_CLOEXEC, 0);
        if (fd >= 0) {
          c.setns(fd, Nl.CLONE_NEWNET);
          c.close(fd);
        }
        while (true) {
          try {
            WANTED.acquire();
          } catch (InterruptedException e) {
            return;
          }
          start(NsThread::spare);
        }
      }, "netns-spawner");
      s.setDaemon(true);
      s.start();
      spawnerStarted = true;
    }
  }
}
