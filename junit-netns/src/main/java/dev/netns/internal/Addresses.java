package dev.netns.internal;

import dev.netns.Cidr;
import dev.netns.IpAddress;

/**
 * String-in, string-out shorthands over the model's address types ({@link IpAddress},
 * {@link Cidr}), for internal callers that keep canonical text; the parsing and its rules live
 * in the model only.
 */
public final class Addresses {

  private Addresses() {
  }

  /** {@link Cidr#parse} in canonical text, host part kept. */
  public static String requireCidr(String value, String what) {
    return Cidr.parse(value, what).toString();
  }

  /** {@link IpAddress#parse} in canonical text. */
  public static String requireIp(String value, String what) {
    return IpAddress.parse(value, what).toString();
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
