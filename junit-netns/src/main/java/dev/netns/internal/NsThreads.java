package dev.netns.internal;

import dev.netns.NetnsException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/**
 * Runs code on a dedicated platform thread that has entered a network namespace (setns). Sockets
 * created on that thread belong to the namespace and keep working from any thread afterwards.
 * The thread is never returned to a pool: it ends with the task, so no other code ever runs in
 * the wrong namespace.
 */
public final class NsThreads {

  /** CLONE_NEWNET from linux/sched.h. */
  public static final int CLONE_NEWNET = 0x40000000;
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;

  /** The libc calls needed to enter a namespace. */
  public interface LibC {
    @SaveError
    int open(String path, int flags);

    @SaveError
    int setns(int fd, int nstype);

    int close(int fd);

    String strerror(int errnum);
  }

  private static volatile LibC libc;

  private NsThreads() {
  }

  public static LibC libc() {
    LibC l = libc;
    if (l == null) {
      synchronized (NsThreads.class) {
        l = libc;
        if (l == null) l = libc = LibraryLoader.create(LibC.class).load("c");
      }
    }
    return l;
  }

  /**
   * Runs {@code body} on a new platform thread inside the namespace whose file is {@code nsPath}
   * (e.g. {@code /run/netns/NAME}) and returns its result.
   */
  public static <T> T callIn(String nsPath, String threadName, Callable<T> body) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        enter(nsPath);
        result.complete(body.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, threadName);
    t.setDaemon(true);
    t.start();
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetnsException("interrupted while working inside " + nsPath, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) throw re;
      if (c instanceof Error er) throw er;
      throw new NetnsException(c.getMessage(), c);
    }
  }

  /** Starts {@code body} on a new daemon platform thread that first enters the namespace. */
  public static Thread startIn(String nsPath, String threadName, Runnable body) {
    Thread t = new Thread(() -> {
      enter(nsPath);
      body.run();
    }, threadName);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Moves the calling thread into the namespace. Only call on a thread you own and discard. */
  public static void enter(String nsPath) {
    LibC c = libc();
    int fd = c.open(nsPath, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      int errno = LastError.getLastError(Runtime.getRuntime(c));
      throw new NetnsException("cannot open namespace " + nsPath + ": " + c.strerror(errno));
    }
    try {
      if (c.setns(fd, CLONE_NEWNET) != 0) {
        int errno = LastError.getLastError(Runtime.getRuntime(c));
        throw new NetnsException("cannot enter namespace " + nsPath + ": " + c.strerror(errno));
      }
    } finally {
      c.close(fd);
    }
  }
}
