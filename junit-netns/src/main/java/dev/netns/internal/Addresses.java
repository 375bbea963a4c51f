package dev.netns.internal;

import dev.netns.Cidr;
import dev.netns.IpAddress;

/**
 * String-in, string-out shorthands over the model's address types ({@link IpAddress},
 * {@link Cidr}), for internal callers that keep canonical text; the parsing and its rules live
 * in the model only.
 */
public final class Addresses {

  /**
   * Canonical forms of values that passed validation, by kind ({@code c} CIDR, {@code i} IP):
   * the same annotation strings are validated for every test (and again by the engine and the
   * assertions), and parsing is the slow part. Only valid values are kept, so a bad value fails
   * every time with the caller's words; bounded, because a program may make up endless addresses.
   */
  private static final java.util.concurrent.ConcurrentHashMap<String, String> VALID =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_REMEMBERED = 4096;

  private Addresses() {
  }

  private static String remember(String key, String canonical) {
    if (VALID.size() >= MAX_REMEMBERED) VALID.clear();
    VALID.put(key, canonical);
    return canonical;
  }

  /** {@link Cidr#parse} in canonical text, host part kept. */
  public static String requireCidr(String value, String what) {
    String known = value == null ? null : VALID.get("c" + value);
    if (known != null) return known;
    return remember("c" + value, Cidr.parse(value, what).toString());
  }

  /** {@link IpAddress#parse} in canonical text. */
  public static String requireIp(String value, String what) {
    String known = value == null ? null : VALID.get("i" + value);
    if (known != null) return known;
    return remember("i" + value, IpAddress.parse(value, what).toString());
  }

  /** {@code default}, or the network of a CIDR prefix, as ip prints it. */
  public static String requireRouteDestination(String value, String what) {
    if ("default".equals(value)) return value;
    return Cidr.parse(value, what).network();
  }

  /** Whether the literal is IPv6. Call after validation. */
  public static boolean isV6(String ip) {
    return ip.contains(":");
  }
}
