package dev.netns.target;

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
   * Whether {@code @HostNamespace} is a per-test stand-in namespace (local kernel) rather than the
   * target's own namespace (kind node).
   */
  public abstract boolean hostIsStandIn();

  /** A hint printed with kept namespaces: how to run {@code ip} on this target. */
  public String shellPrefix() {
    return "";
  }

  /** Deletes what dead runs left on this target (once per backend). */
  public void reapOnce() {
    if (reaped) return;
    synchronized (this) {
      if (reaped) return;
      reaped = true;
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
        if (!doomed.isEmpty()) {
          LOG.info("junit-netns: removing " + doomed.size() + " namespace(s) left by dead run " + left.runId()
              + " on the " + describe() + ": " + doomed);
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
