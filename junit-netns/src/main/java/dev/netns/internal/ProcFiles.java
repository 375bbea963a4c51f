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

  /**
   * The file under {@code /proc/sys} of a sysctl key, by sysctl(8)'s rule: the first separator
   * decides. {@code net.ipv4.ip_forward} is dotted, and a '/' in it stands for a '.' in a name
   * ({@code net.ipv4.conf.eth0/100.forwarding} is {@code net/ipv4/conf/eth0.100/forwarding});
   * {@code net/ipv4/ip_forward} is a path already. A key that leaves /proc/sys is an
   * {@link IllegalArgumentException} ({@link dev.netns.SysctlKey}).
   */
  public static String sysctlRelative(String key) {
    return dev.netns.SysctlKey.of(key).relativePath(); // the model's one rule: nothing leaves /proc/sys
  }

  /** {@code /proc/sys/} plus {@link #sysctlRelative(String)}. */
  public static Path sysctlPath(String key) {
    return Path.of("/proc/sys", sysctlRelative(key));
  }
}
