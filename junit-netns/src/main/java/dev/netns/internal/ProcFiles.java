package dev.netns.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading procfs files correctly. */
public final class ProcFiles {
  private ProcFiles() {
  }

  /**
   * Reads a /proc file in one go. Not {@code Files.readString}: procfs reports size 0, the JDK then
   * reads one byte first, and a sysctl handler answers a read at offset 1 with end-of-file, so
   * "512" came back as "5".
   */
  public static String read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }
}
