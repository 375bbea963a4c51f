package dev.netns.internal.core;

import dev.netns.NetnsException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who owns what: this JVM's run id, the names it generates, and the journal of what it created.
 *
 * <p>Every run holds an exclusive lock on {@code <state dir>/<run>.lock} for the life of the JVM
 * and appends one line per created namespace (and per link made outside our namespaces) to
 * {@code <run>.journal}. A later run that can take the lock of a run knows that run's JVM is
 * gone (even after {@code kill -9}) and deletes exactly what that journal lists and still exists:
 * never anything by name alone, so a namespace made by hand with a similar name survives.
 *
 * <p>The state directory is {@code /run/junit-netns} unless the setting
 * {@value dev.netns.NetnsSettings#STATE_DIR} says otherwise. There is one owner per JVM: it takes
 * the state directory from the settings of its first use ({@link #get(dev.netns.NetnsSettings)}:
 * in a test run, the run's settings, handed down by the local backend or the kind backend); later
 * settings do not move it.
 */
public final class Ownership {

  private static final Logger LOG = Logger.getLogger(Ownership.class.getName());
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  /** Namespace names: {@code jn-<run>-<label>-<seq>}. */
  public static final String NS_PREFIX = "jn-";
  /** Link names: {@code jn<run><seq>}, at most 15 characters. */
  public static final String LINK_PREFIX = "jn";
  public static final String ALIAS_PREFIX = "junit-netns:";

  private static volatile Ownership instance;

  private final String runId;
  private final Path stateDir;
  private final Path journal;
  private final AtomicLong nsSeq = new AtomicLong();
  private final AtomicLong linkSeq = new AtomicLong();
  @SuppressWarnings("unused") // held for the life of the JVM: its release marks the run as dead
  private final FileLock lock;
  private final FileChannel journalChannel;
  /** Namespaces and links created and not yet deleted; the run's files go at exit only when this is 0. */
  private final java.util.concurrent.atomic.AtomicInteger live = new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean kept;

  private Ownership(Path stateDir) {
    this.stateDir = stateDir;
    try {
      Files.createDirectories(stateDir);
    } catch (IOException e) {
      throw new NetnsException("cannot create the junit-netns state directory " + stateDir + " ("
          + e.getMessage() + "); run as root or set netns.state.dir (configuration parameter or system property) to a writable directory", e);
    }
    // not SecureRandom (slow to seed): uniqueness comes from creating the lock file with CREATE_NEW
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(System.nanoTime() ^ (ProcessHandle.current().pid() << 32));
    String id;
    FileLock l;
    while (true) {
      StringBuilder b = new StringBuilder(5);
      for (int i = 0; i < 5; i++) b.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
      id = b.toString();
      Path lockFile = stateDir.resolve(id + ".lock");
      if (Files.exists(lockFile)) continue;
      try {
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        l = ch.lock();
        ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
        break;
      } catch (java.nio.file.FileAlreadyExistsException race) {
        // another JVM drew the same id in the same instant: draw again
      } catch (IOException e) {
        throw new NetnsException("cannot lock " + lockFile + ": " + e.getMessage(), e);
      }
    }
    this.runId = id;
    this.lock = l;
    this.journal = stateDir.resolve(id + ".journal");
    try {
      this.journalChannel = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new NetnsException("cannot open " + journal + ": " + e.getMessage(), e);
    }
    Path lockFile = stateDir.resolve(id + ".lock");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // a clean exit with nothing left behind needs no journal; otherwise the next run reaps
      if (live.get() <= 0 && !kept) {
        try {
          Files.deleteIfExists(journal);
          Files.deleteIfExists(lockFile);
        } catch (IOException ignored) {
          // the next run deletes them
        }
      }
    }, "netns-ownership-exit"));
  }

  /** Counts resources deleted by their scope (so that a clean exit can drop the journal). */
  public void released(int count) {
    live.addAndGet(-count);
  }

  /** A cleanup mode kept resources: the journal must outlive this JVM so that a later run reaps them. */
  public void markKept() {
    kept = true;
  }

  /**
   * The JVM-wide owner (one run id per JVM); made on first use with the state directory of the
   * system properties' settings when no one made it with the run's settings before (tools, mains).
   */
  public static Ownership get() {
    Ownership o = instance;
    return o != null ? o : get(dev.netns.NetnsSettings.fromSystemProperties());
  }

  /**
   * The JVM-wide owner, made with {@code settings}' state directory if this is the first use;
   * otherwise the owner made before (its state directory stays what the first use chose).
   */
  public static Ownership get(dev.netns.NetnsSettings settings) {
    Ownership o = instance;
    if (o == null) {
      synchronized (Ownership.class) {
        o = instance;
        if (o == null) o = instance = new Ownership(settings.stateDir());
      }
    }
    return o;
  }

  public String runId() {
    return runId;
  }

  public Path stateDir() {
    return stateDir;
  }

  /** The alias written on links we create outside our own namespaces. */
  public String alias() {
    return ALIAS_PREFIX + runId;
  }

  /** {@code jn-<run>-<label>-<n>}; the label is the logical name, shortened and sanitised. */
  public String nextNamespaceName(String label) {
    String clean = label == null || label.isEmpty() ? "ns" : alnum(label.toLowerCase(Locale.ROOT));
    if (clean.isEmpty()) clean = "ns";
    if (clean.length() > 16) clean = clean.substring(0, 16);
    return NS_PREFIX + runId + "-" + clean + "-" + nsSeq.incrementAndGet();
  }

  /** The label's ASCII letters and digits (no regex: this runs for every namespace of every test). */
  private static String alnum(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) b.append(ch);
    }
    return b.toString();
  }

  /** {@code jn<run><seq base 36>}: unique in this JVM, 15 characters at most. */
  public String nextLinkName() {
    return LINK_PREFIX + runId + Long.toString(linkSeq.incrementAndGet(), 36);
  }

  /** Records a namespace about to be created on {@code targetKey}; written before the kernel call. */
  public void journalNamespace(String targetKey, String name) {
    record(new JournalEntry.Namespace(targetKey, name));
  }

  /** Records namespaces about to be created on {@code targetKey}: one write for the batch. */
  public void journalNamespaces(String targetKey, List<String> names) {
    if (names.isEmpty()) return;
    StringBuilder b = new StringBuilder();
    for (String n : names) b.append(new JournalEntry.Namespace(targetKey, n).format()).append('\n');
    live.addAndGet(names.size());
    append(b.toString());
  }

  /** Records a link about to be created in a namespace we do not own ({@code null} = the target's own). */
  public void journalLink(String targetKey, String ns, String name) {
    record(new JournalEntry.Link(targetKey, ns, name));
  }

  /**
   * Records a sysctl about to be changed in a namespace we do not own ({@code null} = the target's
   * own), with its value before, so that a later run can put it back if this JVM dies first.
   */
  public void journalSysctl(String targetKey, String ns, String key, String oldValue) {
    record(new JournalEntry.Sysctl(targetKey, ns, key, oldValue));
  }

  /**
   * Records a route about to be added in a namespace we do not own ({@code null} = the target's
   * own): a later run deletes exactly that route (destination, gateway and device) if this JVM
   * dies first.
   */
  public void journalRoute(String targetKey, String ns, String destination, String gateway, String device) {
    record(new JournalEntry.Route(targetKey, ns, destination, gateway, device));
  }

  /**
   * Records a permanent neighbour entry about to be added in a namespace we do not own: a later
   * run deletes it (if it still has this MAC) when this JVM dies first.
   */
  public void journalNeighbour(String targetKey, String ns, String address, String device, String mac) {
    record(new JournalEntry.Neighbour(targetKey, ns, address, device, mac));
  }

  private void record(JournalEntry entry) {
    live.incrementAndGet();
    append(entry.format() + "\n");
  }

  private void append(String line) {
    try {
      journalChannel.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new NetnsException("cannot write the ownership journal " + journal + ": " + e.getMessage(), e);
    }
  }

  /** What a dead run left on one target: its journal's entries for that target, oldest first. */
  public record Leftovers(String runId, List<JournalEntry> entries) {
    public Leftovers {
      entries = List.copyOf(entries);
    }
  }

  /**
   * For every run whose JVM is gone, hands what its journal lists for {@code targetKey} to
   * {@code reaper}, then forgets those lines. A run whose lock is still held is never touched.
   */
  public void reapDeadRuns(String targetKey, java.util.function.Consumer<Leftovers> reaper) {
    List<Path> locks = new ArrayList<>();
    try (var files = Files.list(stateDir)) {
      files.filter(p -> p.getFileName().toString().endsWith(".lock")).forEach(locks::add);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot list " + stateDir, e);
      return;
    }
    for (Path lockFile : locks) {
      String other = lockFile.getFileName().toString().replace(".lock", "");
      if (other.equals(runId)) continue;
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
        FileLock l;
        try {
          l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
          continue;
        }
        if (l == null) continue; // alive
        try {
          reapOne(other, targetKey, reaper, lockFile);
        } finally {
          if (l.isValid()) l.release();
        }
      } catch (java.nio.file.NoSuchFileException gone) {
        // another JVM finished reaping it
      } catch (IOException e) {
        LOG.log(Level.WARNING, "cannot inspect " + lockFile, e);
      }
    }
  }

  /** Whether an unreadable line names a target other than {@code targetKey} in its second field. */
  private static boolean otherTarget(String line, String targetKey) {
    String[] f = line.split("\t", 3);
    return f.length >= 2 && !f[1].isEmpty() && !f[1].equals(targetKey);
  }

  private void reapOne(String run, String targetKey, java.util.function.Consumer<Leftovers> reaper, Path lockFile)
      throws IOException {
    Path j = stateDir.resolve(run + ".journal");
    List<String> keep = new ArrayList<>();
    List<JournalEntry> entries = new ArrayList<>();
    if (Files.exists(j)) {
      for (String line : Files.readAllLines(j, StandardCharsets.UTF_8)) {
        if (line.isBlank()) continue;
        Optional<JournalEntry> entry = JournalEntry.parse(line);
        if (entry.isPresent() && entry.get().targetKey().equals(targetKey)) {
          entries.add(entry.get());
        } else if (entry.isPresent() || otherTarget(line, targetKey)) {
          keep.add(line); // another target's: the run that uses that target reaps it
        } else {
          // ours but unreadable (a torn write after kill -9, a newer version's kind): kept, it would
          // keep the dead run's files for ever; nothing in it can be undone by this version
          LOG.warning("junit-netns: skipping an unreadable line of " + j + ": " + line);
        }
      }
    }
    if (!entries.isEmpty()) reaper.accept(new Leftovers(run, entries));
    if (keep.isEmpty()) {
      Files.deleteIfExists(j);
      Files.deleteIfExists(lockFile);
    } else {
      Files.write(j, keep, StandardCharsets.UTF_8);
    }
  }
}
