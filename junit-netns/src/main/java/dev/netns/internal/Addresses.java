package dev.netns.internal;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;

/**
 * Strict parsing of IP literals and CIDRs (seancfoley IPAddress): dotted-quad IPv4 with four
 * decimal octets, IPv6 in its text forms, never a host name, never a DNS lookup.
 */
public final class Addresses {

  private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
      .allowEmpty(false)
      .allowAll(false)
      .allowSingleSegment(false)
      .allowWildcardedSeparator(false)
      .allowMask(false)
      .setEmptyAsLoopback(false)
      .getIPv4AddressParametersBuilder()
          .allow_inet_aton(false)
          .allowLeadingZeros(false)
          .allowWildcardedSeparator(false)
          .allowBinary(false)
          .getParentBuilder()
      .getIPv6AddressParametersBuilder()
          .allowWildcardedSeparator(false)
          .allowBinary(false)
          .allowZone(false)
          .getParentBuilder()
      .toParams();

  /**
   * Canonical forms of values that passed validation, by kind ({@code c} CIDR, {@code i} IP):
   * the same annotation strings are validated for every test (and again by the engine and the
   * assertions), and parsing is the slow part. Only valid values are kept; bounded, because a
   * program may make up endless addresses.
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

  /**
   * Validates a CIDR with an explicit prefix length ({@code 10.0.0.1/24}, {@code fd00::1/64}) and
   * returns it in canonical form with the host part kept.
   *
   * @param what names the element in the message, e.g. {@code @VethPair(leftAddress)}
   */
  public static String requireCidr(String value, String what) {
    String known = value == null ? null : VALID.get("c" + value);
    if (known != null) return known;
    String hint = " (expected an address with a prefix length, such as 10.0.0.1/24 or fd00::1/64)";
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is empty" + hint);
    }
    if (!value.contains("/")) {
      throw new IllegalArgumentException(what + " \"" + value + "\" has no prefix length" + hint);
    }
    IPAddress a = parse(value, what, hint);
    Integer prefix = a.getNetworkPrefixLength();
    if (prefix == null) {
      throw new IllegalArgumentException(what + " \"" + value + "\" has no prefix length" + hint);
    }
    return remember("c" + value, a.withoutPrefixLength().toCanonicalString() + "/" + prefix);
  }

  /** Validates an IP literal without prefix ({@code 10.0.0.2}, {@code fd00::2}); never resolves names. */
  public static String requireIp(String value, String what) {
    String known = value == null ? null : VALID.get("i" + value);
    if (known != null) return known;
    String hint = " (expected an IPv4 or IPv6 address such as 10.0.0.2 or fd00::2)";
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is empty" + hint);
    }
    if (value.contains("/")) {
      throw new IllegalArgumentException(what + " \"" + value + "\" must be a single address, not a prefix" + hint);
    }
    return remember("i" + value, parse(value, what, hint).toCanonicalString());
  }

  /** {@code default}, or a CIDR prefix; returned as ip prints it. */
  public static String requireRouteDestination(String value, String what) {
    if ("default".equals(value)) return value;
    String cidr = requireCidr(value, what);
    IPAddress a = parse(cidr, what, "");
    return a.toPrefixBlock().toCanonicalString();
  }

  /** Whether the literal is IPv6. Call after validation. */
  public static boolean isV6(String ip) {
    return ip.contains(":");
  }

  private static IPAddress parse(String value, String what, String hint) {
    try {
      IPAddress a = new IPAddressString(value.strip(), STRICT).toAddress();
      if (!value.equals(value.strip())) {
        throw new IllegalArgumentException(what + " \"" + value + "\" has surrounding white space" + hint);
      }
      return a;
    } catch (AddressStringException e) {
      throw new IllegalArgumentException(what + " \"" + value + "\" is not a valid address: "
          + e.getMessage() + hint, e);
    }
  }
}
