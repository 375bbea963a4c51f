package dev.netns.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netns.ExecResult;
import dev.netns.Netns;
import dev.netns.NetnsException;
import dev.netns.Target;
import dev.netns.internal.spi.CleanupScope;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.spi.NamespacePort;
import dev.netns.internal.spi.TargetPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs real CNI plugin binaries against a test's namespaces, the way a container runtime does
 * (CNI specification 1.0.0, and 0.1.0 to 0.4.0 configurations): {@code CNI_COMMAND},
 * {@code CNI_CONTAINERID}, {@code CNI_NETNS}, {@code CNI_IFNAME}, {@code CNI_ARGS} and
 * {@code CNI_PATH} in the environment, the network configuration on standard input, the result or
 * error as JSON on standard output. The plugin process runs in the target's host side (the
 * per-test stand-in namespace on the local kernel, the node's own namespace on a kind node), never
 * in the machine's own namespace.
 *
 * <p>Injected into a test parameter or field of this type without an annotation, bound to the
 * test's target and fixture scope (a static field: the test class).
 *
 * <pre>{@code
 * @NetnsTest
 * class PtpTest {
 *   @Test
 *   void addCheckDel(Cni cni, @NetNamespace("pod") Netns pod) {
 *     String conf = """
 *         {"cniVersion": "1.0.0", "name": "mynet", "type": "ptp",
 *          "ipam": {"type": "host-local", "subnet": "10.1.2.0/24"}}""";
 *     CniPlugin ptp = cni.plugin("ptp");
 *     CniResult r = ptp.add(pod, "eth0", conf);
 *     assertEquals("10.1.2.2/24", r.ips().get(0).address());
 *     ptp.check(pod, "eth0", conf, r);
 *   } // DEL runs here for the ADD, then the namespaces and the IPAM directory go
 * }
 * }</pre>
 *
 * <p>What the harness does for isolation between tests:
 * <ul>
 *   <li>A {@code host-local} {@code ipam} section without {@code dataDir} gets a per-test directory
 *       (see {@link #dataDir()}), removed after the test: no lease outlives it.</li>
 *   <li>The container ID is the container namespace's name (unique per test and run) unless set
 *       with {@link CniPlugin#withContainerId(String)}.</li>
 *   <li>Every successful ADD is followed by a DEL when the test ends (also when it failed), before
 *       the namespaces are deleted, unless the test ran DEL itself. A failed ADD gets a
 *       best-effort DEL (as runtimes do), whose failure is only logged.</li>
 * </ul>
 */
public final class Cni {

  /** Searched after {@code CNI_PATH}, in this order. */
  public static final List<String> DEFAULT_PLUGIN_DIRS = List.of("/opt/cni/bin", "/usr/lib/cni");

  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]*");

  private final Target target;
  /** The same object as {@link #target}, through the SPI: the harness's only way to the target. */
  private final TargetPort port;
  private final List<String> extraDirs;

  private Cni(Target target, TargetPort port, List<String> extraDirs) {
    this.target = target;
    this.port = port;
    this.extraDirs = List.copyOf(extraDirs);
  }

  /**
   * The harness for a test's target (the {@link Target} the extension injects); the extension
   * calls this to inject {@code Cni}.
   *
   * @throws IllegalArgumentException when {@code target} is not one the extension made
   */
  public static Cni forTarget(Target target) {
    Objects.requireNonNull(target, "target");
    if (!(target instanceof TargetPort port)) {
      throw new IllegalArgumentException("Cni.forTarget needs the Target that junit-netns injects, not "
          + target.getClass().getName());
    }
    return new Cni(target, port, List.of());
  }

  /** The target the plugins run on. */
  public Target target() {
    return target;
  }

  /**
   * A harness that looks for plugins in {@code dirs} (on the target) first, before
   * {@code CNI_PATH}, {@code /opt/cni/bin} and {@code /usr/lib/cni}; the directories are also
   * passed to plugins in {@code CNI_PATH}, so a chain or a delegated IPAM plugin finds a freshly
   * built binary there.
   */
  public Cni withSearchPath(String... dirs) {
    List<String> all = new ArrayList<>(extraDirs);
    for (String d : dirs) all.add(requireDir(d));
    return new Cni(target, port, all);
  }

  /**
   * The directories searched for plugins, in order: those given to {@link #withSearchPath},
   * the JVM's {@code CNI_PATH} (colon-separated), {@code /opt/cni/bin}, {@code /usr/lib/cni}.
   */
  public List<String> searchPath() {
    Set<String> dirs = new LinkedHashSet<>(extraDirs);
    String env = System.getenv("CNI_PATH");
    if (env != null) {
      for (String d : env.split(":")) {
        if (!d.isBlank()) dirs.add(Path.of(d.strip()).toAbsolutePath().normalize().toString());
      }
    }
    dirs.addAll(DEFAULT_PLUGIN_DIRS);
    return List.copyOf(dirs);
  }

  /**
   * The plugin of that type, found on the target as {@code <dir>/<type>} in {@link #searchPath()}.
   *
   * @throws IllegalArgumentException when {@code type} is not a plain file name
   * @throws NetnsException naming every directory searched when no executable was found
   */
  public CniPlugin plugin(String type) {
    return new CniPlugin(this, requireType(type), resolve(type), true, Options.DEFAULT);
  }

  /**
   * The plugin binary at {@code binary} on the target (e.g. the one your build just produced);
   * its type is the file name. The binary's directory is put first in the plugin's {@code CNI_PATH}.
   *
   * @throws NetnsException when the path is not an executable file
   */
  public CniPlugin pluginAt(Path binary) {
    Objects.requireNonNull(binary, "plugin binary path");
    return pluginAt(binary.toString());
  }

  /** Same as {@link #pluginAt(Path)}, with the path as the target sees it. */
  public CniPlugin pluginAt(String binary) {
    Objects.requireNonNull(binary, "plugin binary path");
    if (binary.isBlank()) throw new IllegalArgumentException("plugin binary path is empty");
    String path = binary.startsWith("/") ? binary : Path.of(binary).toAbsolutePath().normalize().toString();
    if (!session().files.isExecutableFile(path)) {
      throw new NetnsException("CNI plugin binary " + path + " is not an executable file on the " + target.describe()
          + " (does it exist, and is its mode executable? chmod +x " + path + ")");
    }
    String type = path.substring(path.lastIndexOf('/') + 1);
    return new CniPlugin(this, type, path, false, Options.DEFAULT);
  }

  /**
   * A network configuration list ({@code .conflist}): its plugins run in order on ADD, each
   * getting the previous one's result as {@code prevResult}, and in reverse order on DEL, as
   * libcni does. Every plugin type is looked up now.
   *
   * @throws IllegalArgumentException when the JSON is not a valid list (no {@code cniVersion},
   *     no {@code name}, no or empty {@code plugins}, a plugin without {@code type})
   */
  public CniConflist conflist(String json) {
    ObjectNode list = NetConf.parseList(json);
    List<String[]> binaries = new ArrayList<>();
    for (JsonNode p : list.get("plugins")) {
      String type = requireType(p.get("type").asText());
      binaries.add(new String[] {type, resolve(type)});
    }
    return new CniConflist(this, list, binaries, Options.DEFAULT);
  }

  /**
   * The per-test directory that {@code host-local} IPAM sections without {@code dataDir} get
   * (created now if needed), on the target: leases of network {@code N} are files in
   * {@code <dataDir>/N}. Removed after the test, after the DELs.
   */
  public String dataDir() {
    return session().dataDir();
  }

  /**
   * The addresses {@code host-local} currently holds for network {@code network} in the per-test
   * {@link #dataDir()}, e.g. {@code [10.1.2.2]}: empty after a clean DEL.
   */
  public List<String> leases(String network) {
    Objects.requireNonNull(network, "network name");
    if (network.isEmpty() || network.contains("/") || network.equals("..") || network.equals(".")) {
      throw new IllegalArgumentException("network name \"" + network + "\" is not a plain name");
    }
    String dir = session().dataDirIfMade();
    if (dir == null) return List.of();
    List<String> out = new ArrayList<>();
    for (String f : session().files.list(dir + "/" + network)) {
      if (f.equals("lock") || f.startsWith("last_reserved_ip")) continue;
      out.add(f);
    }
    return out;
  }

  // ------------------------------------------------------------------ package-private core

  Session session() {
    return Session.of(port);
  }

  private static String requireType(String type) {
    Objects.requireNonNull(type, "plugin type");
    if (!TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException("plugin type \"" + type + "\" is not a binary name (letters, digits, _ . + -);"
          + " use cni.pluginAt(path) for a binary given by its path");
    }
    return type;
  }

  private static String requireDir(String d) {
    Objects.requireNonNull(d, "plugin directory");
    if (d.isBlank()) throw new IllegalArgumentException("plugin directory is empty");
    return d.startsWith("/") ? d : Path.of(d).toAbsolutePath().normalize().toString();
  }

  String resolve(String type) {
    List<String> dirs = searchPath();
    HostFiles files = session().files;
    for (String d : dirs) {
      String p = d.endsWith("/") ? d + type : d + "/" + type;
      if (files.isExecutableFile(p)) return p;
    }
    String env = System.getenv("CNI_PATH");
    throw new NetnsException("CNI plugin \"" + type + "\" was not found on the " + target.describe()
        + "; searched, in order: " + dirs
        + " (" + (extraDirs.isEmpty() ? "" : "withSearchPath " + extraDirs + ", then ")
        + "CNI_PATH=" + (env == null ? "<unset>" : env) + ", then /opt/cni/bin, then /usr/lib/cni)."
        + " Install the plugins (Debian/Ubuntu: apt-get install containernetworking-plugins), set CNI_PATH,"
        + " or give the binary's path with cni.pluginAt(path)");
  }

  /** The {@code CNI_PATH} handed to a plugin: its own directory first when given by path, then the search path. */
  String cniPathFor(String binary, boolean found) {
    Set<String> dirs = new LinkedHashSet<>();
    if (!found) dirs.add(binary.substring(0, Math.max(1, binary.lastIndexOf('/'))));
    dirs.addAll(searchPath());
    return String.join(":", dirs);
  }

  NamespacePort requireContainer(Netns container) {
    Objects.requireNonNull(container, "container namespace");
    return port.resolve(container).orElseThrow(() -> new IllegalArgumentException("container namespace " + container
        + " is not on this test's target (" + target.describe() + ")"));
  }

  static String requireIfName(String ifName) {
    Objects.requireNonNull(ifName, "CNI_IFNAME (the interface name in the container)");
    if (ifName.indexOf('\0') >= 0) throw new IllegalArgumentException("CNI_IFNAME must not contain NUL characters");
    return ifName;
  }

  static String containerId(NamespacePort container, Options o) {
    if (o.containerId() != null) return o.containerId();
    String n = container.name();
    return n.isEmpty() ? "node" : n;
  }

  /** Where a DEL owed for an ADD in {@code container} is registered: the scope that closes first. */
  CleanupScope delScope(NamespacePort container) {
    return port.cleanupScopeFor(container);
  }

  /** Runs one plugin command in the host side. */
  ExecResult exec(String binary, boolean found, Options o, String command, String containerId, String netnsPath,
                  String ifName, String stdin) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", containerId);
    env.put("CNI_NETNS", netnsPath);
    env.put("CNI_IFNAME", ifName);
    env.put("CNI_ARGS", o.args());
    env.put("CNI_PATH", cniPathFor(binary, found));
    env.putAll(o.env());
    NamespacePort host = session().host();
    return host.exec(new ExecRequest(List.of(binary), env, stdin.getBytes(StandardCharsets.UTF_8), o.timeout()));
  }

  /**
   * Runs one program (a plugin, with the environment exactly as given) in any namespace of this
   * target: the conformance kit's way to call plugins with raw, possibly broken, input. The one
   * place besides {@link #exec} where the kit reaches the target's exec path.
   */
  ExecResult execIn(Netns where, ExecRequest request) {
    return requireContainer(where).exec(request);
  }

  /** The path a plugin gets as {@code CNI_NETNS} for a namespace of this target, e.g. {@code /run/netns/NAME}. */
  String pathOf(Netns ns) {
    return requireContainer(ns).path();
  }

  /** Runs VERSION. */
  CniVersionInfo version(String type, String binary, Options o) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CNI_COMMAND", "VERSION");
    env.putAll(o.env());
    String stdin = "{\"cniVersion\":\"" + CniVersionInfo.LATEST + "\"}";
    ExecResult r = session().host().exec(new ExecRequest(List.of(binary), env,
        stdin.getBytes(StandardCharsets.UTF_8), o.timeout()));
    if (!r.isSuccess()) throw Results.failure(r, type, "VERSION", "");
    return Results.versionInfo(r, type);
  }

  @Override
  public String toString() {
    return "CNI harness on the " + target.describe() + " (plugins from " + searchPath() + ")";
  }
}
