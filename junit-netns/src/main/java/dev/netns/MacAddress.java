package dev.netns;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.MACAddressString;
import inet.ipaddr.mac.MACAddress;

/**
 * A 48-bit MAC address as six hex octets separated by ':' ({@code 02:aa:bb:cc:dd:ee}), parsed
 * with the same {@code ipaddress} library as addresses; printed in lowercase, as {@code ip} does.
 */
public final class MacAddress {

  private static final String RULE = "; allowed are six hex octets separated by ':', e.g. 02:aa:bb:cc:dd:ee";

  private final MACAddress mac;

  private MacAddress(MACAddress mac) {
    this.mac = mac;
  }

  /**
   * Parses a MAC address.
   *
   * @throws IllegalArgumentException naming the value and the rule
   */
  public static MacAddress parse(String value) {
    // the text form first (the library also reads dashed, dotted and wildcard forms; ip does not)
    if (value == null || !value.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
      throw new IllegalArgumentException("MAC address \"" + value + "\" is not valid" + RULE);
    }
    try {
      return new MacAddress(new MACAddressString(value).toAddress());
    } catch (AddressStringException e) {
      throw new IllegalArgumentException("MAC address \"" + value + "\" is not valid" + RULE, e);
    }
  }

  /** The six bytes. */
  public byte[] bytes() {
    return mac.getBytes();
  }

  /** Lowercase, ':'-separated. */
  @Override
  public String toString() {
    return mac.toColonDelimitedString().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MacAddress m && m.mac.equals(mac);
  }

  @Override
  public int hashCode() {
    return mac.hashCode();
  }
}
