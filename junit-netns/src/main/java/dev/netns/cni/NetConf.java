package dev.netns.cni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Validation of network configurations and the injections a runtime makes into them (as libcni does). */
final class NetConf {

  private static final Pattern VERSION = Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)");

  private NetConf() {
  }

  /**
   * Parses the configuration of one plugin: a JSON object with a {@code cniVersion} such as
   * {@code "1.0.0"}. {@code type} is not required (the plugin is chosen by the caller).
   */
  static ObjectNode parsePlugin(String json, String what) {
    ObjectNode o = object(json, what);
    requireVersion(o, what);
    JsonNode type = o.get("type");
    if (type != null && !type.isTextual()) {
      throw new IllegalArgumentException(what + ": \"type\" must be a string (the plugin's binary name), got " + type);
    }
    return o;
  }

  /**
   * Parses a configuration list ({@code .conflist}): {@code cniVersion}, {@code name} and a
   * non-empty {@code plugins} array of objects, each with a {@code type}.
   */
  static ObjectNode parseList(String json) {
    String what = "CNI configuration list";
    ObjectNode o = object(json, what);
    requireVersion(o, what);
    JsonNode name = o.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      throw new IllegalArgumentException(what + " has no \"name\" (a non-empty string is required): " + Json.excerpt(json));
    }
    JsonNode plugins = o.get("plugins");
    if (plugins == null || !plugins.isArray() || plugins.isEmpty()) {
      throw new IllegalArgumentException(what + " \"" + name.asText() + "\" needs a non-empty \"plugins\" array"
          + (plugins == null ? "" : ", got " + Json.excerpt(plugins.toString()))
          + (o.has("type") ? " (this looks like a single plugin's configuration: use cni.plugin(type) for it)" : ""));
    }
    int i = 0;
    for (JsonNode p : plugins) {
      if (!p.isObject()) {
        throw new IllegalArgumentException(what + " \"" + name.asText() + "\": plugins[" + i + "] is not an object: " + p);
      }
      JsonNode type = p.get("type");
      if (type == null || !type.isTextual() || type.asText().isBlank()) {
        throw new IllegalArgumentException(what + " \"" + name.asText() + "\": plugins[" + i
            + "] has no \"type\" (the plugin's binary name): " + Json.excerpt(p.toString()));
      }
      i++;
    }
    return o;
  }

  private static ObjectNode object(String json, String what) {
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException(what + " is empty; expected a JSON object with at least \"cniVersion\"");
    }
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON (" + Json.firstLine(e.getOriginalMessage())
          + "): " + Json.excerpt(json), e);
    }
    if (!(n instanceof ObjectNode o)) {
      throw new IllegalArgumentException(what + " must be a JSON object, got: " + Json.excerpt(json));
    }
    return o;
  }

  private static void requireVersion(ObjectNode o, String what) {
    JsonNode v = o.get("cniVersion");
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(what + " has no \"cniVersion\"; a runtime always sends one, e.g."
          + " \"cniVersion\": \"1.0.0\" (also \"0.4.0\", \"0.3.1\"): " + Json.excerpt(o.toString()));
    }
    if (!v.isTextual() || !VERSION.matcher(v.asText()).matches()) {
      throw new IllegalArgumentException(what + ": \"cniVersion\" is " + v
          + ", but it must be a version string of the form major.minor.patch such as \"1.0.0\"");
    }
  }

  static String version(ObjectNode o) {
    return o.path("cniVersion").asText();
  }

  static String name(ObjectNode o) {
    JsonNode n = o.get("name");
    return n != null && n.isTextual() ? n.asText() : "";
  }

  /** Whether version {@code v} is at least {@code min} (both major.minor.patch). */
  static boolean atLeast(String v, String min) {
    int[] a = parts(v);
    int[] b = parts(min);
    for (int i = 0; i < 3; i++) {
      if (a[i] != b[i]) return a[i] > b[i];
    }
    return true;
  }

  private static int[] parts(String v) {
    if (v == null || !VERSION.matcher(v).matches()) return new int[] {0, 0, 0};
    String[] p = v.split("\\.");
    return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
  }

  /**
   * Gives a {@code host-local} IPAM section without {@code dataDir} the per-test directory, so
   * that no lease outlives the test. Returns whether the configuration changed.
   */
  static boolean injectDataDir(ObjectNode conf, Supplier<String> dataDir) {
    JsonNode ipam = conf.get("ipam");
    if (!(ipam instanceof ObjectNode i)) return false;
    if (!"host-local".equals(i.path("type").asText(null))) return false;
    if (i.has("dataDir")) return false;
    i.put("dataDir", dataDir.get());
    return true;
  }

  /**
   * Adds {@code runtimeConfig} entries for the capabilities the plugin declares
   * ({@code "capabilities": {"portMappings": true}}) and the caller supplied, as libcni does.
   * Entries already in the configuration's {@code runtimeConfig} are kept unless supplied again.
   */
  static boolean injectRuntimeConfig(ObjectNode conf, Map<String, Object> capabilityArgs) {
    if (capabilityArgs.isEmpty()) return false;
    JsonNode caps = conf.get("capabilities");
    if (caps == null || !caps.isObject()) return false;
    ObjectNode rc = null;
    for (Map.Entry<String, Object> e : capabilityArgs.entrySet()) {
      JsonNode declared = caps.get(e.getKey());
      if (declared == null || !declared.asBoolean(false)) continue;
      if (rc == null) {
        JsonNode existing = conf.get("runtimeConfig");
        rc = existing instanceof ObjectNode ex ? ex : conf.putObject("runtimeConfig");
      }
      rc.set(e.getKey(), Json.MAPPER.valueToTree(e.getValue()));
    }
    return rc != null;
  }

  /** Sets {@code prevResult} (parsed from a result's JSON). */
  static void injectPrevResult(ObjectNode conf, CniResult previous) {
    try {
      conf.set("prevResult", Json.MAPPER.readTree(previous.json()));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the previous result is not JSON: " + Json.excerpt(previous.json()), e);
    }
  }

  static String write(JsonNode n) {
    try {
      return Json.MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }
}
