package dev.netns;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.Objects;

/**
 * An IP address (IPv4 or IPv6) without prefix, parsed strictly with the seancfoley
 * {@code ipaddress} library: dotted-quad IPv4 with four decimal octets and no leading zeros,
 * IPv6 in its text forms without zone, never a host name, never a DNS lookup. The one parser of
 * addresses in junit-netns; {@link Cidr} builds on it.
 *
 * <pre>{@code
 * IpAddress.parse("fd00:0::2", "gateway").toString()   // "fd00::2"
 * }</pre>
 */
public final class IpAddress {

  static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
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
  private static final String HINT = " (expected an IPv4 or IPv6 address such as 10.0.0.2 or fd00::2)";

  private final IPAddress address;

  private IpAddress(IPAddress address) {
    this.address = address;
  }

  /**
   * Parses an address without prefix.
   *
   * @param what names the value in the message, e.g. {@code canPing(ip)}
   * @throws IllegalArgumentException naming {@code what}, the value and what is allowed
   */
  public static IpAddress parse(String value, String what) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(what + " is empty" + HINT);
    IPAddress a = parseAny(value, what, HINT);
    if (a.getNetworkPrefixLength() != null) {
      throw new IllegalArgumentException(what + " \"" + value + "\" must be a single address, not a prefix" + HINT);
    }
    return new IpAddress(a);
  }

  /** The library's parse with junit-netns's strict rules and messages (shared with {@link Cidr}). */
  static IPAddress parseAny(String value, String what, String hint) {
    if (!value.equals(value.strip())) {
      throw new IllegalArgumentException(what + " \"" + value + "\" has surrounding white space" + hint);
    }
    try {
      return new IPAddressString(value, STRICT).toAddress();
    } catch (AddressStringException e) {
      throw new IllegalArgumentException(what + " \"" + value + "\" is not a valid address: " + e.getMessage() + hint, e);
    }
  }

  static IpAddress of(IPAddress a) {
    return new IpAddress(a.withoutPrefixLength());
  }

  /** Whether this is an IPv6 address. */
  public boolean isV6() {
    return address.isIPv6();
  }

  /** 4 or 6. */
  public int family() {
    return isV6() ? 6 : 4;
  }

  /** The address's bytes in network order (4 or 16). */
  public byte[] bytes() {
    return address.getBytes();
  }

  /** The canonical text, as {@code ip} prints it ({@code 10.0.0.2}, {@code fd00::2}). */
  @Override
  public String toString() {
    return address.toCanonicalString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress other && other.address.equals(address);
  }

  @Override
  public int hashCode() {
    return Objects.hash(address);
  }
}
