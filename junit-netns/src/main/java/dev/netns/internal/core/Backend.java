package dev.netns.internal.core;

import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.spi.NetOp;
import dev.netns.NetnsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One target machine as the framework sees it: its engine, a key for the ownership journal, and
 * whether its host side is a stand-in namespace (local kernel) or the machine's own namespace
 * (kind node). Shared by all tests that use the same target; tests get a {@link ScopedTarget}.
 */
public abstract class Backend implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Backend.class.getName());

  private final Engine engine;
  private final String key;
  private volatile boolean reaped;

  protected Backend(Engine engine, String key) {
    this.engine = engine;
    this.key = key;
  }

  public Engine engine() {
    return engine;
  }

  /** The key under which the ownership journal records what was created on this target. */
  public String key() {
    return key;
  }

  /** e.g. {@code local kernel}, {@code kind node kind-worker (cluster kind)}. */
  public abstract String describe();

  /**
   * Where the network lives, as failure messages name it ({@code local kernel}, {@code kind node
   * kind-worker (cluster kind)}): {@link #describe()} without how this JVM reaches it (rootless,
   * the kind path), so that a message reads the same in every mode.
   */
  public String location() {
    return describe();
  }

  /**
   * Whether {@code @HostNamespace} is a per-test stand-in namespace (local kernel) rather than the
   * target's own namespace (kind node).
   */
  public abstract boolean hostIsStandIn();

  /** A hint printed with kept namespaces: how to run {@code ip} on this target. */
  public String shellPrefix() {
    return "";
  }

  /** Starts a TCP listener inside the namespace at {@code nsPath}; targets that cannot say so clearly. */
  public dev.netns.TcpListener listen(String nsPath, String ip, int port) {
    throw new UnsupportedOperationException("listen() is not available on the " + describe()
        + "; start a server inside the namespace with exec() instead");
  }

  /** Starts a UDP echo responder inside the namespace at {@code nsPath}; targets that cannot say so clearly. */
  public dev.netns.UdpListener listenUdp(String nsPath, String ip, int port) {
    throw new UnsupportedOperationException("listenUdp() is not available on the " + describe());
  }

  /**
   * A path to the namespace's file that this JVM can open and enter (setns), when the target's
   * kernel is this machine's: then probes, listeners and rule counters run in-process. Empty when
   * the target is remote. {@code ns == null} is the target's own namespace.
   */
  public java.util.Optional<String> localPathOf(String ns) {
    return java.util.Optional.empty();
  }

  /** Deletes what dead runs left on this target (once per backend). */
  public void reapOnce() {
    if (reaped) return;
    synchronized (this) {
      if (reaped) return;
      reaped = true;
      reapNow();
    }
  }

  /**
   * Deletes what runs whose JVM is gone (even after {@code kill -9}) left on this target: exactly
   * the namespaces and marked links their journals list, nothing else.
   */
  public synchronized void reapNow() {
    {
      Ownership.get().reapDeadRuns(key, left -> {
        Set<String> existing = new HashSet<>(engine.listNamespaces());
        List<String> doomed = new ArrayList<>();
        for (String ns : left.namespaces()) {
          if (existing.contains(ns)) doomed.add(ns);
        }
        for (String[] link : left.links()) {
          String ns = "-".equals(link[0]) ? null : link[0];
          if (ns != null && !existing.contains(ns)) continue;
          try {
            String alias = Ownership.ALIAS_PREFIX + left.runId();
            boolean ours = engine.links(ns).stream()
                .anyMatch(l -> l.name().equals(link[1]) && alias.equals(l.alias()));
            if (ours) engine.apply(ns, List.of(new NetOp.DeleteLink(link[1])));
          } catch (NetnsException e) {
            LOG.warning("could not reap link " + link[1] + " of dead run " + left.runId() + ": " + e.getMessage());
          }
        }
        // changes made in namespaces the dead run did not own: routes out, sysctls back (newest first)
        for (int i = left.routes().size() - 1; i >= 0; i--) {
          String[] r = left.routes().get(i);
          String ns = "-".equals(r[0]) ? null : r[0];
          if (ns != null && !existing.contains(ns)) continue;
          List<String> argv = new ArrayList<>(List.of("ip", "route", "del", r[1]));
          if (!"-".equals(r[2])) argv.addAll(List.of("via", r[2]));
          if (!"-".equals(r[3])) argv.addAll(List.of("dev", r[3]));
          try {
            engine.exec(ns, ExecRequest.of(argv)); // gone already is fine: only that exact route is deleted
          } catch (NetnsException e) {
            LOG.warning("could not remove route " + r[1] + " of dead run " + left.runId() + ": " + e.getMessage());
          }
        }
        for (String[] n : left.neighbours()) {
          String ns = "-".equals(n[0]) ? null : n[0];
          if (ns != null && !existing.contains(ns)) continue;
          try {
            // only the entry exactly as the dead run made it: same address, device and MAC, permanent
            boolean ours = engine.neighbours(ns).stream().anyMatch(e -> e.address().equals(n[1])
                && e.device().equals(n[2]) && n[3].equals(e.mac()) && e.isPermanent());
            if (ours) engine.apply(ns, List.of(new NetOp.DeleteNeighbour(n[1], n[2])));
          } catch (RuntimeException e) {
            LOG.warning("could not remove neighbour " + n[1] + " of dead run " + left.runId() + ": " + e.getMessage());
          }
        }
        for (int i = left.sysctls().size() - 1; i >= 0; i--) {
          String[] c = left.sysctls().get(i);
          String ns = "-".equals(c[0]) ? null : c[0];
          if (ns != null && !existing.contains(ns)) continue;
          try {
            engine.apply(ns, List.of(new NetOp.Sysctl(c[1], c[2])));
          } catch (NetnsException e) {
            LOG.warning("could not restore sysctl " + c[1] + "=" + c[2] + " of dead run " + left.runId() + ": "
                + e.getMessage());
          }
        }
        if (!doomed.isEmpty()) {
          LOG.info("junit-netns: removing " + doomed.size() + " namespace(s) left by dead run " + left.runId()
              + " on the " + describe() + ": " + (doomed.size() <= 6 ? doomed.toString()
              : doomed.subList(0, 6) + " and " + (doomed.size() - 6) + " more"));
          engine.deleteNamespaces(doomed);
        }
      });
    }
  }

  @Override
  public void close() {
    engine.close();
  }
}
