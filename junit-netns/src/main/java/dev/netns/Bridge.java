package dev.netns;

/**
 * A Linux bridge being set up inside a namespace, as in {@code ip link add br0 type bridge}.
 *
 * <pre>{@code
 * host.bridge("br0").address("10.0.0.254/24").attach("veth-ns1").attach("veth-ns2").up();
 * }</pre>
 */
public interface Bridge {

  /** The bridge's interface name. */
  String name();

  /** The namespace holding the bridge. */
  Netns netns();

  /** Adds an address (CIDR) to the bridge. */
  Bridge address(String cidr);

  /** Enslaves an interface of the same namespace to this bridge and sets it up. */
  Bridge attach(String device);

  /** Sets the bridge up. */
  Bridge up();

  /** Sets the bridge down. */
  Bridge down();
}
