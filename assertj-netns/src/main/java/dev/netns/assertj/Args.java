package dev.netns.assertj;

import dev.netns.assertj.error.NetnsStateRenderer;
import dev.netns.Cidr;
import dev.netns.InterfaceName;
import dev.netns.IpAddress;
import java.time.Duration;

/**
 * Argument checks of the assertions. A bad argument is a mistake in the test, not a failed
 * expectation: it is an {@link IllegalArgumentException} naming the method, the bad value and
 * what is allowed. Addresses are parsed strictly and never resolved as host names.
 */
final class Args {

  private static final String IP_HINT = "expected an IPv4 or IPv6 address such as 10.0.0.2 or fd00::2";

  private Args() {
  }

  /** A literal IPv4 or IPv6 address, returned in canonical form. */
  static String ip(String value, String method) {
    if (value == null) throw new IllegalArgumentException(method + ": the address is null; " + IP_HINT);
    return IpAddress.parse(value, method + "(ip)").toString();
  }

  /** An address with its prefix length ({@code 10.0.0.1/24}), returned in canonical form. */
  static String cidr(String value, String method) {
    if (value == null) {
      throw new IllegalArgumentException(method + ": the address is null; expected an address with a prefix length,"
          + " such as 10.0.0.1/24 or fd00::1/64");
    }
    return Cidr.parse(value, method + "(cidr)").toString();
  }

  static int port(int port, String method) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(method + ": port " + port + " is out of range; a TCP port is 1 to 65535");
    }
    return port;
  }

  static String interfaceName(String name, String method) {
    return InterfaceName.require(name, method + "(name)");
  }

  static int mtu(int mtu, String method) {
    if (mtu <= 0) {
      throw new IllegalArgumentException(method + ": mtu " + mtu
          + " is not valid; an MTU is a positive number of bytes, such as 1500");
    }
    return mtu;
  }

  static Duration positive(Duration d, String method, String what) {
    String hint = "; expected a positive duration such as Duration.ofSeconds(5) or Duration.ofMillis(200)";
    if (d == null) throw new IllegalArgumentException(method + ": " + what + " is null" + hint);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(method + ": " + what + " " + NetnsStateRenderer.duration(d)
          + " (" + d + ") is not allowed" + hint);
    }
    return d;
  }

  static <T> T notNull(T value, String method, String what) {
    if (value == null) throw new IllegalArgumentException(method + ": " + what + " is null");
    return value;
  }

  /** Whether an address the kernel reported equals a canonical one (reported text may differ in form). */
  static boolean sameIp(String reported, String canonical) {
    if (reported == null) return false;
    try {
      return IpAddress.parse(reported, "reported address").toString().equals(canonical);
    } catch (IllegalArgumentException e) {
      return reported.equals(canonical);
    }
  }

  /** Whether a reported CIDR equals a canonical one. */
  static boolean sameCidr(String reported, String canonical) {
    try {
      return Cidr.parse(reported, "reported address").toString().equals(canonical);
    } catch (IllegalArgumentException e) {
      return reported.equals(canonical);
    }
  }

  /** The address part of a CIDR (a reported one that does not parse stays as it is). */
  static String addressOf(String cidr) {
    try {
      return Cidr.parse(cidr, "reported address").address().toString();
    } catch (IllegalArgumentException e) {
      return cidr;
    }
  }
}
