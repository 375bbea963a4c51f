package dev.netns.internal.spi;

/**
 * One change inside a namespace, in iproute2's words. Engines translate these into {@code ip}
 * batch lines or netlink messages.
 */
public sealed interface NetOp {

  /**
   * The operation in iproute2's words, e.g. {@code addr add fd00::1/64 dev eth0 nodad}: an
   * {@code ip -batch} line for the ip engine and the wording of every engine's messages.
   */
  static String words(NetOp op) {
    if (op instanceof LinkUp o) return "link set dev " + o.device() + " up";
    if (op instanceof LinkDown o) return "link set dev " + o.device() + " down";
    if (op instanceof SetMtu o) return "link set dev " + o.device() + " mtu " + o.mtu();
    // ip's batch parser splits on blanks and honours double quotes
    if (op instanceof SetAlias o) return "link set dev " + o.device() + " alias \"" + o.alias().replace("\"", "") + "\"";
    if (op instanceof DeleteAddress o) return "addr del " + o.cidr() + " dev " + o.device();
    if (op instanceof AddAddress o) {
      return "addr add " + o.cidr() + " dev " + o.device() + (o.cidr().contains(":") ? " nodad" : "");
    }
    if (op instanceof AddRoute o) {
      // no "-6": a batch line takes no options; ip infers the family from the gateway or the prefix
      return "route add " + o.destination() + (o.gateway() != null ? " via " + o.gateway() : "")
          + (o.device() != null ? " dev " + o.device() : "");
    }
    if (op instanceof DeleteRoute o) {
      return "route del " + o.destination() + (o.gateway() != null ? " via " + o.gateway() : "")
          + (o.device() != null ? " dev " + o.device() : "");
    }
    if (op instanceof AddBridge o) return "link add name " + o.name() + " type bridge";
    if (op instanceof SetMaster o) return "link set dev " + o.device() + " master " + o.master();
    if (op instanceof MoveLink o) return "link set dev " + o.device() + " netns " + (o.toNs() == null ? "1" : o.toNs());
    if (op instanceof DeleteLink o) return "link del dev " + o.device();
    if (op instanceof AddNeighbour o) {
      return "neigh replace " + o.address() + " lladdr " + o.mac() + " dev " + o.device() + " nud permanent";
    }
    if (op instanceof DeleteNeighbour o) return "neigh del " + o.address() + " dev " + o.device();
    if (op instanceof Sysctl o) return "sysctl -w " + o.key() + "=" + o.value();
    throw new IllegalArgumentException("unknown operation " + op);
  }

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

  /** {@code ip addr del CIDR dev DEV} */
  record DeleteAddress(String device, String cidr) implements NetOp { }

  /** {@code ip route add DEST [via GW] [dev DEV]} */
  record AddRoute(String destination, String gateway, String device) implements NetOp { }

  /**
   * {@code ip route del DEST [via GW] [dev DEV]}: with a gateway or device, only the route with
   * them goes, not another route to the same destination.
   */
  record DeleteRoute(String destination, String gateway, String device) implements NetOp {
    /** {@code ip route del DEST}: the first route to that destination. */
    public DeleteRoute(String destination) {
      this(destination, null, null);
    }
  }

  /** {@code ip link add NAME type bridge} */
  record AddBridge(String name) implements NetOp { }

  /** {@code ip link set DEV master MASTER} */
  record SetMaster(String device, String master) implements NetOp { }

  /** {@code ip link set DEV netns NS} ({@code toNs == null}: the engine's own namespace) */
  record MoveLink(String device, String toNs) implements NetOp { }

  /** {@code ip link del DEV} */
  record DeleteLink(String device) implements NetOp { }

  /** {@code ip neigh replace ADDR lladdr MAC dev DEV nud permanent}: a static ARP (IPv4) or NDP (IPv6) entry */
  record AddNeighbour(String address, String mac, String device) implements NetOp { }

  /** {@code ip neigh del ADDR dev DEV} */
  record DeleteNeighbour(String address, String device) implements NetOp { }

  /** {@code sysctl -w KEY=VALUE} inside the namespace */
  record Sysctl(String key, String value) implements NetOp {
    /** No operation names a file outside /proc/sys: the model's rule ({@link dev.netns.SysctlKey}) holds for every engine. */
    public Sysctl {
      dev.netns.SysctlKey.of(key);
    }
  }
}
