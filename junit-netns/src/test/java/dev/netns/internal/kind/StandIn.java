package dev.netns.internal.kind;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The stand-in kind cluster the "kind" tests run against ({@code .ci/kind-standin.sh up}), and an
 * independent look into its nodes: one plain {@code docker exec} per call, never the library's
 * exec channel, so that checks do not trust the code under test.
 */
final class StandIn {

  static final String CLUSTER = "jn-kind";
  static final String WORKER = "jn-kind-worker";
  static final String CONTROL_PLANE = "jn-kind-control-plane";
  /** The node image built by {@code .ci/kind-node-image.sh}. */
  static final String IMAGE = System.getProperty("netns.kind.image", "junit-netns/kind-node:bookworm");

  private StandIn() {
  }

  /** The node container's init process id on this machine, as {@code docker inspect} reports it. */
  static String pid(String node) {
    var c = DockerAccess.get().client();
    return Long.toString(c.inspectContainerCmd(KindNodes.find(DockerAccess.get(), CLUSTER, node).id()).exec()
        .getState().getPidLong());
  }

  /** Runs argv in the node with one docker exec; returns stdout; fails on a non-zero exit. */
  static String exec(String node, String... argv) {
    DockerAccess docker = DockerAccess.get();
    String id = KindNodes.find(docker, CLUSTER, node).id();
    return execIn(id, argv);
  }

  static String execIn(String containerId, String... argv) {
    var client = DockerAccess.get().client();
    String execId = client.execCreateCmd(containerId).withAttachStdout(true).withAttachStderr(true)
        .withCmd(argv).exec().getId();
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    try {
      client.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame f) {
          (f.getStreamType() == StreamType.STDERR ? err : out).append(new String(f.getPayload(), StandardCharsets.UTF_8));
        }
      }).awaitCompletion(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
    if (code == null || code != 0) {
      throw new AssertionError(Arrays.toString(argv) + " exited " + code + " in " + containerId + ": " + err + out);
    }
    return out.toString();
  }

  /** {@code ip netns list} names in the node. */
  static TreeSet<String> namespaces(String node) {
    TreeSet<String> out = new TreeSet<>();
    for (String line : exec(node, "ip", "netns", "list").split("\n")) {
      if (!line.isBlank()) out.add(line.strip().split("\\s+")[0]);
    }
    return out;
  }

  /** Link names (with alias, when set) of the node's own namespace. */
  static TreeSet<String> links(String node) {
    TreeSet<String> out = new TreeSet<>();
    for (String line : exec(node, "ip", "-o", "link", "show").split("\n")) {
      if (line.isBlank()) continue;
      String name = line.split(":\\s+")[1].split("@")[0];
      String alias = line.contains(" alias ") ? " alias " + line.substring(line.indexOf(" alias ") + 7).strip() : "";
      out.add(name + alias);
    }
    return out;
  }

  /** What the node's processes are (command lines), without the ps that lists them. */
  static List<String> processes(String node) {
    List<String> out = new ArrayList<>();
    for (String line : exec(node, "ps", "-eo", "args").split("\n")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.equals("COMMAND") && !l.startsWith("ps -eo")) out.add(l);
    }
    return out;
  }

  /** Leftover files of exec sessions under /tmp in the node. */
  static String channelFiles(String node) {
    return exec(node, "bash", "-c", "ls -d /tmp/junit-netns-channel.* 2>/dev/null; exit 0").strip();
  }
}
