package dev.netns.internal.kind;

import dev.netns.NetnsSettings;
import dev.netns.internal.core.Backend;
import dev.netns.internal.core.Ownership;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A kind node container as a target: the iproute2 engine, run through long-lived exec sessions
 * in the node ({@link NodeCommandRunner}). The host side is the node's own network namespace:
 * changes there are real, so everything the framework adds there is journaled, marked and
 * removed again; namespaces it did not create (kind's {@code cni-...} pod namespaces) are never
 * deleted.
 *
 * <p>The node is found through Docker by kind's labels ({@code io.x-k8s.kind.cluster},
 * {@code io.x-k8s.kind.role}) and its container name. Docker is reached as Testcontainers finds
 * it, without Ryuk and without any image pull (see {@code DockerAccess}).
 *
 * <pre>{@code
 * try (Backend node = KindBackend.connect("kind", "kind-worker")) {
 *   node.engine().listNamespaces();   // [cni-f4fd112d-..., ...]
 * }
 * }</pre>
 */
public final class KindBackend extends Backend {

  /** Programs the engine cannot work without; {@code ping} is only needed by ping probes and reported when used. */
  static final Map<String, String> REQUIRED_TOOLS = Map.of(
      "ip", "iproute2", "nsenter", "util-linux", "timeout", "coreutils", "head", "coreutils");

  /** Containers whose tools were checked in this JVM (by id: a re-created node is checked again). */
  private static final Set<String> VERIFIED = ConcurrentHashMap.newKeySet();

  private final String cluster;
  private final String node;
  private final String containerId;
  private final NodeCommandRunner runner;
  private final NodePath.Choice path;

  private KindBackend(NodeCommandRunner runner, NodePath.Choice path, String cluster, String node, String containerId) {
    super(path.engine(), "kind:" + containerId);
    this.runner = runner;
    this.path = path;
    this.cluster = cluster;
    this.node = node;
    this.containerId = containerId;
  }

  /**
   * Why the node cannot be used, or empty when it can: Docker unreachable, no such node in that
   * cluster (the message lists the kind clusters and nodes Docker has), node not running, or a
   * program the engine needs ({@code ip}, {@code nsenter}, ...) missing in it.
   *
   * @throws IllegalArgumentException when {@code cluster} or {@code node} is not a valid name
   */
  public static Optional<String> unavailable(String cluster, String node) {
    return unavailable(cluster, node, NetnsSettings.fromSystemProperties());
  }

  /** As {@link #unavailable(String, String)}, with the run's settings (Docker host, exec sessions). */
  public static Optional<String> unavailable(String cluster, String node, NetnsSettings settings) {
    KindNodes.requireValid(cluster, node);
    Ownership.get(settings); // first use of the journal in a kind-only run: the run's state directory
    try {
      DockerAccess docker = docker(cluster, node, settings);
      KindNodes.NodeContainer c = KindNodes.find(docker, cluster, node);
      if (VERIFIED.contains(c.id())) return Optional.empty();
      NodeCommandRunner probe = NodeCommandRunner.open(docker, c.id(), where(cluster, node), settings.kindChannels(),
          settings.kindTrace());
      try {
        requireTools(probe, cluster, node);
      } finally {
        probe.close();
      }
      VERIFIED.add(c.id());
      return Optional.empty();
    } catch (KindUnavailableException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * Connects to the node: finds its container and opens the first exec session (more are opened
   * only when programs run concurrently). Close the backend to end the sessions.
   *
   * @throws dev.netns.NetnsException with the same explanation {@link #unavailable} gives
   * @throws IllegalArgumentException when {@code cluster} or {@code node} is not a valid name
   */
  public static KindBackend connect(String cluster, String node) {
    return connect(cluster, node, NetnsSettings.fromSystemProperties());
  }

  /** As {@link #connect(String, String)}, with the path given ({@code auto}, {@code native} or {@code channel}). */
  public static KindBackend connect(String cluster, String node, String pathMode) {
    return connect(cluster, node, pathMode, NetnsSettings.fromSystemProperties());
  }

  /**
   * As {@link #connect(String, String)}, with the run's settings: {@code netns.kind.path},
   * {@code netns.kind.channels}, {@code netns.kind.trace}, {@code netns.docker.host} (the
   * JVM-wide Docker connection takes it on first use) and {@code netns.state.dir} (the JVM-wide
   * ownership journal, likewise).
   */
  public static KindBackend connect(String cluster, String node, NetnsSettings settings) {
    return connect(cluster, node, settings.kindPath(), settings);
  }

  private static KindBackend connect(String cluster, String node, String pathMode, NetnsSettings settings) {
    KindNodes.requireValid(cluster, node);
    Ownership.get(settings);
    DockerAccess docker = docker(cluster, node, settings);
    KindNodes.NodeContainer c = KindNodes.find(docker, cluster, node);
    NodeCommandRunner runner = NodeCommandRunner.open(docker, c.id(), where(cluster, node), settings.kindChannels(),
        settings.kindTrace());
    NodePath.Choice path;
    try {
      requireTools(runner, cluster, node);
      path = NodePath.choose(pathMode, docker, c.id(), runner, where(cluster, node));
    } catch (RuntimeException e) {
      runner.close();
      throw e;
    }
    VERIFIED.add(c.id());
    return new KindBackend(runner, path, cluster, node, c.id());
  }

  private static DockerAccess docker(String cluster, String node, NetnsSettings settings) {
    try {
      return DockerAccess.get(settings.dockerHost());
    } catch (KindUnavailableException e) {
      throw new KindUnavailableException("cannot look for kind node \"" + node + "\" of cluster \"" + cluster
          + "\" (a container with label " + KindNodes.CLUSTER_LABEL + "=" + cluster + "): " + e.getMessage(), e);
    }
  }

  private static void requireTools(NodeCommandRunner runner, String cluster, String node) {
    List<String> lacking = new ArrayList<>();
    for (String tool : runner.missingTools()) {
      String pkg = REQUIRED_TOOLS.get(tool);
      if (pkg != null) lacking.add("'" + tool + "' (" + pkg + ")");
    }
    if (!lacking.isEmpty()) {
      throw new KindUnavailableException("the " + where(cluster, node) + " lacks " + String.join(", ", lacking)
          + ", which junit-netns runs inside the node; found missing in the node's PATH: " + runner.missingTools()
          + ". A real kind node (kindest/node) has them; install them in a custom node image.");
    }
  }

  private static String where(String cluster, String node) {
    return "kind node " + node + " (cluster " + cluster + ")";
  }

  /** The kind cluster name. */
  public String cluster() {
    return cluster;
  }

  /** The node's container name. */
  public String node() {
    return node;
  }

  /** The node's Docker container id. */
  public String containerId() {
    return containerId;
  }

  /** The command runner (its exec sessions). */
  public NodeCommandRunner runner() {
    return runner;
  }

  /** The node and the path to its kernel, e.g. {@code kind node kind-worker (cluster kind), netlink through /proc/4242}. */
  @Override
  public String describe() {
    return where(cluster, node) + ", " + path.words();
  }

  /** The node, as failure messages name it: {@code kind node kind-worker (cluster kind)}. */
  @Override
  public String location() {
    return where(cluster, node);
  }

  /** Whether the node's namespaces are reached natively (through {@code /proc/PID}) rather than through the channel. */
  public boolean nativePath() {
    return path.nativePath();
  }

  private volatile String hostPid;

  /**
   * With a Docker daemon on this machine, the node container's namespaces are files this JVM can
   * enter: {@code /proc/PID/ns/net} for the node's own, {@code /proc/PID/root/run/netns/NAME} for a
   * pod's. Listeners and the denial watch's counters then run in this JVM (the node image needs no
   * server program, no iptables).
   */
  @Override
  public Optional<String> localPathOf(String ns) {
    String pid = hostPid();
    if (pid == null) return Optional.empty();
    return Optional.of(ns == null ? "/proc/" + pid + "/ns/net" : "/proc/" + pid + "/root/run/netns/" + ns);
  }

  private String hostPid() {
    String p = hostPid;
    if (p != null) return p.isEmpty() ? null : p;
    String found = "";
    try {
      Long pid = DockerAccess.get().client().inspectContainerCmd(containerId).exec().getState().getPidLong();
      if (pid != null && pid > 0 && java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/" + pid + "/ns/net"))) {
        found = Long.toString(pid);
      }
    } catch (RuntimeException e) {
      // a remote daemon, or no access: listeners are not available, rules are read through the node
    }
    hostPid = found;
    return found.isEmpty() ? null : found;
  }

  /** The node-side path ({@code /run/netns/NAME}, {@code /proc/1/ns/net}) as this JVM reaches it. */
  private String hostPath(String nodePath) {
    String pid = hostPid();
    if (pid == null) {
      throw new UnsupportedOperationException("listeners on the " + describe() + " need its Docker daemon on this"
          + " machine (the JVM enters the node's namespaces through /proc); start a server with exec() instead");
    }
    if (nodePath.equals("/proc/1/ns/net")) return "/proc/" + pid + "/ns/net";
    return "/proc/" + pid + "/root" + nodePath;
  }

  @Override
  public dev.netns.TcpListener listen(String nsPath, String ip, int port) {
    return dev.netns.internal.local.LocalTcpListener.open(hostPath(nsPath), ip, port);
  }

  @Override
  public dev.netns.UdpListener listenUdp(String nsPath, String ip, int port) {
    return dev.netns.internal.local.LocalUdpListener.open(hostPath(nsPath), ip, port);
  }

  @Override
  public boolean hostIsStandIn() {
    return false;
  }

  @Override
  public String shellPrefix() {
    return "docker exec " + node + " ";
  }

  @Override
  public void close() {
    try {
      super.close();
    } finally {
      runner.close();
    }
  }

  @Override
  public String toString() {
    return describe();
  }
}
