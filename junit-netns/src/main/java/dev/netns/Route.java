package dev.netns;

/**
 * One route of a namespace's routing table, in iproute2's words. A multipath (ECMP) route is
 * listed once per next hop, each with that hop's gateway and device, so that every next hop
 * counts for {@code hasRouteVia} and shows in failure messages.
 *
 * @param destination {@code default} or a CIDR prefix such as {@code 10.0.0.0/24}
 * @param gateway     the next hop ({@code via}), or {@code null} for a directly connected route
 * @param device      the output interface ({@code dev}), may be {@code null} for some route types
 * @param table       the table name, {@code main} for the main table
 * @param protocol    who installed it: {@code kernel}, {@code boot}, {@code static}, ...
 * @param scope       {@code link}, {@code host}, {@code global}, ...
 * @param source      the preferred source address ({@code src}), or {@code null}
 * @param family      4 or 6
 */
public record Route(String destination, String gateway, String device, String table,
                    String protocol, String scope, String source, int family) {

  /** {@code true} for the default route ({@code 0.0.0.0/0} or {@code ::/0}). */
  public boolean isDefault() {
    return "default".equals(destination) || "0.0.0.0/0".equals(destination) || "::/0".equals(destination);
  }

  /** The route as {@code ip route} prints it, e.g. {@code default via 10.0.0.254 dev eth0}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(destination);
    if (gateway != null) b.append(" via ").append(gateway);
    if (device != null) b.append(" dev ").append(device);
    if (protocol != null && !protocol.isEmpty() && !"boot".equals(protocol)) b.append(" proto ").append(protocol);
    if (scope != null && !scope.isEmpty() && !"global".equals(scope)) b.append(" scope ").append(scope);
    if (source != null) b.append(" src ").append(source);
    if (table != null && !"main".equals(table)) b.append(" table ").append(table);
    return b.toString();
  }
}
