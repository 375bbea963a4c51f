package dev.netns;

import java.util.Objects;

/**
 * A sysctl key: a plain name under {@code /proc/sys}, dotted ({@code net.ipv4.ip_forward}) or
 * slashed ({@code net/ipv4/ip_forward}), by sysctl(8)'s rule that the first separator decides (in a
 * dotted key a '/' stands for a '.' inside a name: {@code net.ipv4.conf.eth0/100.forwarding} is
 * {@code net/ipv4/conf/eth0.100/forwarding}).
 *
 * <p>The one rule for every engine and target, applied where a key enters the model: a key whose
 * file would not be a plain name below {@code /proc/sys} ({@code net/../../x}, {@code /tmp/x}, one
 * with empty parts, {@code .} or {@code ..} parts, or characters outside letters, digits and
 * {@code _ - . @ :}) is an {@link IllegalArgumentException} naming it, before anything is read or
 * written.
 */
public final class SysctlKey {

  private final String key;
  private final String relative;

  private SysctlKey(String key, String relative) {
    this.key = key;
    this.relative = relative;
  }

  /**
   * Parses a key.
   *
   * @throws IllegalArgumentException naming the key and what is allowed
   */
  public static SysctlKey of(String key) {
    if (key == null || key.isEmpty()) throw invalid(key, "it is empty");
    int dot = key.indexOf('.');
    int slash = key.indexOf('/');
    String relative;
    if (slash >= 0 && (dot < 0 || slash < dot)) {
      relative = key;
    } else {
      StringBuilder sb = new StringBuilder(key.length());
      for (char ch : key.toCharArray()) sb.append(ch == '.' ? '/' : ch == '/' ? '.' : ch);
      relative = sb.toString();
    }
    for (String part : relative.split("/", -1)) {
      if (part.isEmpty()) throw invalid(key, "it has an empty part");
      if (part.equals(".") || part.equals("..")) throw invalid(key, "it has a '" + part + "' part");
      for (char ch : part.toCharArray()) {
        boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
            || ch == '_' || ch == '-' || ch == '.' || ch == '@' || ch == ':';
        if (!ok) throw invalid(key, "it contains '" + (ch == 0 ? "\\0" : String.valueOf(ch)) + "'");
      }
    }
    return new SysctlKey(key, relative);
  }

  private static IllegalArgumentException invalid(String key, String why) {
    return new IllegalArgumentException("sysctl key \"" + key + "\" is not valid (" + why + "); a key names a file"
        + " under /proc/sys, dotted or slashed, e.g. net.ipv4.ip_forward or net/ipv4/ip_forward");
  }

  /** The key as given. */
  public String key() {
    return key;
  }

  /** The file below {@code /proc/sys}, e.g. {@code net/ipv4/ip_forward}. */
  public String relativePath() {
    return relative;
  }

  /** The file, e.g. {@code /proc/sys/net/ipv4/ip_forward}. */
  public String path() {
    return "/proc/sys/" + relative;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SysctlKey k && k.relative.equals(relative);
  }

  @Override
  public int hashCode() {
    return Objects.hash(relative);
  }

  @Override
  public String toString() {
    return key;
  }
}
