package dev.netns.cni;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netns.ExecResult;
import java.util.ArrayList;
import java.util.List;

/** Reads a plugin's exit status and output as the CNI specification defines them. */
final class Results {

  private Results() {
  }

  /** The result of a successful ADD: valid JSON, a {@code cniVersion} equal to the configuration's. */
  static CniResult addResult(ExecResult r, String plugin, String ifName, String configVersion, String config) {
    if (!r.isSuccess()) throw failure(r, plugin, "ADD", ifName);
    JsonNode n = tryParse(r.stdout());
    if (n != null && n.isObject() && n.has("code") && !n.has("cniVersion") && n.has("msg")) {
      throw violation("exited with status 0 but printed an error result (an error must exit non-zero): "
          + Json.excerpt(r.stdout()), r, plugin, "ADD", ifName);
    }
    CniResult result;
    try {
      result = CniResult.parse(r.stdout(), r.stderr(), config, plugin);
    } catch (IllegalArgumentException e) {
      throw violation("exited with status 0 but " + e.getMessage(), r, plugin, "ADD", ifName);
    }
    if (!result.cniVersion().equals(configVersion)) {
      throw violation("returned a result of cniVersion \"" + result.cniVersion() + "\" for a configuration of cniVersion \""
          + configVersion + "\"; the result must be in the configuration's version", r, plugin, "ADD", ifName);
    }
    return result;
  }

  /** CHECK and DEL print nothing on success; any output is ignored. */
  static void noResult(ExecResult r, String plugin, String command, String ifName) {
    if (!r.isSuccess()) throw failure(r, plugin, command, ifName);
  }

  static CniVersionInfo versionInfo(ExecResult r, String plugin) {
    JsonNode n = tryParse(r.stdout());
    if (n == null || !n.isObject()) {
      throw violation("answered VERSION without a JSON object: " + Json.excerpt(r.stdout()), r, plugin, "VERSION", "");
    }
    JsonNode v = n.get("cniVersion");
    JsonNode s = n.get("supportedVersions");
    if (v == null || !v.isTextual() || s == null || !s.isArray()) {
      throw violation("answered VERSION without \"cniVersion\" and a \"supportedVersions\" array: "
          + Json.excerpt(r.stdout()), r, plugin, "VERSION", "");
    }
    List<String> versions = new ArrayList<>();
    for (JsonNode x : s) versions.add(x.asText());
    return new CniVersionInfo(v.asText(), versions);
  }

  /** A non-zero exit: the plugin's error result, or a violation when there is none. */
  static CniException failure(ExecResult r, String plugin, String command, String ifName) {
    if (r.exitCode() == -1 && r.stderr().contains("timed out")) {
      return new CniException(CniException.TIMEOUT, "did not finish in time and was killed", "", plugin, command,
          ifName, r.exitCode(), r.stdout(), r.stderr());
    }
    JsonNode n = tryParse(r.stdout());
    if (n != null && n.isObject()) {
      JsonNode code = n.get("code");
      if (code != null && code.isIntegralNumber() && code.canConvertToInt() && code.asInt() >= 0) {
        JsonNode msg = n.get("msg");
        JsonNode details = n.get("details");
        return new CniException(code.asInt(), msg == null || msg.isNull() ? "" : msg.asText(),
            details == null || details.isNull() ? "" : details.asText(), plugin, command, ifName, r.exitCode(),
            r.stdout(), r.stderr());
      }
    }
    String out = r.stdout().isBlank() ? "printed nothing on standard output"
        : "printed no error result (JSON with \"code\" and \"msg\") but: " + Json.excerpt(r.stdout());
    return new CniException(CniException.EXIT_WITHOUT_ERROR_RESULT, "exited with status " + r.exitCode()
        + " and " + out, "", plugin, command, ifName, r.exitCode(), r.stdout(), r.stderr());
  }

  private static CniException violation(String msg, ExecResult r, String plugin, String command, String ifName) {
    return new CniException(CniException.INVALID_RESULT, msg, "", plugin, command, ifName, r.exitCode(), r.stdout(),
        r.stderr());
  }

  private static JsonNode tryParse(String s) {
    if (s == null || s.isBlank()) return null;
    try {
      return Json.MAPPER.readTree(s);
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
