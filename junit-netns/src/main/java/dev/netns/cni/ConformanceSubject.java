package dev.netns.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netns.NetnsException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the conformance kit holds to the specification: one plugin with its configuration, or a
 * configuration list (a chain of plugins), validated once, before any check runs.
 */
final class ConformanceSubject {

  /** One plugin of the chain: its type, its binary on the target, and its configuration as the list gives it. */
  record Step(String type, String binary, boolean found, ObjectNode conf) {
  }

  final Cni cni;
  final Options options;
  final List<Step> steps;
  final String version;
  final String name;
  final boolean isList;
  final String description;

  private ConformanceSubject(Cni cni, Options options, List<Step> steps, String version, String name, boolean isList,
                             String description) {
    this.cni = cni;
    this.options = options;
    this.steps = List.copyOf(steps);
    this.version = version;
    this.name = name;
    this.isList = isList;
    this.description = description;
  }

  static ConformanceSubject of(CniPlugin plugin, String configJson) {
    if (plugin == null) throw new IllegalArgumentException("the plugin to hold to the CNI specification is null");
    String what = "CNI configuration for the conformance kit (plugin " + plugin.type() + ")";
    ObjectNode conf = NetConf.parsePlugin(configJson, what);
    if (conf.has("plugins") && !conf.has("type")) {
      throw new IllegalArgumentException(what + " is a configuration list (it has \"plugins\"): use"
          + " CniConformance.of(cni.conflist(json)) for it");
    }
    requireText(conf, "type", what, "the plugin's binary name, e.g. \"ptp\"");
    requireText(conf, "name", what, "the network's name, e.g. \"podnet\"");
    Cni cni = plugin.cni();
    String type = conf.get("type").asText();
    if (!type.equals(plugin.type())) {
      // a wrapper or a renamed build runs with a configuration naming the real type; that type must exist too
      requireFound(cni, plugin.path(), plugin.found(), type, what + ": \"type\"");
    }
    requireIpam(cni, plugin.path(), plugin.found(), conf, what);
    Step step = new Step(plugin.type(), plugin.path(), plugin.found(), conf);
    return new ConformanceSubject(cni, plugin.options(), List.of(step), NetConf.version(conf), NetConf.name(conf), false,
        plugin.type() + " (" + plugin.path() + ")");
  }

  static ConformanceSubject of(CniConflist list) {
    if (list == null) throw new IllegalArgumentException("the configuration list to hold to the CNI specification is null");
    ObjectNode json = list.list();
    List<Step> steps = new ArrayList<>();
    int i = 0;
    for (String[] b : list.binaries()) {
      ObjectNode conf = ((ObjectNode) json.get("plugins").get(i)).deepCopy();
      conf.put("name", list.name());
      conf.put("cniVersion", list.cniVersion());
      requireIpam(list.cni(), b[1], true, conf, "CNI configuration list \"" + list.name() + "\", plugins[" + i + "]");
      steps.add(new Step(b[0], b[1], true, conf));
      i++;
    }
    return new ConformanceSubject(list.cni(), list.options(), steps, list.cniVersion(), list.name(), true,
        "list " + list.name() + " " + list.types());
  }

  private static void requireText(ObjectNode conf, String field, String what, String example) {
    JsonNode n = conf.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new IllegalArgumentException(what + " has no \"" + field + "\" (" + example + ", a non-empty string is required): "
          + Json.excerpt(conf.toString()));
    }
  }

  private static void requireIpam(Cni cni, String binary, boolean found, ObjectNode conf, String what) {
    JsonNode ipam = conf.get("ipam");
    if (ipam == null) return;
    if (!ipam.isObject()) throw new IllegalArgumentException(what + ": \"ipam\" must be an object, got " + ipam);
    JsonNode t = ipam.get("type");
    if (t == null || !t.isTextual() || t.asText().isBlank()) {
      throw new IllegalArgumentException(what + ": \"ipam\" has no \"type\" (the IPAM plugin's binary name, e.g. \"host-local\")");
    }
    requireFound(cni, binary, found, t.asText(), what + ": \"ipam.type\"");
  }

  /** The plugin must be on the {@code CNI_PATH} the plugin is given, or the kit would report the harness's mistake as the plugin's. */
  private static void requireFound(Cni cni, String binary, boolean found, String type, String what) {
    if (!type.matches("[A-Za-z0-9][A-Za-z0-9_.+-]*")) {
      throw new IllegalArgumentException(what + " \"" + type + "\" is not a plugin binary name (letters, digits, _ . + -)");
    }
    List<String> dirs = List.of(cni.cniPathFor(binary, found).split(":"));
    try {
      for (String d : dirs) {
        if (cni.session().files.isExecutableFile(d + "/" + type)) return;
      }
    } catch (NetnsException e) {
      throw new IllegalArgumentException(what + " \"" + type + "\": cannot look for the plugin: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(what + " names plugin \"" + type + "\", which cannot be found on the "
        + cni.target().describe() + " in " + dirs);
  }

  /** Whether some plugin of the chain allocates addresses with host-local (then leases can be inspected). */
  boolean usesHostLocal() {
    for (Step s : steps) {
      if ("host-local".equals(s.conf().path("ipam").path("type").asText(null))) return true;
    }
    return false;
  }
}
