package dev.netns.internal.spi;

import java.util.List;

/**
 * A link as an engine read it (the raw facts; {@code dev.netns.Link} adds the namespace).
 *
 * @param peerIndex   the veth peer's ifindex ({@code link_index}), or -1
 * @param linkNetnsId the peer's namespace id as seen from this namespace ({@code link_netnsid}), or -1
 * @param qdisc       the root qdisc ({@code noop} until the kernel has activated the device), or "" if unknown
 */
public record LinkState(String name, int index, List<String> flags, int mtu, String operState, String kind,
                        String mac, String master, int peerIndex, int linkNetnsId, String alias,
                        List<String> addresses, String qdisc) {

  public LinkState {
    flags = List.copyOf(flags);
    addresses = List.copyOf(addresses);
    kind = kind == null ? "" : kind;
    mac = mac == null ? "" : mac;
    operState = operState == null ? "UNKNOWN" : operState;
    qdisc = qdisc == null ? "" : qdisc;
  }

  public boolean isUp() {
    return flags.contains("UP");
  }

  /**
   * Ready to carry the first packet: administratively up, carrier on, a real qdisc attached (until
   * the kernel's linkwatch has run, the device may still have {@code noop}, which drops every
   * packet) and operstate UP. Devices that report no operational state of their own (lo, a bridge
   * without ports, vxlan) stay at UNKNOWN for good, which counts as ready; a veth or a device
   * stacked on another one (macvlan, vlan, ipvlan) starts at UNKNOWN too, but there it only means
   * linkwatch has not run yet, so it is not ready until the kernel says UP.
   */
  public boolean isReady() {
    return isUp() && flags.contains("LOWER_UP")
        && ("UP".equals(operState) || ("UNKNOWN".equals(operState) && !REPORTS_OPERSTATE.contains(kind)))
        && !"noop".equals(qdisc);
  }

  /** Link kinds whose operstate goes UNKNOWN, then UP once linkwatch has processed the carrier. */
  private static final java.util.Set<String> REPORTS_OPERSTATE =
      java.util.Set.of("veth", "macvlan", "macvtap", "ipvlan", "ipvtap", "vlan");
}
