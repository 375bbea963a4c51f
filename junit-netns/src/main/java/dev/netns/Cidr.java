package dev.netns;

import inet.ipaddr.IPAddress;
import java.util.Objects;

/**
 * An address with its prefix length ({@code 10.0.0.1/24}, {@code fd00::1/64}), the host part
 * kept, parsed strictly (see {@link IpAddress}): the prefix length is required, nothing splits
 * the text on '/'.
 *
 * <pre>{@code
 * Cidr c = Cidr.parse("10.0.0.1/24", "leftAddress");
 * c.address()  // 10.0.0.1
 * c.network()  // 10.0.0.0/24
 * }</pre>
 */
public final class Cidr {

  private static final String HINT = " (expected an address with a prefix length, such as 10.0.0.1/24 or fd00::1/64)";

  private final IPAddress address;
  private final int prefixLength;

  private Cidr(IPAddress address, int prefixLength) {
    this.address = address;
    this.prefixLength = prefixLength;
  }

  /**
   * Parses a CIDR with an explicit prefix length.
   *
   * @param what names the value in the message, e.g. {@code @VethPair(leftAddress)}
   * @throws IllegalArgumentException naming {@code what}, the value and what is allowed
   */
  public static Cidr parse(String value, String what) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(what + " is empty" + HINT);
    IPAddress a = IpAddress.parseAny(value, what, HINT);
    Integer prefix = a.getNetworkPrefixLength();
    if (prefix == null) throw new IllegalArgumentException(what + " \"" + value + "\" has no prefix length" + HINT);
    return new Cidr(a, prefix);
  }

  /** The address, without the prefix length. */
  public IpAddress address() {
    return IpAddress.of(address);
  }

  public int prefixLength() {
    return prefixLength;
  }

  public boolean isV6() {
    return address.isIPv6();
  }

  /** The network as {@code ip route} prints it: {@code 10.0.0.0/24}; a full-length prefix prints with it too. */
  public String network() {
    return address.toPrefixBlock().toCanonicalString();
  }

  /** Whether {@code ip} lies in this prefix. */
  public boolean contains(IpAddress ip) {
    return address.toPrefixBlock().contains(IpAddress.parseAny(ip.toString(), "address", ""));
  }

  /** Canonical text with the host part kept: {@code 10.0.0.1/24}. */
  @Override
  public String toString() {
    return address.withoutPrefixLength().toCanonicalString() + "/" + prefixLength;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return Objects.hash(toString());
  }
}
