package dev.netns.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of {@link Rootless} that need no user namespace. */
class RootlessTest {

  @Test
  void searchablePathDropsMissingDirectoriesAndKeepsTheOrder(@TempDir Path tmp) throws Exception {
    Path a = Files.createDirectory(tmp.resolve("a"));
    Path b = Files.createDirectory(tmp.resolve("b"));
    String path = a + ":" + tmp.resolve("missing") + "::" + b;
    assertThat(Rootless.searchablePath(path)).isEqualTo(a + ":" + b);
  }

  @Test
  void searchablePathDropsADirectoryWithoutSearchPermission(@TempDir Path tmp) throws Exception {
    Path closed = Files.createDirectory(tmp.resolve("closed"));
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rw-------"));
    try {
      // root may search anything: the check is about what this process may do, so ask the file system
      boolean searchable = Files.isExecutable(closed);
      assertThat(Rootless.searchablePath(closed + ":/usr/bin")).isEqualTo(searchable ? closed + ":/usr/bin" : "/usr/bin");
    } finally {
      Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void withoutPathTheSystemDirectoriesAreUsed() {
    assertThat(Rootless.searchablePath(null)).contains("/usr/bin").contains("/bin");
  }
}
