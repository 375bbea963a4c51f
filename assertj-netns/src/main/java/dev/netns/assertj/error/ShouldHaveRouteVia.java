package dev.netns.assertj.error;

import static dev.netns.assertj.error.NetnsStateRenderer.describe;
import static dev.netns.assertj.error.NetnsStateRenderer.links;
import static dev.netns.assertj.error.NetnsStateRenderer.routeLines;

import dev.netns.Netns;
import dev.netns.Route;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Failure of {@code hasRouteVia}: no route of the main table has that next hop.
 *
 * <pre>{@code
 * Expecting namespace <blue: jn-ab12c-blue-2> on the local kernel to have a route via 10.0.0.254
 * but its main table has:
 *   10.0.0.0/24 dev veth-blue proto kernel scope link src 10.0.0.2
 * links:
 *   lo         UP    state UNKNOWN  mtu 65536  127.0.0.1/8 ::1/128
 *   veth-blue  UP    state UP       mtu 1500   10.0.0.2/24  peer veth-red in <red: jn-ab12c-red-1>
 * }</pre>
 */
public class ShouldHaveRouteVia extends NetnsErrorMessageFactory {

  /** The message for {@code ns} whose main table {@code routes} has no route via {@code gateway}; reads the links now. */
  public static ErrorMessageFactory shouldHaveRouteVia(Netns ns, String gateway, List<Route> routes) {
    return new ShouldHaveRouteVia(NamespaceSnapshot.withRoutes(ns, routes), gateway);
  }

  /** The message for the namespace read into {@code snapshot} having no route via {@code gateway}. */
  public static ErrorMessageFactory shouldHaveRouteVia(NamespaceSnapshot snapshot, String gateway) {
    return new ShouldHaveRouteVia(snapshot, gateway);
  }

  private ShouldHaveRouteVia(NamespaceSnapshot snapshot, String gateway) {
    super("Expecting namespace " + describe(snapshot.netns()) + " to have a route via " + gateway,
        "but its main table has:",
        routeLines(snapshot.routes()),
        links(snapshot));
  }
}
