package dev.netns.internal.evidence;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The evidence settings, read once per scope from JUnit configuration parameters (which fall back
 * to system properties):
 * <ul>
 *   <li>{@value #MODE} = {@code on-failure} (default) | {@code always} | {@code off}: when a test's
 *       evidence is written;</li>
 *   <li>{@value #DIR} (default {@code target/netns-evidence}): where, one directory per test;</li>
 *   <li>{@value #CAPTURE} = {@code on} (default) | {@code off}: the packet capture;</li>
 *   <li>{@value #CAPTURE_BYTES} (default 4 MiB): the capture ring of one scope, in bytes of frames
 *       kept (the oldest frames go first); with {@value #SNAPLEN} (default 2048) the most kept of one
 *       frame;</li>
 *   <li>{@value #POLLUTION} = {@code warn} (default) | {@code fail} | {@code off}: the check of the
 *       target's own namespace before and after each test.</li>
 * </ul>
 */
public record EvidenceSettings(Mode mode, Path dir, boolean capture, int captureBytes, int snaplen,
                               Pollution pollution) {

  public static final String MODE = "netns.evidence";
  public static final String DIR = "netns.evidence.dir";
  public static final String CAPTURE = "netns.evidence.capture";
  public static final String CAPTURE_BYTES = "netns.evidence.capture.bytes";
  public static final String SNAPLEN = "netns.evidence.capture.snaplen";
  public static final String POLLUTION = "netns.pollution";

  /** When evidence is written. */
  public enum Mode { ON_FAILURE, ALWAYS, OFF }

  /** What a change left in the target's own namespace does. */
  public enum Pollution { WARN, FAIL, OFF }

  /** Reads and validates every setting; a bad value is an {@link IllegalArgumentException} naming it and what is allowed. */
  public static EvidenceSettings read(Function<String, Optional<String>> config) {
    Mode mode = switch (value(config, MODE, "on-failure")) {
      case "on-failure" -> Mode.ON_FAILURE;
      case "always" -> Mode.ALWAYS;
      case "off" -> Mode.OFF;
      default -> throw bad(config, MODE, "always, on-failure or off");
    };
    String dirText = config.apply(DIR).map(String::strip).orElse("");
    Path dir;
    try {
      dir = Path.of(dirText.isEmpty() ? "target/netns-evidence" : dirText);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(DIR + "=\"" + dirText + "\" is not a usable path: " + e.getMessage());
    }
    boolean capture = switch (value(config, CAPTURE, "on")) {
      case "on", "true" -> true;
      case "off", "false" -> false;
      default -> throw bad(config, CAPTURE, "on or off");
    };
    int bytes = number(config, CAPTURE_BYTES, 4 << 20, 64 << 10, 1 << 30, "64k to 1g");
    int snaplen = number(config, SNAPLEN, 2048, 64, 262144, "64 to 262144");
    Pollution pollution = switch (value(config, POLLUTION, "warn")) {
      case "warn" -> Pollution.WARN;
      case "fail" -> Pollution.FAIL;
      case "off" -> Pollution.OFF;
      default -> throw bad(config, POLLUTION, "warn, fail or off");
    };
    return new EvidenceSettings(mode, dir, capture, bytes, snaplen, pollution);
  }

  private static String value(Function<String, Optional<String>> config, String key, String fallback) {
    String v = config.apply(key).map(s -> s.strip().toLowerCase(Locale.ROOT)).orElse("");
    return v.isEmpty() ? fallback : v;
  }

  private static IllegalArgumentException bad(Function<String, Optional<String>> config, String key, String allowed) {
    return new IllegalArgumentException(key + "=\"" + config.apply(key).orElse("") + "\" is not allowed; use " + allowed);
  }

  /** A size: digits with an optional k, m or g suffix (binary units). */
  private static int number(Function<String, Optional<String>> config, String key, int fallback, int min, int max,
                            String range) {
    String v = value(config, key, "");
    if (v.isEmpty()) return fallback;
    long unit = 1;
    String digits = v;
    char last = v.charAt(v.length() - 1);
    if (last == 'k' || last == 'm' || last == 'g') {
      unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
      digits = v.substring(0, v.length() - 1);
    }
    long n;
    try {
      n = Long.parseLong(digits) * unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + "=\"" + v + "\" is not a size; use a number from " + range);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(key + "=\"" + v + "\" is out of range; use a number from " + range);
    }
    return (int) n;
  }
}
