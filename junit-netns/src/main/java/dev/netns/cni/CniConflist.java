package dev.netns.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netns.ExecResult;
import dev.netns.Netns;
import dev.netns.NetnsException;
import dev.netns.internal.spi.NamespacePort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A network configuration list ({@code .conflist}) run as libcni runs it: ADD calls each plugin in
 * order, giving it {@code name} and {@code cniVersion} of the list and the previous plugin's result
 * as {@code prevResult}; CHECK calls each in order with the final result as {@code prevResult};
 * DEL calls each in reverse order (with the final result as {@code prevResult} for 0.4.0 and
 * later). Immutable; the {@code with...} options are those of {@link CniPlugin}.
 *
 * <pre>{@code
 * CniConflist chain = cni.conflist("""
 *     {"cniVersion": "1.0.0", "name": "pods", "plugins": [
 *       {"type": "bridge", "bridge": "cni0", "isGateway": true,
 *        "ipam": {"type": "host-local", "subnet": "10.22.0.0/24", "routes": [{"dst": "0.0.0.0/0"}]}},
 *       {"type": "tuning", "mtu": 1400}]}""");
 * CniResult r = chain.add(pod, "eth0");
 * chain.check(pod, "eth0", r);
 * }</pre>
 */
public final class CniConflist {

  private final Cni cni;
  private final ObjectNode list;
  private final List<String[]> binaries;
  private final Options options;

  CniConflist(Cni cni, ObjectNode list, List<String[]> binaries, Options options) {
    this.cni = cni;
    this.list = list;
    this.binaries = List.copyOf(binaries);
    this.options = options;
  }

  /** The list's {@code name}. */
  public String name() {
    return NetConf.name(list);
  }

  /** The list's {@code cniVersion}. */
  public String cniVersion() {
    return NetConf.version(list);
  }

  /** The plugin types, in the order ADD calls them. */
  public List<String> types() {
    List<String> out = new ArrayList<>();
    for (String[] b : binaries) out.add(b[0]);
    return out;
  }

  /** The list as it was given (re-serialised). */
  public String json() {
    return NetConf.write(list);
  }

  Cni cni() {
    return cni;
  }

  ObjectNode list() {
    return list.deepCopy();
  }

  /** Each plugin as {type, binary path}, in ADD order. */
  List<String[]> binaries() {
    return binaries;
  }

  Options options() {
    return options;
  }

  // ------------------------------------------------------------------ options

  /** See {@link CniPlugin#withContainerId(String)}. */
  public CniConflist withContainerId(String containerId) {
    return new CniConflist(cni, list, binaries, options.withContainerId(containerId));
  }

  /** See {@link CniPlugin#withArgs(String)}. */
  public CniConflist withArgs(String cniArgs) {
    return new CniConflist(cni, list, binaries, options.withArgs(cniArgs));
  }

  /** See {@link CniPlugin#withArg(String, String)}. */
  public CniConflist withArg(String key, String value) {
    return new CniConflist(cni, list, binaries, options.withArg(key, value));
  }

  /** See {@link CniPlugin#withCapabilityArg(String, Object)}: each plugin gets the capabilities it declares. */
  public CniConflist withCapabilityArg(String capability, Object value) {
    return new CniConflist(cni, list, binaries, options.withCapabilityArg(capability, value));
  }

  /** See {@link CniPlugin#withCapabilityArgs(Map)}. */
  public CniConflist withCapabilityArgs(Map<String, ?> capabilityArgs) {
    Options o = options;
    for (Map.Entry<String, ?> e : capabilityArgs.entrySet()) o = o.withCapabilityArg(e.getKey(), e.getValue());
    return new CniConflist(cni, list, binaries, o);
  }

  /** See {@link CniPlugin#withEnv(String, String)}. */
  public CniConflist withEnv(String name, String value) {
    return new CniConflist(cni, list, binaries, options.withEnv(name, value));
  }

  /** See {@link CniPlugin#withTimeout(Duration)}: the limit of each plugin call. */
  public CniConflist withTimeout(Duration timeout) {
    return new CniConflist(cni, list, binaries, options.withTimeout(timeout));
  }

  // ------------------------------------------------------------------ commands

  /**
   * Runs ADD through the chain and returns the last plugin's result. When a plugin fails, the
   * chain stops and its {@link CniException} is thrown; the plugins before it are undone by the
   * best-effort DEL at the end of the test. A DEL of the whole chain runs when the test ends
   * unless {@link #del} ran first.
   */
  public CniResult add(Netns container, String ifName) {
    NamespacePort ctr = cni.requireContainer(container);
    Cni.requireIfName(ifName);
    Session s = cni.session();
    s.host();
    String id = Cni.containerId(ctr, options);
    String key = key(id, ifName);
    List<ObjectNode> confs = new ArrayList<>();
    for (int i = 0; i < binaries.size(); i++) confs.add(pluginConf(i, s));
    String description = "CNI DEL of list " + name() + " " + types() + " for " + ctr.display() + " " + ifName;
    Runnable owedDel = () -> runDel(ctr, ifName, id, confs, s, key);
    return s.addOwingDel(cni.delScope(ctr), key, description, owedDel, () -> {
      CniResult prev = null;
      for (int i = 0; i < binaries.size(); i++) {
        ObjectNode conf = confs.get(i).deepCopy();
        if (prev != null) NetConf.injectPrevResult(conf, prev);
        String stdin = NetConf.write(conf);
        ExecResult r = cni.exec(binaries.get(i)[1], true, options, "ADD", id, ctr.path(), ifName, stdin);
        prev = Results.addResult(r, binaries.get(i)[0], ifName, cniVersion(), stdin);
      }
      return prev;
    });
  }

  /**
   * Runs CHECK through the chain, each plugin with {@code previous} as {@code prevResult}
   * ({@code null}: this test's last ADD result of the list for the container and interface). A
   * list with {@code "disableCheck": true} is not checked, as in libcni.
   */
  public void check(Netns container, String ifName, CniResult previous) {
    NamespacePort ctr = cni.requireContainer(container);
    Cni.requireIfName(ifName);
    if (list.path("disableCheck").asBoolean(false)) return;
    Session s = cni.session();
    String id = Cni.containerId(ctr, options);
    CniResult prev = previous != null ? previous : s.result(key(id, ifName));
    if (prev == null) {
      throw new IllegalArgumentException("CHECK of list " + name() + " for " + ctr.display() + " " + ifName
          + " needs the ADD's result: pass the CniResult that add() returned");
    }
    for (int i = 0; i < binaries.size(); i++) {
      ObjectNode conf = pluginConf(i, s);
      NetConf.injectPrevResult(conf, prev);
      ExecResult r = cni.exec(binaries.get(i)[1], true, options, "CHECK", id, ctr.path(), ifName, NetConf.write(conf));
      Results.noResult(r, binaries.get(i)[0], "CHECK", ifName);
    }
  }

  /**
   * Runs DEL through the chain in reverse order. Every plugin is called even when one fails (so
   * that as much as possible is released); the first failure is thrown with the others suppressed.
   */
  public void del(Netns container, String ifName) {
    NamespacePort ctr = cni.requireContainer(container);
    Cni.requireIfName(ifName);
    Session s = cni.session();
    String id = Cni.containerId(ctr, options);
    String key = key(id, ifName);
    List<ObjectNode> confs = new ArrayList<>();
    for (int i = 0; i < binaries.size(); i++) confs.add(pluginConf(i, s));
    runDel(ctr, ifName, id, confs, s, key);
    s.settled(key);
  }

  private void runDel(NamespacePort ctr, String ifName, String id, List<ObjectNode> confs, Session s, String key) {
    CniResult cached = NetConf.atLeast(cniVersion(), "0.4.0") ? s.result(key) : null;
    NetnsException first = null;
    for (int i = binaries.size() - 1; i >= 0; i--) {
      ObjectNode conf = confs.get(i).deepCopy();
      if (cached != null) NetConf.injectPrevResult(conf, cached);
      try {
        ExecResult r = cni.exec(binaries.get(i)[1], true, options, "DEL", id, ctr.path(), ifName, NetConf.write(conf));
        Results.noResult(r, binaries.get(i)[0], "DEL", ifName);
      } catch (NetnsException e) {
        if (first == null) first = e;
        else first.addSuppressed(e);
      }
    }
    if (first != null) throw first;
  }

  /** Plugin {@code i}'s configuration as libcni builds it: list name and version, dataDir and runtimeConfig injected. */
  private ObjectNode pluginConf(int i, Session s) {
    ObjectNode conf = ((ObjectNode) list.get("plugins").get(i)).deepCopy();
    conf.put("name", name());
    conf.put("cniVersion", cniVersion());
    NetConf.injectDataDir(conf, s::dataDir);
    NetConf.injectRuntimeConfig(conf, options.capabilityArgs());
    return conf;
  }

  private String key(String id, String ifName) {
    return "list\0" + name() + "\0" + String.join(",", types()) + "\0" + id + "\0" + ifName;
  }

  @Override
  public String toString() {
    JsonNode n = list.get("name");
    return "CNI configuration list " + (n == null ? "" : n.asText()) + " " + types();
  }
}
