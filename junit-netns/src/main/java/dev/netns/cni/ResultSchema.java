package dev.netns.cni;

import com.fasterxml.jackson.databind.JsonNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The ADD success result of each CNI specification version, as the spec's "Result" section
 * (0.1.0 to 0.4.0) and "Section 5: Result Types" (1.0.0, 1.1.0) describe it: which top-level keys
 * exist and what each field must hold.
 */
final class ResultSchema {

  private static final Set<String> LEGACY_KEYS = Set.of("cniVersion", "ip4", "ip6", "dns");
  private static final Set<String> KEYS = Set.of("cniVersion", "interfaces", "ips", "routes", "dns");

  private ResultSchema() {
  }

  static boolean legacy(String version) {
    return !NetConf.atLeast(version, "0.3.0");
  }

  /** The top-level keys the result of {@code version} may have. */
  static Set<String> keys(String version) {
    return legacy(version) ? LEGACY_KEYS : KEYS;
  }

  /** Every way {@code result} breaks the schema of {@code version} (empty: it is valid). */
  static List<String> problems(JsonNode result, String version) {
    List<String> p = new ArrayList<>();
    if (result == null || !result.isObject()) {
      p.add("the result is not a JSON object");
      return p;
    }
    JsonNode v = result.get("cniVersion");
    if (v == null || !v.isTextual()) p.add("\"cniVersion\" is missing or not a string");
    else if (!v.asText().equals(version)) {
      p.add("\"cniVersion\" is \"" + v.asText() + "\", but the result of a " + version + " configuration is a " + version
          + " result");
    }
    if (legacy(version)) {
      for (String k : List.of("ip4", "ip6")) {
        JsonNode ip = result.get(k);
        if (ip == null) continue;
        if (!ip.isObject()) {
          p.add("\"" + k + "\" is not an object");
          continue;
        }
        cidr(ip.get("ip"), k + ".ip", true, p);
        address(ip.get("gateway"), k + ".gateway", p);
        routes(ip.get("routes"), k + ".routes", version, p);
      }
    } else {
      JsonNode ifs = result.get("interfaces");
      int count = 0;
      if (ifs != null) {
        if (!ifs.isArray()) p.add("\"interfaces\" is not an array");
        else {
          count = ifs.size();
          int i = 0;
          for (JsonNode f : ifs) {
            String at = "interfaces[" + i++ + "]";
            if (!f.isObject()) {
              p.add(at + " is not an object");
              continue;
            }
            JsonNode n = f.get("name");
            if (n == null || !n.isTextual() || n.asText().isEmpty()) p.add(at + ".name is missing or not a string");
            text(f.get("mac"), at + ".mac", p);
            text(f.get("sandbox"), at + ".sandbox", p);
            if (NetConf.atLeast(version, "1.1.0")) {
              integer(f.get("mtu"), at + ".mtu", p);
              text(f.get("socketPath"), at + ".socketPath", p);
              text(f.get("pciID"), at + ".pciID", p);
            }
          }
        }
      }
      JsonNode ips = result.get("ips");
      if (ips != null) {
        if (!ips.isArray()) p.add("\"ips\" is not an array");
        else {
          int i = 0;
          for (JsonNode ip : ips) {
            String at = "ips[" + i++ + "]";
            if (!ip.isObject()) {
              p.add(at + " is not an object");
              continue;
            }
            IPAddress a = cidr(ip.get("address"), at + ".address", true, p);
            address(ip.get("gateway"), at + ".gateway", p);
            JsonNode idx = ip.get("interface");
            if (idx != null && (!idx.isIntegralNumber() || idx.asInt() < 0)) {
              p.add(at + ".interface is " + idx + ", not a non-negative integer index");
            } else if (idx != null && idx.asInt() >= count) {
              p.add(at + ".interface is " + idx.asInt() + ", but \"interfaces\" has " + count + " entries");
            }
            if (!NetConf.atLeast(version, "1.0.0")) {
              // 0.3.x and 0.4.0 name the family; 1.0.0 dropped the field
              JsonNode fam = ip.get("version");
              if (fam == null || !fam.isTextual() || !(fam.asText().equals("4") || fam.asText().equals("6"))) {
                p.add(at + ".version is " + fam + ", but a " + version + " result needs \"4\" or \"6\"");
              } else if (a != null && !fam.asText().equals(a.isIPv6() ? "6" : "4")) {
                p.add(at + ".version is \"" + fam.asText() + "\" for the address " + a);
              }
            }
          }
        }
      }
      routes(result.get("routes"), "routes", version, p);
    }
    JsonNode dns = result.get("dns");
    if (dns != null) {
      if (!dns.isObject()) p.add("\"dns\" is not an object");
      else {
        strings(dns.get("nameservers"), "dns.nameservers", p);
        text(dns.get("domain"), "dns.domain", p);
        strings(dns.get("search"), "dns.search", p);
        strings(dns.get("options"), "dns.options", p);
      }
    }
    return p;
  }

  /** Top-level keys the schema of {@code version} does not have. */
  static List<String> unknownKeys(JsonNode result, String version) {
    List<String> out = new ArrayList<>();
    if (result == null || !result.isObject()) return out;
    Set<String> allowed = keys(version);
    for (Iterator<String> it = result.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) out.add(k);
    }
    return out;
  }

  private static void routes(JsonNode routes, String at, String version, List<String> p) {
    if (routes == null) return;
    if (!routes.isArray()) {
      p.add("\"" + at + "\" is not an array");
      return;
    }
    int i = 0;
    for (JsonNode r : routes) {
      String here = at + "[" + i++ + "]";
      if (!r.isObject()) {
        p.add(here + " is not an object");
        continue;
      }
      cidr(r.get("dst"), here + ".dst", true, p);
      address(r.get("gw"), here + ".gw", p);
      if (NetConf.atLeast(version, "1.1.0")) {
        for (String k : List.of("mtu", "advmss", "priority", "table")) integer(r.get(k), here + "." + k, p);
        if (r.has("scope")) integer(r.get("scope"), here + ".scope", p);
      }
    }
  }

  private static IPAddress cidr(JsonNode n, String at, boolean required, List<String> p) {
    if (n == null) {
      if (required) p.add(at + " is missing");
      return null;
    }
    if (!n.isTextual() || !n.asText().contains("/")) {
      p.add(at + " is " + n + ", not an address with a prefix length (CIDR)");
      return null;
    }
    IPAddress a = new IPAddressString(n.asText()).getAddress();
    if (a == null) p.add(at + " is \"" + n.asText() + "\", not a valid CIDR");
    return a;
  }

  private static void address(JsonNode n, String at, List<String> p) {
    if (n == null) return;
    if (!n.isTextual() || n.asText().contains("/") || new IPAddressString(n.asText()).getAddress() == null) {
      p.add(at + " is " + n + ", not an IP address");
    }
  }

  private static void text(JsonNode n, String at, List<String> p) {
    if (n != null && !n.isTextual()) p.add(at + " is " + n + ", not a string");
  }

  private static void integer(JsonNode n, String at, List<String> p) {
    if (n != null && !n.isIntegralNumber()) p.add(at + " is " + n + ", not an integer");
  }

  private static void strings(JsonNode n, String at, List<String> p) {
    if (n == null) return;
    if (!n.isArray()) {
      p.add(at + " is not an array of strings");
      return;
    }
    for (JsonNode x : n) {
      if (!x.isTextual()) {
        p.add(at + " holds " + x + ", not a string");
        return;
      }
    }
  }
}
