package dev.netns.cni;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netns.ExecResult;
import dev.netns.Netns;
import dev.netns.internal.spi.NamespacePort;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One CNI plugin binary on the target, called as a runtime calls it. Immutable: the
 * {@code with...} methods return a new plugin with that option.
 *
 * <pre>{@code
 * CniPlugin tuning = cni.plugin("tuning")
 *     .withContainerId("pod-123")
 *     .withArgs("IgnoreUnknown=1;K8S_POD_NAME=web")
 *     .withCapabilityArg("mac", "c2:11:22:33:44:55");
 * }</pre>
 *
 * <p>Before a configuration goes to the plugin, the harness makes the injections a runtime makes:
 * a {@code host-local} {@code ipam} without {@code dataDir} gets the per-test directory,
 * capability arguments become {@code runtimeConfig} entries for the capabilities the
 * configuration declares, and CHECK (always) and DEL (for 0.4.0 and later, when the ADD's result
 * is known) get {@code prevResult}. A configuration that needs no injection is sent byte for byte.
 */
public final class CniPlugin {

  private final Cni cni;
  private final String type;
  private final String path;
  private final boolean found;
  private final Options options;

  CniPlugin(Cni cni, String type, String path, boolean found, Options options) {
    this.cni = cni;
    this.type = type;
    this.path = path;
    this.found = found;
    this.options = options;
  }

  /** The plugin's type: the binary's file name, e.g. {@code bridge}. */
  public String type() {
    return type;
  }

  /** The binary's path on the target, e.g. {@code /usr/lib/cni/bridge}. */
  public String path() {
    return path;
  }

  Cni cni() {
    return cni;
  }

  boolean found() {
    return found;
  }

  Options options() {
    return options;
  }

  // ------------------------------------------------------------------ options

  /** Uses this {@code CNI_CONTAINERID} instead of the one derived from the container namespace's name. */
  public CniPlugin withContainerId(String containerId) {
    return new CniPlugin(cni, type, path, found, options.withContainerId(containerId));
  }

  /** Sets {@code CNI_ARGS}, e.g. {@code "IgnoreUnknown=1;K8S_POD_NAMESPACE=default"} ({@code ""} = none). */
  public CniPlugin withArgs(String cniArgs) {
    return new CniPlugin(cni, type, path, found, options.withArgs(cniArgs));
  }

  /** Appends {@code key=value} to {@code CNI_ARGS}. */
  public CniPlugin withArg(String key, String value) {
    return new CniPlugin(cni, type, path, found, options.withArg(key, value));
  }

  /**
   * Supplies a capability argument, e.g. {@code ("portMappings", List.of(Map.of("hostPort", 8080,
   * "containerPort", 80, "protocol", "tcp")))} or {@code ("mac", "c2:11:22:33:44:55")}. As libcni
   * does, it reaches the plugin as {@code runtimeConfig.<capability>} only when the configuration
   * declares {@code "capabilities": {"<capability>": true}}. Values become JSON (maps, lists,
   * strings, numbers, booleans).
   */
  public CniPlugin withCapabilityArg(String capability, Object value) {
    return new CniPlugin(cni, type, path, found, options.withCapabilityArg(capability, value));
  }

  /** Supplies several capability arguments, see {@link #withCapabilityArg(String, Object)}. */
  public CniPlugin withCapabilityArgs(Map<String, ?> capabilityArgs) {
    Options o = options;
    for (Map.Entry<String, ?> e : capabilityArgs.entrySet()) o = o.withCapabilityArg(e.getKey(), e.getValue());
    return new CniPlugin(cni, type, path, found, o);
  }

  /**
   * Adds an environment variable for the plugin process. It is applied after the CNI variables,
   * so it can also replace one of them (e.g. to see how the plugin handles a bad {@code CNI_NETNS}).
   */
  public CniPlugin withEnv(String name, String value) {
    return new CniPlugin(cni, type, path, found, options.withEnv(name, value));
  }

  /** How long one call may take before the plugin is killed (default 60 s); a timeout is a {@link CniException}. */
  public CniPlugin withTimeout(Duration timeout) {
    return new CniPlugin(cni, type, path, found, options.withTimeout(timeout));
  }

  // ------------------------------------------------------------------ commands

  /**
   * Runs ADD: attaches {@code container} as interface {@code ifName}. A DEL for it runs when the
   * test ends unless {@link #del} ran for the same container, interface and network first.
   *
   * @param configJson the network configuration (must have {@code cniVersion})
   * @return the parsed result
   * @throws CniException when the plugin reports an error or breaks the specification
   * @throws IllegalArgumentException when the configuration is not valid JSON or has no {@code cniVersion}
   */
  public CniResult add(Netns container, String ifName, String configJson) {
    NamespacePort ctr = cni.requireContainer(container);
    Cni.requireIfName(ifName);
    ObjectNode conf = parse(configJson);
    Session s = cni.session();
    s.host();
    boolean changed = NetConf.injectDataDir(conf, s::dataDir);
    changed |= NetConf.injectRuntimeConfig(conf, options.capabilityArgs());
    String stdin = changed ? NetConf.write(conf) : configJson;
    String id = Cni.containerId(ctr, options);
    String key = key(id, ifName, conf);
    String version = NetConf.version(conf);
    ObjectNode delConf = conf.deepCopy();
    delConf.remove("prevResult");
    String description = "CNI DEL " + type + " for " + ctr.display() + " " + ifName;
    Runnable owedDel = () -> runDel(ctr, ifName, id, delConf.deepCopy(), key);
    ExecResult r = cni.exec(path, found, options, "ADD", id, ctr.path(), ifName, stdin);
    return s.addOwingDel(cni.delScope(ctr), key, description, owedDel,
        () -> Results.addResult(r, type, ifName, version, stdin));
  }

  /**
   * Runs CHECK with {@code previous} as {@code prevResult} ({@code null}: the result of this test's
   * last ADD for the same container, interface and network; or the configuration's own
   * {@code prevResult}). Configurations older than 0.4.0 are passed on too: the plugin is expected
   * to refuse them.
   *
   * @throws CniException when the plugin reports that the container's network is not as it should be
   */
  public void check(Netns container, String ifName, String configJson, CniResult previous) {
    NamespacePort ctr = cni.requireContainer(container);
    Cni.requireIfName(ifName);
    ObjectNode conf = parse(configJson);
    Session s = cni.session();
    NetConf.injectDataDir(conf, s::dataDir);
    NetConf.injectRuntimeConfig(conf, options.capabilityArgs());
    String id = Cni.containerId(ctr, options);
    CniResult prev = previous != null ? previous : s.result(key(id, ifName, conf));
    if (prev != null) {
      NetConf.injectPrevResult(conf, prev);
    } else if (!conf.has("prevResult")) {
      throw new IllegalArgumentException("CHECK of " + type + " for " + ctr.display() + " " + ifName
          + " needs the ADD's result as prevResult: pass the CniResult that add() returned (no ADD for container ID \""
          + id + "\", interface " + ifName + " and network \"" + NetConf.name(conf) + "\" ran in this test)");
    }
    ExecResult r = cni.exec(path, found, options, "CHECK", id, ctr.path(), ifName, NetConf.write(conf));
    Results.noResult(r, type, "CHECK", ifName);
  }

  /**
   * Runs DEL: detaches {@code container}'s interface {@code ifName}. For configurations of 0.4.0
   * and later without {@code prevResult}, the result of this test's ADD (same container,
   * interface and network, same version) is injected as libcni does. After a successful DEL, no
   * DEL is run for that ADD at the end of the test.
   *
   * @throws CniException when the plugin reports an error (DEL should succeed even when the
   *     resources are already gone)
   */
  public void del(Netns container, String ifName, String configJson) {
    NamespacePort ctr = cni.requireContainer(container);
    Cni.requireIfName(ifName);
    ObjectNode conf = parse(configJson);
    Session s = cni.session();
    boolean changed = NetConf.injectDataDir(conf, s::dataDir);
    changed |= NetConf.injectRuntimeConfig(conf, options.capabilityArgs());
    String id = Cni.containerId(ctr, options);
    String key = key(id, ifName, conf);
    if (!conf.has("prevResult") && injectCached(conf, s, key)) changed = true;
    String stdin = changed ? NetConf.write(conf) : configJson;
    ExecResult r = cni.exec(path, found, options, "DEL", id, ctr.path(), ifName, stdin);
    Results.noResult(r, type, "DEL", ifName);
    s.settled(key);
  }

  /** Runs VERSION: the spec versions the plugin supports. */
  public CniVersionInfo version() {
    return cni.version(type, path, options);
  }

  private void runDel(NamespacePort ctr, String ifName, String id, ObjectNode conf, String key) {
    Session s = cni.session();
    injectCached(conf, s, key);
    ExecResult r = cni.exec(path, found, options, "DEL", id, ctr.path(), ifName, NetConf.write(conf));
    Results.noResult(r, type, "DEL", ifName);
  }

  /** libcni gives DEL the cached ADD result for 0.4.0 and later. */
  private static boolean injectCached(ObjectNode conf, Session s, String key) {
    String version = NetConf.version(conf);
    if (!NetConf.atLeast(version, "0.4.0")) return false;
    CniResult cached = s.result(key);
    if (cached == null || !cached.cniVersion().equals(version)) return false;
    NetConf.injectPrevResult(conf, cached);
    return true;
  }

  private ObjectNode parse(String configJson) {
    ObjectNode conf = NetConf.parsePlugin(configJson, "CNI configuration for plugin " + type);
    if (conf.has("plugins") && !conf.has("type")) {
      throw new IllegalArgumentException("the configuration given to plugin " + type + " is a configuration list"
          + " (it has \"plugins\"); run it with cni.conflist(json)");
    }
    // "type" is not compared with the plugin: an IPAM plugin such as host-local receives its
    // parent's configuration (type "bridge", "ptp", ...), exactly as here
    return conf;
  }

  private String key(String id, String ifName, ObjectNode conf) {
    return "plugin\0" + path + "\0" + id + "\0" + ifName + "\0" + NetConf.name(conf);
  }

  @Override
  public String toString() {
    return "CNI plugin " + type + " (" + path + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CniPlugin p && p.path.equals(path) && p.options.equals(options) && p.cni == cni;
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, options);
  }
}
