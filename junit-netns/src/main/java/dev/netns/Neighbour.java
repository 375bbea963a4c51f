package dev.netns;

/**
 * One entry of a namespace's neighbour table (ARP for IPv4, NDP for IPv6), in iproute2's words:
 * a line of {@code ip neigh show} such as {@code 10.0.0.2 dev eth0 lladdr 6a:5c:2f:66:65:87 REACHABLE}.
 *
 * @param address the neighbour's IPv4 or IPv6 address ({@code dst}), as ip prints it
 * @param mac     its link-layer address ({@code lladdr}) in lowercase, e.g. {@code 02:aa:bb:cc:dd:ee};
 *                {@code null} while unresolved ({@code INCOMPLETE}, {@code FAILED})
 * @param device  the interface the entry belongs to ({@code dev})
 * @param state   the entry's state as iproute2 prints it: {@code PERMANENT}, {@code REACHABLE},
 *                {@code STALE}, {@code DELAY}, {@code PROBE}, {@code FAILED}, {@code INCOMPLETE},
 *                {@code NOARP} or {@code NONE} (the first one where the kernel reports several)
 */
public record Neighbour(String address, String mac, String device, String state) {

  /** {@code true} for a static entry ({@code nud permanent}), which the kernel never ages out or re-resolves. */
  public boolean isPermanent() {
    return "PERMANENT".equals(state);
  }

  /** The entry as {@code ip neigh show} prints it, e.g. {@code 10.0.0.2 dev eth0 lladdr 02:aa:bb:cc:dd:ee PERMANENT}. */
  @Override
  public String toString() {
    return address + " dev " + device + (mac != null ? " lladdr " + mac : "") + " " + state;
  }
}
