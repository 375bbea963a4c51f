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
}
