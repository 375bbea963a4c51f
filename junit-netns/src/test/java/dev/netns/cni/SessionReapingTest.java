package dev.netns.cni;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IPAM directories of dead runs go; those of live runs and of this run stay. */
class SessionReapingTest {

  @Test
  void onlyDeadRunsDirectoriesAreRemoved(@TempDir Path base, @TempDir Path stateDir) throws Exception {
    String runId = "zzmine";
    Path dead = Files.createDirectories(base.resolve("zzdead-1/net"));
    Files.writeString(dead.resolve("10.1.2.2"), "x");
    Path mine = Files.createDirectories(base.resolve(runId + "-1"));
    Path stray = Files.createDirectories(base.resolve("nodash"));
    // a live run: its lock file exists and is held (here by this JVM)
    Path lockFile = stateDir.resolve("zzlive.lock");
    Path live = Files.createDirectories(base.resolve("zzlive-3"));
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock held = ch.lock()) {
      Session.reapDeadRuns(runId, stateDir, base);
      assertThat(base.resolve("zzdead-1")).doesNotExist();
      assertThat(live).isDirectory();
      assertThat(mine).isDirectory();
      assertThat(stray).isDirectory();
    } finally {
      Files.deleteIfExists(lockFile);
    }
    // the same run once its JVM is gone (lock file released or removed)
    Session.reapDeadRuns(runId, stateDir, base);
    assertThat(live).doesNotExist();
  }
}
