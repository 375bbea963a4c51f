package dev.netns.internal.kind;

import dev.netns.NetnsException;
import dev.netns.NetnsSettings;
import dev.netns.internal.ip.IpEngine;
import dev.netns.internal.netlink.NetlinkEngine;
import dev.netns.internal.spi.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which way the framework reaches a kind node's kernel: through the node container's
 * {@code /proc/PID} with the native engine (system calls of this JVM; needs the Docker daemon on
 * this machine and root), or through the node's exec channel (one program per operation). The
 * choice is the configuration parameter {@value NetnsSettings#KIND_PATH}: {@code auto} (the
 * default: native when it can work, the channel otherwise, and the reason is kept for
 * {@code Target.describe()}), {@code native} (fail when it cannot) or {@code channel}.
 */
final class NodePath {

  /** The engine chosen and, when it is the channel although native was allowed, why. */
  record Choice(Engine engine, boolean nativePath, String reason) {
    /** The path in words, for {@code Target.describe()}. */
    String words() {
      if (nativePath) return "netlink through /proc/" + ((NodeNetlinkEngine) engine).pid();
      return "exec channel" + (reason == null ? "" : " (" + reason + ")");
    }
  }

  private NodePath() {
  }

  static Choice choose(String mode, DockerAccess docker, String containerId, NodeCommandRunner runner, String where) {
    if (mode.equals("channel")) return new Choice(new IpEngine(runner), false, null);
    try {
      long pid = localPid(docker, containerId);
      NetlinkEngine kernel = NetlinkEngine.atProcess(pid, where, runner);
      return new Choice(new NodeNetlinkEngine(kernel, runner, pid, where), true, null);
    } catch (NetnsException | LinkageError e) {
      if (mode.equals("native")) {
        throw new KindUnavailableException("cannot reach the " + where + " through its namespaces ("
            + NetnsSettings.KIND_PATH + "=native): " + e.getMessage());
      }
      return new Choice(new IpEngine(runner), false, "native path unavailable: " + e.getMessage());
    }
  }

  /**
   * The node's init as a process of this machine, or an exception saying why it is not one: the
   * daemon runs elsewhere (no such process, or a process of another container), or this JVM may
   * not look into it. The process's cgroup names the container id under every Docker cgroup driver.
   */
  static long localPid(DockerAccess docker, String containerId) {
    Long pid;
    try {
      pid = docker.client().inspectContainerCmd(containerId).exec().getState().getPidLong();
    } catch (RuntimeException e) {
      throw new NetnsException("docker inspect failed: " + DockerAccess.rootMessage(e));
    }
    if (pid == null || pid <= 0) throw new NetnsException("Docker reports no process for the container");
    requireContainersProcess(pid, containerId);
    return pid;
  }

  /** Throws unless process {@code pid} of this machine runs in container {@code containerId} (its cgroup names it). */
  static void requireContainersProcess(long pid, String containerId) {
    Path cgroup = Path.of("/proc", Long.toString(pid), "cgroup");
    String text;
    try {
      text = Files.readString(cgroup);
    } catch (IOException e) {
      throw new NetnsException("Docker's process " + pid + " is not visible here (" + cgroup + ": " + e
          + "); the Docker daemon seems to run on another machine");
    }
    if (!text.toLowerCase(Locale.ROOT).contains(containerId.toLowerCase(Locale.ROOT))) {
      throw new NetnsException("process " + pid + " of this machine is not the container's (its cgroup does not name "
          + KindNodes.shortId(containerId) + "); the Docker daemon seems to run on another machine");
    }
  }
}
