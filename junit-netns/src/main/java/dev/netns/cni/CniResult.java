package dev.netns.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The success result of a CNI {@code ADD}, parsed from the plugin's standard output. Results of
 * every spec version are read: 1.0.0 and 0.3.x/0.4.0 ({@code interfaces}, {@code ips},
 * {@code routes}, {@code dns}) as well as 0.1.0/0.2.0 ({@code ip4}/{@code ip6}, mapped onto
 * {@link #ips()} and {@link #routes()}).
 *
 * <pre>{@code
 * CniResult r = cni.plugin("ptp").add(pod, "eth0", config);
 * assertEquals("1.0.0", r.cniVersion());
 * CniResult.Ip ip = r.ips().get(0);        // 10.1.2.2/24 via 10.1.2.1
 * assertEquals(List.of(ip), r.ipsOn("eth0"));
 * }</pre>
 */
public final class CniResult {

  private final String cniVersion;
  private final List<Ip> ips;
  private final List<Interface> interfaces;
  private final List<Route> routes;
  private final Dns dns;
  private final String json;
  private final String stderr;
  private final String config;
  private final String plugin;

  private CniResult(String cniVersion, List<Ip> ips, List<Interface> interfaces, List<Route> routes, Dns dns,
                    String json, String stderr, String config, String plugin) {
    this.cniVersion = cniVersion;
    this.ips = List.copyOf(ips);
    this.interfaces = List.copyOf(interfaces);
    this.routes = List.copyOf(routes);
    this.dns = dns;
    this.json = json;
    this.stderr = stderr == null ? "" : stderr;
    this.config = config;
    this.plugin = plugin == null ? "" : plugin;
  }

  /** One IP configuration of the result ({@code ips[]}, or {@code ip4}/{@code ip6} before 0.3.0). */
  public record Ip(String address, String gateway, OptionalInt interfaceIndex) {

    /** @throws IllegalArgumentException when {@code address} is not a CIDR or {@code gateway} not an address */
    public Ip {
      Objects.requireNonNull(interfaceIndex, "interfaceIndex");
      dev.netns.Cidr.parse(address, "result IP address");
      if (gateway != null) dev.netns.IpAddress.parse(gateway, "result gateway");
    }

    /** The address without its prefix length, e.g. {@code 10.1.2.2}. */
    public String ip() {
      return dev.netns.Cidr.parse(address, "result IP address").address().toString();
    }

    /** The prefix length of {@link #address()}, e.g. 24. */
    public int prefixLength() {
      return dev.netns.Cidr.parse(address, "result IP address").prefixLength();
    }

    /** Whether this is an IPv6 configuration. */
    public boolean isIpv6() {
      return address.contains(":");
    }

    @Override
    public String toString() {
      return address + (gateway == null ? "" : " gw " + gateway)
          + (interfaceIndex.isPresent() ? " on interface " + interfaceIndex.getAsInt() : "");
    }
  }

  /**
   * One interface of the result. {@code sandbox} is the namespace path for an interface inside the
   * container and {@code ""} for one on the host side; {@code mac} is {@code ""} when not reported.
   */
  public record Interface(String name, String mac, String sandbox) {

    /** Whether the interface is inside the container (has a sandbox). */
    public boolean isInContainer() {
      return sandbox != null && !sandbox.isEmpty();
    }

    @Override
    public String toString() {
      return name + (mac.isEmpty() ? "" : " " + mac) + (isInContainer() ? " in " + sandbox : " (host side)");
    }
  }

  /** One route of the result: destination CIDR and gateway ({@code null} when the result gives none). */
  public record Route(String dst, String gw) {
    @Override
    public String toString() {
      return dst + (gw == null ? "" : " via " + gw);
    }
  }

  /** The DNS part of the result; empty lists and {@code ""} when the plugin gave none. */
  public record Dns(List<String> nameservers, String domain, List<String> search, List<String> options) {
    public Dns {
      nameservers = List.copyOf(nameservers);
      search = List.copyOf(search);
      options = List.copyOf(options);
      domain = domain == null ? "" : domain;
    }

    /** Whether no DNS field was set. */
    public boolean isEmpty() {
      return nameservers.isEmpty() && domain.isEmpty() && search.isEmpty() && options.isEmpty();
    }
  }

  /**
   * Parses a result as a plugin prints it.
   *
   * @throws IllegalArgumentException naming what is wrong: not JSON, not an object, no
   *     {@code cniVersion}, an IP without address, an interface index out of range, ...
   */
  public static CniResult parse(String json) {
    return parse(json, null, null, null);
  }

  static CniResult parse(String json, String stderr, String config, String plugin) {
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException("the result is empty; a successful ADD must print its result as JSON");
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the result is not JSON (" + Json.firstLine(e.getMessage()) + "): "
          + Json.excerpt(json));
    }
    if (!(root instanceof ObjectNode)) {
      throw new IllegalArgumentException("the result is not a JSON object: " + Json.excerpt(json));
    }
    JsonNode v = root.get("cniVersion");
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("the result has no \"cniVersion\" string: " + Json.excerpt(json));
    }
    String version = v.asText();
    List<Ip> ips = new ArrayList<>();
    List<Interface> interfaces = new ArrayList<>();
    List<Route> routes = new ArrayList<>();
    boolean legacy = version.startsWith("0.1.") || version.startsWith("0.2.")
        || (!root.has("ips") && (root.has("ip4") || root.has("ip6")));
    if (legacy) {
      for (String key : List.of("ip4", "ip6")) {
        JsonNode c = root.get(key);
        if (c == null || c.isNull()) continue;
        String ip = text(c, "ip", key);
        if (ip == null) throw new IllegalArgumentException("the result's \"" + key + "\" has no \"ip\": " + Json.excerpt(json));
        ips.add(ip(ip, text(c, "gateway", key), OptionalInt.empty(), key));
        for (JsonNode r : array(c, "routes", key)) routes.add(route(r, key + ".routes[]"));
      }
    } else {
      int i = 0;
      for (JsonNode n : array(root, "interfaces", "result")) {
        String where = "interfaces[" + i++ + "]";
        String name = text(n, "name", where);
        if (name == null) throw new IllegalArgumentException("the result's " + where + " has no \"name\": " + Json.excerpt(json));
        String mac = text(n, "mac", where);
        String sandbox = text(n, "sandbox", where);
        interfaces.add(new Interface(name, mac == null ? "" : mac, sandbox == null ? "" : sandbox));
      }
      i = 0;
      for (JsonNode n : array(root, "ips", "result")) {
        String where = "ips[" + i++ + "]";
        String address = text(n, "address", where);
        if (address == null) throw new IllegalArgumentException("the result's " + where + " has no \"address\": " + Json.excerpt(json));
        OptionalInt index = OptionalInt.empty();
        JsonNode idx = n.get("interface");
        if (idx != null && !idx.isNull()) {
          if (!idx.canConvertToInt() || !idx.isIntegralNumber()) {
            throw new IllegalArgumentException("the result's " + where + ".interface is not an integer: " + idx);
          }
          int k = idx.asInt();
          if (k < 0 || k >= interfaces.size()) {
            throw new IllegalArgumentException("the result's " + where + ".interface is " + k
                + ", but the result lists " + interfaces.size() + " interface(s) " + interfaces);
          }
          index = OptionalInt.of(k);
        }
        ips.add(ip(address, text(n, "gateway", where), index, where));
      }
      for (JsonNode r : array(root, "routes", "result")) routes.add(route(r, "routes[]"));
    }
    Dns dns = dns(root.get("dns"));
    return new CniResult(version, ips, interfaces, routes, dns, json, stderr, config, plugin);
  }

  private static Ip ip(String address, String gateway, OptionalInt index, String where) {
    try {
      return new Ip(address, gateway, index);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the result's " + where + " is invalid: " + e.getMessage(), e);
    }
  }

  private static Route route(JsonNode r, String where) {
    String dst = text(r, "dst", where);
    if (dst == null) throw new IllegalArgumentException("the result's " + where + " has no \"dst\": " + r);
    return new Route(dst, text(r, "gw", where));
  }

  private static Dns dns(JsonNode d) {
    if (d == null || !d.isObject()) return new Dns(List.of(), "", List.of(), List.of());
    return new Dns(strings(d, "nameservers"), d.path("domain").asText(""), strings(d, "search"), strings(d, "options"));
  }

  private static List<String> strings(JsonNode parent, String key) {
    List<String> out = new ArrayList<>();
    JsonNode a = parent.get(key);
    if (a != null && a.isArray()) for (JsonNode s : a) out.add(s.asText());
    return out;
  }

  private static String text(JsonNode parent, String key, String where) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) return null;
    if (!n.isTextual()) {
      throw new IllegalArgumentException("the result's " + where + "." + key + " is not a string: " + n);
    }
    return n.asText();
  }

  private static Iterable<JsonNode> array(JsonNode parent, String key, String where) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) return List.of();
    if (!n.isArray()) throw new IllegalArgumentException("the " + where + "'s \"" + key + "\" is not an array: " + n);
    return n;
  }

  /** The result's {@code cniVersion}. */
  public String cniVersion() {
    return cniVersion;
  }

  /** The IP configurations, in the result's order. */
  public List<Ip> ips() {
    return ips;
  }

  /** The interfaces (empty for 0.1.0/0.2.0 results, which have none). */
  public List<Interface> interfaces() {
    return interfaces;
  }

  /** The routes (for 0.1.0/0.2.0 those of {@code ip4} then {@code ip6}). */
  public List<Route> routes() {
    return routes;
  }

  /** The DNS settings. */
  public Dns dns() {
    return dns;
  }

  /** The plugin's standard output exactly as it was. */
  public String json() {
    return json;
  }

  /** What the plugin wrote to standard error during the call ({@code ""} for a parsed string). */
  public String stderr() {
    return stderr;
  }

  /**
   * The network configuration the plugin received on standard input, after the harness's
   * injections ({@code dataDir}, {@code runtimeConfig}, {@code prevResult}); empty for a parsed string.
   */
  public Optional<String> config() {
    return Optional.ofNullable(config);
  }

  /** The type of the plugin that produced this result ({@code ""} for a parsed string). */
  public String plugin() {
    return plugin;
  }

  /** The interface an IP configuration refers to, when it names one. */
  public Optional<Interface> interfaceOf(Ip ip) {
    if (ip.interfaceIndex().isEmpty()) return Optional.empty();
    return Optional.of(interfaces.get(ip.interfaceIndex().getAsInt()));
  }

  /** The interface of that name that is inside the container (has a sandbox). */
  public Optional<Interface> containerInterface(String ifName) {
    return interfaces.stream().filter(i -> i.isInContainer() && i.name().equals(ifName)).findFirst();
  }

  /** The host-side interfaces (those without a sandbox), e.g. a bridge and the host end of a veth. */
  public List<Interface> hostInterfaces() {
    return interfaces.stream().filter(i -> !i.isInContainer()).toList();
  }

  /**
   * The IP configurations on the container interface {@code ifName}. For results without
   * interfaces (0.1.0/0.2.0) or IPs that name none, every such IP counts.
   */
  public List<Ip> ipsOn(String ifName) {
    List<Ip> out = new ArrayList<>();
    for (Ip ip : ips) {
      Optional<Interface> i = interfaceOf(ip);
      if (i.isEmpty() || (i.get().isInContainer() && i.get().name().equals(ifName))) out.add(ip);
    }
    return out;
  }

  @Override
  public String toString() {
    return "CNI result " + cniVersion + (plugin.isEmpty() ? "" : " of " + plugin) + ": ips " + ips
        + ", interfaces " + interfaces + ", routes " + routes + (dns.isEmpty() ? "" : ", dns " + dns);
  }
}
