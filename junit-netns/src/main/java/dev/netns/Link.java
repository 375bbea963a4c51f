package dev.netns;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One network interface as the kernel reported it when it was read (a snapshot: call
 * {@link Netns#link(String)} again for fresh state). The vocabulary is iproute2's.
 */
public interface Link {

  /** The interface name, e.g. {@code veth-red} (at most 15 characters). */
  String name();

  /** The interface index inside its namespace. */
  int index();

  /** The namespace that holds this interface. */
  Netns netns();

  /** {@code true} when the interface is administratively up (the {@code UP} flag). */
  boolean isUp();

  /** The MTU in bytes. */
  int mtu();

  /** Addresses held by this interface as CIDR strings, e.g. {@code 10.0.0.1/24}, {@code fd00::1/64}. */
  List<String> addresses();

  /** The kernel's operational state: {@code UP}, {@code DOWN}, {@code LOWERLAYERDOWN}, {@code UNKNOWN}, ... */
  String operState();

  /** The link kind, e.g. {@code veth}, {@code bridge}, {@code macvlan}; empty for plain devices such as {@code lo}. */
  String kind();

  /** The MAC address, empty string when the link has none. */
  String mac();

  /** The bridge (or other master) this interface is enslaved to. */
  Optional<String> master();

  /** For a veth: the peer's interface index, in the peer's namespace ({@code @ifN} in {@code ip link}). */
  OptionalInt peerIndex();

  /**
   * For a veth whose peer lives in another namespace: that namespace's id as seen from this link's
   * namespace ({@code link-netnsid} in {@code ip link}).
   */
  OptionalInt linkNetnsId();

  /** The interface flags as {@code ip link} prints them, e.g. {@code [BROADCAST, MULTICAST, UP, LOWER_UP]}. */
  List<String> flags();

  /**
   * For a veth: the other end, read now from the kernel, wherever it lives on the same target: in
   * this namespace, in another namespace (the one {@link #linkNetnsId()} names, as {@code ip link}
   * shows it after {@code link-netns}), or in the target's own namespace. On a kind node this maps
   * a pod's {@code eth0} to the node's {@code veth...} and back, the way seeds 000 and 002 do by
   * hand with {@code eth0@ifN} and {@code link-netnsid}:
   *
   * <pre>{@code
   * Link nodeSide = pod.link("eth0").flatMap(Link::peer).orElseThrow();   // vethca880bcd in the node
   * }</pre>
   *
   * <p>Empty for links that are not veths, and when the peer's namespace cannot be named on the
   * target (a process's namespace without an {@code ip netns} name; on the local kernel, the
   * machine's own namespace, which the framework never hands out).
   */
  default Optional<Link> peer() {
    throw new UnsupportedOperationException("peer() is not supported by " + getClass().getName());
  }
}
