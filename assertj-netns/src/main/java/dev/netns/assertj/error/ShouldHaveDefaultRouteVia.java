package dev.netns.assertj.error;

import static dev.netns.assertj.error.NetnsStateRenderer.describe;
import static dev.netns.assertj.error.NetnsStateRenderer.links;
import static dev.netns.assertj.error.NetnsStateRenderer.routeLines;

import dev.netns.Netns;
import dev.netns.Route;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Failure of {@code hasDefaultRouteVia}: the default route of the gateway's address family is
 * missing or goes elsewhere.
 *
 * <pre>{@code
 * Expecting namespace <red: jn-ab12c-red-1> on the local kernel to have its IPv4 default route via 10.0.0.254
 * but it has no IPv4 default route; its main table has:
 *   10.0.0.0/24 dev veth-red proto kernel scope link src 10.0.0.1
 * links: ...
 * }</pre>
 */
public class ShouldHaveDefaultRouteVia extends NetnsErrorMessageFactory {

  /**
   * The message for {@code ns} whose main table {@code routes} has no default route of {@code family}
   * (4 or 6) via {@code gateway}; reads the links now.
   */
  public static ErrorMessageFactory shouldHaveDefaultRouteVia(Netns ns, String gateway, int family, List<Route> routes) {
    return new ShouldHaveDefaultRouteVia(NamespaceSnapshot.withRoutes(ns, routes), gateway, family);
  }

  /** The message for the namespace read into {@code snapshot} having no IPv{@code family} default route via {@code gateway}. */
  public static ErrorMessageFactory shouldHaveDefaultRouteVia(NamespaceSnapshot snapshot, String gateway, int family) {
    return new ShouldHaveDefaultRouteVia(snapshot, gateway, family);
  }

  private ShouldHaveDefaultRouteVia(NamespaceSnapshot snapshot, String gateway, int family) {
    super("Expecting namespace " + describe(snapshot.netns()) + " to have its IPv" + family + " default route via " + gateway,
        butLine(family, defaults(family, snapshot.routes())),
        routeLines(defaults(family, snapshot.routes()).isEmpty() ? snapshot.routes() : defaults(family, snapshot.routes())),
        links(snapshot));
  }

  private static List<Route> defaults(int family, List<Route> routes) {
    return routes.stream().filter(r -> r.isDefault() && r.family() == family).toList();
  }

  private static String butLine(int family, List<Route> defaults) {
    if (defaults.isEmpty()) return "but it has no IPv" + family + " default route; its main table has:";
    return "but its IPv" + family + " default route is:";
  }
}
