package dev.netns.internal.local;

import com.kenai.jffi.LastError;
import dev.netns.NetnsException;
import dev.netns.internal.netlink.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The rootless mode: this JVM is root of a user namespace with a mount namespace of its own
 * ({@code unshare --map-root-user --mount -- java …}, started by an ordinary user).
 *
 * <p>There {@code /run} still belongs to the machine's root, so neither {@code /run/netns} (where
 * {@code ip netns} and both engines name namespaces) nor {@code /run/junit-netns} (the ownership
 * journal) is writable. {@link #prepare()} gives this mount namespace a private {@code /run}: a
 * tmpfs mounted over it, in which every entry of the real {@code /run} is bound back in place
 * (directories recursively, files and sockets one by one, symbolic links copied) except
 * {@code netns}, {@code junit-netns}, {@code xtables.lock} and {@code cni}, which start empty and
 * belong to us.
 * Programs started by the JVM ({@code ip netns exec}, CNI plugins, iptables) inherit this mount
 * namespace, so they see the same namespaces. Nothing of it is visible outside: mounts made in a
 * mount namespace owned by a user namespace never propagate back, and the whole view dies with the
 * last process in it (namespaces of a JVM killed with {@code kill -9} die with it).
 *
 * <p>Nothing here depends on {@code user.home} (inside, it is root's home, which the user cannot
 * read).
 */
public final class Rootless {

  private static final Logger LOG = Logger.getLogger(Rootless.class.getName());
  /**
   * Entries of the real {@code /run} that the private one holds on its own: the namespaces, the
   * journal, iptables' lock, and {@code cni} (where plugins such as tuning keep state; the
   * machine's is root's and not the tests' business).
   */
  static final Set<String> PRIVATE_ENTRIES = Set.of("netns", "junit-netns", "xtables.lock", "cni");
  private static final long MS_NOSUID = 2;
  private static final long MS_NODEV = 4;
  private static final long MS_BIND = 4096;
  private static final long MS_REC = 16384;
  private static final int O_RDONLY = 0;
  private static final int O_DIRECTORY = 0x10000;
  private static final int O_CLOEXEC = 0x80000;
  private static final int EPERM = 1;

  private static volatile Boolean active;
  private static volatile boolean prepared;
  private static volatile String failure;

  private Rootless() {
  }

  /** Whether this JVM runs in the rootless mode (decided once per JVM, from {@code /proc}). */
  public static boolean active() {
    Boolean a = active;
    if (a == null) {
      try {
        a = Privileges.rootless(Privileges.View.current());
      } catch (IOException e) {
        a = false;
      }
      active = a;
    }
    return a;
  }

  /**
   * In the rootless mode, makes the private {@code /run} (once per JVM; a no-op when this mount
   * namespace's {@code /run} is already ours); elsewhere does nothing. Returns why it could not,
   * for example when the JVM has a user namespace but shares the machine's mount namespace.
   */
  public static Optional<String> prepare() {
    if (prepared || !active()) return Optional.empty();
    if (failure != null) return Optional.of(failure);
    synchronized (Rootless.class) {
      if (prepared) return Optional.empty();
      if (failure != null) return Optional.of(failure);
      try {
        privateRun(Path.of("/run"));
        prepared = true;
        return Optional.empty();
      } catch (NetnsException e) {
        failure = e.getMessage();
        return Optional.of(failure);
      }
    }
  }

  /** Makes {@code run} a private tmpfs that shows the real entries and our own private ones. */
  static void privateRun(Path run) {
    if (Files.isWritable(run)) {
      // already ours (an earlier JVM in this mount namespace, or a launcher that did it)
      makeDirs(run);
      return;
    }
    List<Path> entries = new ArrayList<>();
    try (var list = Files.list(run)) {
      list.forEach(entries::add);
    } catch (IOException e) {
      throw new NetnsException("rootless: cannot list " + run + ": " + e.getMessage(), e);
    }
    LibC c;
    try {
      c = LibC.Holder.get();
    } catch (Throwable e) {
      throw new NetnsException("rootless: cannot bind libc to mount a private " + run + ": " + e, e);
    }
    // a descriptor of the real /run keeps it reachable (with the mounts on its entries) once it is covered
    int fd = c.open(run.toString(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0) throw new NetnsException("rootless: cannot open " + run + ": " + error(c));
    try {
      if (c.mount("junit-netns", run.toString(), "tmpfs", MS_NOSUID | MS_NODEV, null) != 0) {
        int e = LastError.getInstance().get();
        if (e == EPERM) {
          throw new NetnsException("this JVM is root of a user namespace but shares the machine's mount namespace,"
              + " so it cannot give itself a private /run/netns: start it with unshare --map-root-user --mount"
              + " (the --mount is missing), as mvn test -Prootless does");
        }
        throw new NetnsException("rootless: cannot mount a private tmpfs on " + run + ": " + c.strerror(e));
      }
      try {
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
      } catch (IOException e) {
        throw new NetnsException("rootless: cannot chmod the private " + run + ": " + e.getMessage(), e);
      }
      String real = "/proc/self/fd/" + fd + "/";
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (PRIVATE_ENTRIES.contains(name)) continue;
        try {
          restore(c, real + name, entry);
        } catch (IOException | NetnsException e) {
          // one unreachable entry (a socket of a service we never use) must not stop the tests
          LOG.warning("junit-netns rootless: " + entry + " is not visible in the test JVM: " + e.getMessage());
        }
      }
    } finally {
      c.close(fd);
    }
    makeDirs(run);
  }

  /** Puts one entry of the real {@code /run} back at its place in the private one. */
  private static void restore(LibC c, String source, Path target) throws IOException {
    Path src = Path.of(source);
    if (Files.isSymbolicLink(src)) {
      Files.createSymbolicLink(target, Files.readSymbolicLink(src));
      return;
    }
    if (Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectory(target);
    } else {
      Files.createFile(target);
    }
    if (c.mount(source, target.toString(), "none", MS_BIND | MS_REC, null) != 0) {
      String e = error(c);
      Files.deleteIfExists(target);
      throw new NetnsException("bind mount failed: " + e);
    }
  }

  private static void makeDirs(Path run) {
    for (String d : List.of("netns", "junit-netns")) {
      try {
        Files.createDirectories(run.resolve(d));
      } catch (IOException e) {
        throw new NetnsException("rootless: cannot create " + run.resolve(d) + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * What to put in front of a command that changes something from this JVM's own namespace
   * ({@code ip netns add}, {@code ip link add … netns X}): rootless, {@code unshare --net --}, so
   * that it acts from a throw-away namespace of the JVM's user namespace (the machine's own refuses
   * it, and {@code ip netns add} fails going back into it); empty otherwise.
   */
  public static List<String> hostSidePrefix() {
    return active() ? List.of("unshare", "--net", "--") : List.of();
  }

  /** {@code path} without the directories this process cannot search (memoised per JVM). */
  static String searchablePath(String path) {
    if (path == null) return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    String[] cached = searchable;
    if (cached != null && cached[0].equals(path)) return cached[1];
    StringBuilder b = new StringBuilder();
    for (String d : path.split(":", -1)) {
      if (d.isEmpty() || !Files.isDirectory(Path.of(d)) || !Files.isExecutable(Path.of(d))) continue;
      if (b.length() > 0) b.append(':');
      b.append(d);
    }
    searchable = new String[] {path, b.toString()};
    return b.toString();
  }

  private static volatile String[] searchable;

  private static String error(LibC c) {
    int e = LastError.getInstance().get();
    String s = c.strerror(e);
    return s == null ? "errno " + e : s;
  }
}
