package dev.netns.target;

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
   * Ready to carry the first packet: administratively up, carrier on, operstate UP (or UNKNOWN for
   * devices without carrier reporting such as lo) and a real qdisc attached (until the kernel's
   * linkwatch has run, the device still has {@code noop}, which drops every packet).
   */
  public boolean isReady() {
    return isUp() && flags.contains("LOWER_UP")
        && ("UP".equals(operState) || "UNKNOWN".equals(operState))
        && !"noop".equals(qdisc);
  }
}
