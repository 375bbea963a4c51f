package dev.netns.internal.kind;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Finds kind node containers through Docker by the labels kind puts on them
 * ({@code io.x-k8s.kind.cluster=<cluster>}, {@code io.x-k8s.kind.role=control-plane|worker})
 * and their container name.
 */
final class KindNodes {

  /** kind's cluster label. */
  static final String CLUSTER_LABEL = "io.x-k8s.kind.cluster";
  /** kind's role label ({@code control-plane}, {@code worker}, {@code external-load-balancer}). */
  static final String ROLE_LABEL = "io.x-k8s.kind.role";

  private KindNodes() {
  }

  /** A kind node container as Docker lists it. */
  record NodeContainer(String id, String name, String cluster, String role, String state) {
    boolean running() {
      return "running".equals(state);
    }

    String describe() {
      return name + " (" + (role == null ? "no role label" : role) + ", " + state + ")";
    }
  }

  /**
   * The node container named {@code node} carrying {@code io.x-k8s.kind.cluster=cluster}, running.
   *
   * @throws KindUnavailableException saying what was looked for and which kind clusters and nodes
   *     Docker has instead, or that the node is not running
   */
  static NodeContainer find(DockerAccess docker, String cluster, String node) {
    requireValid(cluster, node);
    List<NodeContainer> all = list(docker);
    NodeContainer found = null;
    for (NodeContainer c : all) {
      if (c.name().equals(node) && cluster.equals(c.cluster())) found = c;
    }
    String wanted = "kind node \"" + node + "\" of cluster \"" + cluster + "\"";
    if (found == null) {
      StringBuilder m = new StringBuilder("no " + wanted + " found through Docker at " + docker.host()
          + ": looked for a container named " + node + " with label " + CLUSTER_LABEL + "=" + cluster + ".");
      NodeContainer sameName = all.stream().filter(c -> c.name().equals(node)).findFirst().orElse(null);
      if (sameName != null) {
        m.append(" A kind node named ").append(node).append(" exists, but in cluster \"")
            .append(sameName.cluster()).append("\".");
      } else {
        String other = unlabelledContainerNamed(docker, node);
        if (other != null) m.append(" ").append(other);
      }
      m.append(" ").append(inventory(all));
      m.append(" Create the cluster (kind create cluster").append("kind".equals(cluster) ? "" : " --name " + cluster)
          .append(") or fix @KindNode(cluster = ..., node = ...).");
      throw new KindUnavailableException(m.toString());
    }
    if (!found.running()) {
      throw new KindUnavailableException(wanted + " (container " + shortId(found.id()) + ") is " + found.state()
          + ", not running; start it with: docker start " + node + ". " + inventory(all));
    }
    return found;
  }

  /** Every container carrying kind's cluster label. */
  static List<NodeContainer> list(DockerAccess docker) {
    DockerClient client = docker.client();
    List<Container> containers;
    try {
      containers = client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(CLUSTER_LABEL)).exec();
    } catch (RuntimeException e) {
      throw new KindUnavailableException("Docker at " + docker.host() + " did not list its containers: "
          + DockerAccess.rootMessage(e), e);
    }
    List<NodeContainer> out = new ArrayList<>();
    for (Container c : containers) {
      Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
      out.add(new NodeContainer(c.getId(), name(c), labels.get(CLUSTER_LABEL), labels.get(ROLE_LABEL),
          Objects.requireNonNullElse(c.getState(), "unknown")));
    }
    out.sort((a, b) -> a.name().compareTo(b.name()));
    return out;
  }

  /** {@code kind clusters Docker has: jn-kind: jn-kind-control-plane (control-plane, running), ...}. */
  static String inventory(List<NodeContainer> all) {
    if (all.isEmpty()) {
      return "Docker has no kind nodes (no container carries the label " + CLUSTER_LABEL + ").";
    }
    Map<String, List<String>> byCluster = new TreeMap<>();
    for (NodeContainer c : all) {
      byCluster.computeIfAbsent(String.valueOf(c.cluster()), k -> new ArrayList<>()).add(c.describe());
    }
    StringBuilder b = new StringBuilder("kind nodes Docker has:");
    byCluster.forEach((cluster, nodes) -> b.append(" cluster ").append(cluster).append(": ")
        .append(String.join(", ", nodes)).append(";"));
    b.setLength(b.length() - 1);
    return b.append('.').toString();
  }

  private static String unlabelledContainerNamed(DockerAccess docker, String node) {
    try {
      for (Container c : docker.client().listContainersCmd().withShowAll(true).withNameFilter(List.of(node)).exec()) {
        if (node.equals(name(c))) {
          return "A container named " + node + " exists (image " + c.getImage() + ", " + c.getState()
              + ") but it has no " + CLUSTER_LABEL + " label, so it is not a kind node.";
        }
      }
    } catch (RuntimeException ignored) {
      // only an extra hint for the message
    }
    return null;
  }

  private static String name(Container c) {
    String[] names = c.getNames();
    if (names == null || names.length == 0) return shortId(c.getId());
    String n = names[0];
    return n.startsWith("/") ? n.substring(1) : n;
  }

  static String shortId(String id) {
    return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
  }

  static void requireValid(String cluster, String node) {
    if (cluster == null || !cluster.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
      throw new IllegalArgumentException("kind cluster name \"" + cluster + "\" is not valid; kind cluster names are"
          + " letters, digits, '-', '_' and '.', e.g. \"kind\"");
    }
    if (node == null || !node.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
      throw new IllegalArgumentException("kind node name \"" + node + "\" is not a container name; give the node's"
          + " container name, e.g. \"kind-worker\" or \"kind-control-plane\"");
    }
  }
}
