package dev.netns.cni;

import dev.netns.ExecResult;
import dev.netns.NetnsException;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.spi.NamespacePort;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The file system of the target machine, where plugins are looked up and per-test IPAM
 * directories live: this machine's for the local kernel, the node's (through programs run in its
 * own namespace) for a remote target such as a kind node.
 */
interface HostFiles {

  /** Whether {@code path} is a regular file that may be executed. */
  boolean isExecutableFile(String path);

  /** Creates the directory (and its parents), readable by root only. */
  void createPrivateDir(String path);

  /** Deletes the directory and everything below it; no error when it is already gone. */
  void deleteTree(String path);

  /** The names in a directory; empty when it does not exist. */
  List<String> list(String dir);

  /**
   * Deletes an empty regular file left at {@code path} (a namespace path where no namespace is
   * mounted); a mounted namespace there is never touched, and no error when nothing is there.
   */
  void deleteStrayFile(String path);

  /** The local file system. */
  final class Local implements HostFiles {
    static final Local INSTANCE = new Local();

    private Local() {
    }

    @Override
    public boolean isExecutableFile(String path) {
      Path p = Path.of(path);
      return Files.isRegularFile(p) && Files.isExecutable(p);
    }

    @Override
    public void createPrivateDir(String path) {
      try {
        Path p = Files.createDirectories(Path.of(path));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
      } catch (IOException e) {
        throw new NetnsException("cannot create the CNI directory " + path + ": " + e, e);
      }
    }

    @Override
    public void deleteStrayFile(String path) {
      Path p = Path.of(path);
      try {
        if (!Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.size(p) != 0) return;
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
          String[] f = line.split(" ");
          if (f.length > 4 && f[4].equals(path)) return; // a live namespace
        }
        Files.deleteIfExists(p);
      } catch (IOException e) {
        throw new NetnsException("cannot remove the stray file " + path + ": " + e, e);
      }
    }

    @Override
    public void deleteTree(String path) {
      Path root = Path.of(path);
      if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
      try {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            if (exc != null && !(exc instanceof NoSuchFileException)) throw exc;
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (NoSuchFileException gone) {
        // removed meanwhile
      } catch (IOException e) {
        throw new NetnsException("cannot delete the CNI directory " + path + ": " + e, e);
      }
    }

    @Override
    public List<String> list(String dir) {
      Path p = Path.of(dir);
      if (!Files.isDirectory(p)) return List.of();
      try (Stream<Path> s = Files.list(p)) {
        return s.map(x -> x.getFileName().toString()).sorted().toList();
      } catch (IOException e) {
        throw new NetnsException("cannot list " + dir + ": " + e, e);
      }
    }
  }

  /** A remote machine's file system, reached by running coreutils in the machine's own namespace. */
  final class Remote implements HostFiles {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final NamespacePort machine;

    Remote(NamespacePort machine) {
      this.machine = machine;
    }

    private ExecResult run(String... argv) {
      return machine.exec(ExecRequest.of(TIMEOUT, List.of(argv)));
    }

    @Override
    public boolean isExecutableFile(String path) {
      return run("test", "-f", path, "-a", "-x", path).isSuccess();
    }

    @Override
    public void createPrivateDir(String path) {
      run("mkdir", "-p", "-m", "0700", "--", path).orThrow();
    }

    @Override
    public void deleteTree(String path) {
      run("rm", "-rf", "--one-file-system", "--", path).orThrow();
    }

    @Override
    public void deleteStrayFile(String path) {
      // only an empty regular file that is not a mount point (mountpoint(1) says 0 for a live namespace)
      if (run("mountpoint", "-q", "--", path).isSuccess()) return;
      run("find", path, "-maxdepth", "0", "-type", "f", "-empty", "-delete");
    }

    @Override
    public List<String> list(String dir) {
      ExecResult r = run("ls", "-1A", "--", dir);
      if (!r.isSuccess()) return List.of();
      List<String> out = new ArrayList<>();
      for (String l : r.stdout().split("\n")) if (!l.isBlank()) out.add(l.strip());
      return out;
    }
  }
}
