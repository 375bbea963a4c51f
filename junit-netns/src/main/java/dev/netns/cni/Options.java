package dev.netns.cni;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a runtime calls a plugin, beyond the configuration: container ID, {@code CNI_ARGS},
 * capability arguments, extra environment and the timeout. Immutable.
 *
 * @param containerId    {@code null} = derived from the container namespace
 * @param args           {@code CNI_ARGS}, e.g. {@code IgnoreUnknown=1;K8S_POD_NAME=web}
 * @param capabilityArgs injected as {@code runtimeConfig} for capabilities the plugin declares
 * @param env            extra environment, applied after the CNI variables
 */
record Options(String containerId, String args, Map<String, Object> capabilityArgs, Map<String, String> env,
               Duration timeout) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  static final Options DEFAULT = new Options(null, "", Map.of(), Map.of(), DEFAULT_TIMEOUT);

  Options {
    capabilityArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(capabilityArgs));
    env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }

  Options withContainerId(String id) {
    Objects.requireNonNull(id, "container ID");
    if (id.isEmpty() || id.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("container ID \"" + id + "\" is not usable: it must be non-empty and"
          + " free of NUL characters (runtimes use letters, digits and _ . -)");
    }
    return new Options(id, args, capabilityArgs, env, timeout);
  }

  Options withArgs(String cniArgs) {
    Objects.requireNonNull(cniArgs, "CNI_ARGS");
    if (!cniArgs.isEmpty()) {
      for (String pair : cniArgs.split(";", -1)) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("CNI_ARGS \"" + cniArgs + "\" has the entry \"" + pair
              + "\", which is not KEY=VALUE; write e.g. \"IgnoreUnknown=1;K8S_POD_NAME=web\"");
        }
      }
    }
    if (cniArgs.indexOf('\0') >= 0) throw new IllegalArgumentException("CNI_ARGS must not contain NUL characters");
    return new Options(containerId, cniArgs, capabilityArgs, env, timeout);
  }

  Options withArg(String key, String value) {
    Objects.requireNonNull(key, "CNI_ARGS key");
    Objects.requireNonNull(value, "CNI_ARGS value");
    if (key.isEmpty() || key.contains("=") || key.contains(";") || value.contains(";")) {
      throw new IllegalArgumentException("CNI_ARGS entry \"" + key + "=" + value
          + "\" is not valid: the key must be non-empty without '=' or ';', the value without ';'");
    }
    return withArgs(args.isEmpty() ? key + "=" + value : args + ";" + key + "=" + value);
  }

  Options withCapabilityArg(String capability, Object value) {
    Objects.requireNonNull(capability, "capability");
    Objects.requireNonNull(value, "value of capability " + capability);
    if (capability.isBlank()) throw new IllegalArgumentException("capability name is blank; e.g. \"portMappings\" or \"mac\"");
    Map<String, Object> m = new LinkedHashMap<>(capabilityArgs);
    m.put(capability, value);
    return new Options(containerId, args, m, env, timeout);
  }

  Options withEnv(String name, String value) {
    Objects.requireNonNull(name, "environment variable name");
    Objects.requireNonNull(value, "value of environment variable " + name);
    if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("environment variable \"" + name
          + "\" is not valid: the name must be non-empty without '=', name and value without NUL");
    }
    Map<String, String> m = new LinkedHashMap<>(env);
    m.put(name, value);
    return new Options(containerId, args, capabilityArgs, m, timeout);
  }

  Options withTimeout(Duration t) {
    if (t == null || t.isZero() || t.isNegative()) {
      throw new IllegalArgumentException("plugin timeout must be positive, got " + t);
    }
    return new Options(containerId, args, capabilityArgs, env, t);
  }
}
