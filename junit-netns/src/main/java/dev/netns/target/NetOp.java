package dev.netns.target;

/**
 * One change inside a namespace, in iproute2's words. Engines translate these into {@code ip}
 * batch lines or netlink messages.
 */
public sealed interface NetOp {

  /** {@code ip link set DEV up} */
  record LinkUp(String device) implements NetOp { }

  /** {@code ip link set DEV down} */
  record LinkDown(String device) implements NetOp { }

  /** {@code ip link set DEV mtu N} */
  record SetMtu(String device, int mtu) implements NetOp { }

  /** {@code ip link set DEV alias TEXT} */
  record SetAlias(String device, String alias) implements NetOp { }

  /** {@code ip addr add CIDR dev DEV [nodad]}; IPv6 addresses are added without duplicate address detection. */
  record AddAddress(String device, String cidr) implements NetOp { }

  /** {@code ip route add DEST [via GW] [dev DEV]} */
  record AddRoute(String destination, String gateway, String device) implements NetOp { }

  /** {@code ip route del DEST} */
  record DeleteRoute(String destination) implements NetOp { }

  /** {@code ip link add NAME type bridge} */
  record AddBridge(String name) implements NetOp { }

  /** {@code ip link set DEV master MASTER} */
  record SetMaster(String device, String master) implements NetOp { }

  /** {@code ip link set DEV netns NS} ({@code toNs == null}: the engine's own namespace) */
  record MoveLink(String device, String toNs) implements NetOp { }

  /** {@code ip link del DEV} */
  record DeleteLink(String device) implements NetOp { }

  /** {@code sysctl -w KEY=VALUE} inside the namespace */
  record Sysctl(String key, String value) implements NetOp { }
}
