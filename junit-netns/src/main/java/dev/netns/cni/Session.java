package dev.netns.cni;

import dev.netns.internal.spi.CleanupScope;
import dev.netns.internal.spi.NamespacePort;
import dev.netns.internal.spi.TargetPort;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The CNI state of one fixture scope (one test, or a test class for a static {@code Cni} field):
 * the per-test IPAM directory, the last result per attachment (for {@code prevResult}), and the
 * DELs still owed for successful ADDs. Shared by every {@link Cni} bound to the same scope.
 */
final class Session {

  private static final Logger LOG = Logger.getLogger(Session.class.getName());
  private static final Map<CleanupScope, Session> SESSIONS = new HashMap<>();
  private static final AtomicLong DIR_SEQ = new AtomicLong();
  private static volatile boolean reaped;

  final CleanupScope scope;
  final HostFiles files;
  private final TargetPort target;
  private final boolean local;
  private String dataDir;
  private NamespacePort host;
  private final Map<String, CniResult> results = new HashMap<>();
  private final List<Attachment> attachments = new ArrayList<>();

  private Session(TargetPort target, CleanupScope scope, HostFiles files, boolean local) {
    this.target = target;
    this.scope = scope;
    this.files = files;
    this.local = local;
  }

  static Session of(TargetPort target) {
    CleanupScope scope = target.scope();
    synchronized (SESSIONS) {
      Session s = SESSIONS.get(scope);
      if (s != null) return s;
      boolean local = target.isLocalKernel();
      HostFiles files = local ? HostFiles.Local.INSTANCE : new HostFiles.Remote(target.hostSide());
      Session created = new Session(target, scope, files, local);
      // registered first, so it runs last: after every DEL and the removal of the IPAM directory
      scope.onClose("forget the CNI state of " + scope.label(), () -> {
        synchronized (SESSIONS) {
          SESSIONS.remove(scope);
        }
      });
      SESSIONS.put(scope, created);
      return created;
    }
  }

  /**
   * The host side where plugins run: created on first use (if it is a stand-in), before any DEL
   * is registered, so that it outlives every DEL; kept here because a closing scope no longer
   * hands it out.
   */
  synchronized NamespacePort host() {
    if (host == null) host = target.hostSide();
    return host;
  }

  /**
   * The per-test {@code dataDir} for host-local IPAM, created on first use and removed when the
   * scope closes (after the DELs, which are registered later and so run earlier).
   */
  synchronized String dataDir() {
    if (dataDir == null) {
      String base = local ? target.stateDir().resolve("cni").toString() : "/run/junit-netns/cni";
      if (local && !reaped) {
        reaped = true;
        reapDeadRuns(target.runId(), target.stateDir(), Path.of(base));
      }
      String dir = base + "/" + target.runId() + "-" + DIR_SEQ.incrementAndGet();
      files.createPrivateDir(dir);
      scope.onClose("remove the CNI IPAM directory " + dir, () -> files.deleteTree(dir));
      dataDir = dir;
    }
    return dataDir;
  }

  /** The per-test {@code dataDir} if it was made. */
  synchronized String dataDirIfMade() {
    return dataDir;
  }

  /** Removes IPAM directories of runs whose JVM is gone (their lock file is gone or no longer held). */
  static void reapDeadRuns(String runId, Path stateDir, Path base) {
    if (!Files.isDirectory(base)) return;
    List<Path> dirs = new ArrayList<>();
    try (var s = Files.list(base)) {
      s.forEach(dirs::add);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot list " + base, e);
      return;
    }
    for (Path d : dirs) {
      String name = d.getFileName().toString();
      int dash = name.indexOf('-');
      if (dash <= 0) continue;
      String run = name.substring(0, dash);
      if (run.equals(runId) || alive(stateDir.resolve(run + ".lock"))) continue;
      LOG.info("junit-netns: removing CNI IPAM directory " + d + " left by dead run " + run);
      HostFiles.Local.INSTANCE.deleteTree(d.toString());
    }
  }

  private static boolean alive(Path lockFile) {
    if (!Files.exists(lockFile)) return false;
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock l = ch.tryLock();
      if (l == null) return true;
      l.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return true; // when in doubt, keep it
    }
  }

  synchronized CniResult result(String key) {
    return results.get(key);
  }

  synchronized void remember(String key, CniResult r) {
    results.put(key, r);
  }

  /**
   * Runs an ADD ({@code add}) and owes its DEL: a best-effort one when the ADD failed (a plugin
   * may have made part of its work before failing), the real one after a success, whose result is
   * remembered for CHECK and DEL.
   */
  CniResult addOwingDel(CleanupScope where, String key, String description, Runnable del,
      java.util.function.Supplier<CniResult> add) {
    CniResult result;
    try {
      result = add.get();
    } catch (CniException e) {
      owe(where, key, description + " (after a failed ADD)", true, del);
      throw e;
    }
    remember(key, result);
    owe(where, key, description, false, del);
    return result;
  }

  /**
   * Owes a DEL for an ADD: registered on {@code where} (the scope that closes first of the
   * session's and the container's), run when it closes unless a DEL for the same key ran before.
   * A best-effort DEL (after a failed ADD) only logs its failure.
   */
  void owe(CleanupScope where, String key, String description, boolean bestEffort, Runnable del) {
    Attachment a;
    synchronized (this) {
      if (bestEffort && attachments.stream().anyMatch(x -> x.key.equals(key) && !x.done)) return;
      a = new Attachment(key, bestEffort);
      attachments.add(a);
    }
    where.onClose(description, () -> {
      synchronized (this) {
        if (a.done) return;
      }
      try {
        del.run();
        settled(key);
      } catch (RuntimeException e) {
        if (!bestEffort) throw e;
        LOG.log(Level.FINE, "best-effort " + description + " after a failed ADD failed: " + e.getMessage());
        synchronized (this) {
          a.done = true;
        }
      }
    });
  }

  /** A DEL for {@code key} succeeded: nothing more is owed for it, and its cached result is gone. */
  synchronized void settled(String key) {
    for (Attachment a : attachments) {
      if (a.key.equals(key)) a.done = true;
    }
    attachments.removeIf(a -> a.done);
    results.remove(key);
  }

  /** DELs still owed (for messages and tests). */
  synchronized int owed() {
    return (int) attachments.stream().filter(a -> !a.done).count();
  }

  private static final class Attachment {
    final String key;
    final boolean bestEffort;
    boolean done;

    Attachment(String key, boolean bestEffort) {
      this.key = key;
      this.bestEffort = bestEffort;
    }
  }
}
