package dev.netns.internal.core;

import dev.netns.Netns;
import dev.netns.NetnsException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources of one fixture scope (a test class for static fields, a test method otherwise):
 * logical namespaces, the host side, and every undo action, run in reverse order on close.
 *
 * <p>Undo actions for namespaces the scope created are merged: deleting the namespace removes
 * everything inside it, so only changes made in namespaces we do not own (a kind node's own
 * namespace, an adopted pod namespace) get their own undo.
 */
public final class Scope implements AutoCloseable, dev.netns.internal.spi.CleanupScope {

  /** One undo step. */
  public interface Undo {
    void run();
  }

  private record Step(String description, Undo undo, String namespace) {
  }

  private final Backend backend;
  private final Scope parent;
  private final String label;
  private final Map<String, NetnsImpl> logical = new LinkedHashMap<>();
  private final Deque<Step> undo = new ArrayDeque<>();
  private final List<String> owned = new ArrayList<>();
  /** Every namespace this scope made (named, anonymous and the host stand-in), for messages. */
  private final List<NetnsImpl> made = new ArrayList<>();
  /** Explicit interface names given by annotations: logical namespace ("" = host side) -> name -> who named it. */
  private final Map<String, Map<String, String>> interfaceNames = new java.util.HashMap<>();
  private NetnsImpl host;
  private boolean closed;
  private volatile ScopeListener listener;
  private final dev.netns.NetnsSettings settings;

  /**
   * The scope of what runs on this thread now: a test's scope from its {@code beforeEach} to its
   * {@code afterEach}, the class's around {@code beforeAll}/{@code afterAll}. Threads a test starts
   * inherit it; the extension sets it again at every callback, so a pooled thread never keeps a
   * stale one for long, and {@link #activeFor} checks it still encloses the namespace used.
   */
  private static final InheritableThreadLocal<Scope> ACTIVE = new InheritableThreadLocal<>();

  public Scope(Backend backend, Scope parent, String label) {
    this(backend, parent, label, parent != null ? parent.settings : dev.netns.NetnsSettings.fromSystemProperties());
  }

  /** A scope whose namespaces carry the run's {@code settings} (probe and eventually defaults). */
  public Scope(Backend backend, Scope parent, String label, dev.netns.NetnsSettings settings) {
    this.backend = backend;
    this.parent = parent;
    this.label = label;
    this.settings = java.util.Objects.requireNonNull(settings, "settings");
  }

  /** The run's settings, handed down from the extension. */
  public dev.netns.NetnsSettings settings() {
    return settings;
  }

  /** Marks {@code scope} (may be {@code null}) as the scope of what runs on this thread from now on. */
  public static void activate(Scope scope) {
    if (scope == null) ACTIVE.remove(); else ACTIVE.set(scope);
  }

  /**
   * The scope that owns changes made now in a namespace of scope {@code owner}: the active scope
   * when it is {@code owner} or nested in it (a test using its class's namespace), else {@code owner}.
   */
  public static Scope activeFor(Scope owner) {
    Scope a = ACTIVE.get();
    if (a == null || a == owner || a.backend != owner.backend) return owner;
    for (Scope s = a.parent; s != null; s = s.parent) {
      if (s == owner) {
        synchronized (a) {
          return a.closed ? owner : a;
        }
      }
    }
    return owner;
  }

  /** The enclosing scope (the class's for a test), or {@code null}. */
  public Scope parent() {
    return parent;
  }

  public Backend backend() {
    return backend;
  }

  public String label() {
    return label;
  }

  /** Sets the one listener of this scope (the evidence of a test), before anything is created. */
  public void listener(ScopeListener l) {
    listener = l;
  }

  public ScopeListener listener() {
    return listener;
  }

  /** The host side if this scope made or took it already; never makes it. */
  public synchronized NetnsImpl hostIfMade() {
    return host;
  }

  /** The namespace a logical name refers to in this scope or an enclosing one. */
  public synchronized NetnsImpl lookup(String logicalName) {
    NetnsImpl n = logical.get(logicalName);
    if (n == null && parent != null) return parent.lookup(logicalName);
    return n;
  }

  public synchronized boolean isDeclaredHere(String logicalName) {
    return logical.containsKey(logicalName);
  }

  /**
   * Who already named an interface {@code name} in the namespace of logical name {@code logicalNs}
   * ({@code ""} = the host side), in this scope or an enclosing one that shares that namespace;
   * {@code null} when nobody did.
   */
  public synchronized String interfaceClaimedBy(String logicalNs, String name) {
    Map<String, String> here = interfaceNames.get(logicalNs);
    if (here != null && here.containsKey(name)) return here.get(name);
    if (parent == null) return null;
    // a stand-in host side of this scope's own is another namespace than the enclosing scope's
    if (logicalNs.isEmpty() && backend.hostIsStandIn() && host != null && inheritedHost() == null) return null;
    if (!logicalNs.isEmpty() && isDeclaredHere(logicalNs)) return null;
    return parent.interfaceClaimedBy(logicalNs, name);
  }

  /** Records that {@code where} names an interface {@code name} in the namespace of logical name {@code logicalNs}. */
  public synchronized void claimInterface(String logicalNs, String name, String where) {
    interfaceNames.computeIfAbsent(logicalNs, k -> new java.util.HashMap<>()).putIfAbsent(name, where);
  }

  /** Creates fresh namespaces (one engine call for all of them) under the given logical names. */
  public List<NetnsImpl> createNamespaces(List<String> logicalNames) {
    return createNamespaces(logicalNames, false);
  }

  /**
   * Creates fresh namespaces under the given logical names ({@code ""} = anonymous) and, when
   * {@code withHost} is set and the host side is a stand-in not made yet, the host namespace too:
   * all in one engine call.
   */
  public synchronized List<NetnsImpl> createNamespaces(List<String> logicalNames, boolean withHost) {
    check();
    boolean makeHost = withHost && host == null && backend.hostIsStandIn() && inheritedHost() == null;
    if (withHost && host == null && !backend.hostIsStandIn()) {
      host = new NetnsImpl(this, null, "host", false);
    }
    List<String> labels = new ArrayList<>(logicalNames);
    if (makeHost) labels.add("host");
    if (labels.isEmpty()) return List.of();
    Ownership own = Ownership.get();
    List<String> names = new ArrayList<>();
    for (String l : labels) names.add(own.nextNamespaceName(l));
    own.journalNamespaces(backend.key(), names);
    // registered before the kernel call: a half-made batch is still removed on close
    for (String n : names) {
      owned.add(n);
      undo.push(new Step("delete namespace " + n, null, n));
    }
    backend.engine().createNamespaces(names);
    ScopeListener watcher = listener;
    if (watcher != null) watcher.namespacesCreated(this, List.copyOf(names));
    List<NetnsImpl> out = new ArrayList<>();
    for (int i = 0; i < logicalNames.size(); i++) {
      String l = logicalNames.get(i);
      NetnsImpl ns = new NetnsImpl(this, names.get(i), l, true);
      out.add(ns);
      made.add(ns);
      if (!l.isEmpty()) logical.put(l, ns);
    }
    if (makeHost) {
      host = new NetnsImpl(this, names.get(names.size() - 1), "host", true);
      made.add(host);
    }
    return out;
  }

  /**
   * {@link dev.netns.Target#createNamespace}: one fresh namespace under a logical name that this
   * scope does not use yet.
   */
  public NetnsImpl createNamespace(String logicalName) {
    if (logicalName == null || !logicalName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,31}")) {
      throw new IllegalArgumentException("namespace name \"" + logicalName + "\" is not allowed; use 1 to 32 letters,"
          + " digits, '-', '_' or '.', starting with a letter or digit (e.g. pod-1)");
    }
    synchronized (this) {
      if (lookup(logicalName) != null) {
        throw new IllegalArgumentException("namespace name \"" + logicalName + "\" already names a namespace of "
            + label + "; each createNamespace call needs a name of its own");
      }
      return createNamespaces(List.of(logicalName)).get(0);
    }
  }

  /**
   * {@link dev.netns.Target#removeNamespace}: deletes, now, a namespace that this scope created
   * (with everything in it) and forgets it, so that closing the scope does not delete it again.
   */
  public void removeNamespace(NetnsImpl ns) {
    String name = ns.engineName();
    synchronized (this) {
      check();
      if (name == null || !owned.contains(name) || (host != null && name.equals(host.engineName()))) {
        throw new IllegalArgumentException("namespace " + ns.display() + " was not created by " + label
            + "; only namespaces the test created (createNamespace, @NetNamespace) can be removed, and never its host side");
      }
      owned.remove(name);
      made.removeIf(n -> name.equals(n.engineName()));
      logical.values().removeIf(n -> name.equals(n.engineName()));
      undo.removeIf(s -> name.equals(s.namespace()));
      ScopeListener l = listener;
      if (l != null) l.namespaceRemoving(this, name);
    }
    backend.engine().deleteNamespaces(List.of(name));
    Ownership.get().released(1);
  }

  /**
   * The host side: the node's own namespace on kind; on the local kernel the stand-in of the
   * nearest enclosing scope that has one (a class with a static {@code @HostNamespace} shares its
   * stand-in with every test, as every test of a kind node shares the node), else a stand-in of
   * this scope's own, made on first use.
   */
  public synchronized NetnsImpl host() {
    check();
    if (host == null) {
      NetnsImpl inherited = inheritedHost();
      if (inherited != null) return inherited;
      createNamespaces(List.of(), true);
    }
    return host;
  }

  /** The host side an enclosing scope already has, or {@code null}. */
  private NetnsImpl inheritedHost() {
    for (Scope s = parent; s != null; s = s.parent) {
      synchronized (s) {
        if (s.host != null) return s.host;
      }
    }
    return null;
  }

  /**
   * A namespace that already exists on the target (never deleted by us). A namespace this scope
   * or an enclosing one knows under a logical name is returned as that one, so that messages
   * name it as the test does ({@code <red: jn-ab12c-red-1>}).
   */
  public NetnsImpl adopt(String name) {
    NetnsImpl known = known(name);
    return known != null ? known : new NetnsImpl(this, name, name, owns(name));
  }

  private synchronized NetnsImpl known(String name) {
    for (NetnsImpl n : logical.values()) {
      if (name.equals(n.engineName())) return n;
    }
    if (host != null && name.equals(host.engineName())) return host;
    return parent == null ? null : parent.known(name);
  }

  public synchronized boolean owns(String nsName) {
    return nsName != null && (owned.contains(nsName) || (parent != null && parent.owns(nsName)));
  }

  /**
   * Registers an undo step for a change made in namespace {@code ns}. Skipped only when this scope
   * itself created {@code ns} (deleting it undoes everything inside); a change in a namespace that
   * lives longer (the class's, the class's host side, a kind node's, an adopted pod's) is undone
   * when this scope closes, before the next test starts.
   */
  public synchronized void onClose(String ns, String description, Undo action) {
    if (createdHere(ns)) return;
    undo.push(new Step(description, action, null));
  }

  /** {@link dev.netns.internal.spi.CleanupScope}: an action not tied to a namespace, run when this scope closes. */
  @Override
  public void onClose(String description, Runnable action) {
    onClose(null, description, action::run);
  }

  /**
   * The namespaces whose packet-filter rules may decide this scope's probes: those it and its
   * enclosing scopes created, and the host side where one exists (a stand-in is not made for this).
   */
  public List<NetnsImpl> filterNamespaces() {
    List<NetnsImpl> out = new ArrayList<>();
    List<String> names;
    NetnsImpl h;
    synchronized (this) {
      names = new ArrayList<>(owned);
      h = host != null ? host : parent != null ? parent.host : null;
    }
    if (parent != null) out.addAll(parent.filterNamespaces());
    for (String n : names) out.add(adopt(n));
    if (h != null) out.add(h);
    else if (!backend.hostIsStandIn()) out.add(host()); // a kind node's own namespace: where kube-proxy's rules live
    return out;
  }

  /** Whether this scope itself (not an enclosing one) created namespace {@code nsName}. */
  public synchronized boolean createdHere(String nsName) {
    return nsName != null && owned.contains(nsName);
  }

  /** The namespaces this scope made and still holds, and its host side when it is the target's own namespace. */
  public synchronized List<NetnsImpl> madeNamespaces() {
    if (closed) return List.of();
    List<NetnsImpl> out = new ArrayList<>(made);
    if (host != null && !out.contains(host)) out.add(host);
    return out;
  }

  /** Names of the namespaces this scope created and still holds. */
  public synchronized List<String> ownedNamespaces() {
    return List.copyOf(owned);
  }

  /** Forgets everything without deleting (cleanup mode kept the evidence). */
  public synchronized List<String> abandon() {
    closed = true;
    ScopeListener l = listener;
    if (l != null) l.closed(this);
    List<String> kept = List.copyOf(owned);
    Ownership.get().markKept();
    undo.clear();
    owned.clear();
    return kept;
  }

  /**
   * Undoes everything in reverse order. Consecutive namespace deletions go to the engine as one
   * call. Every failure is collected; the first is thrown with the rest suppressed.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    // a watcher's sockets would keep deleted namespaces (and their veths) alive: let go first
    ScopeListener watcher = listener;
    if (watcher != null) watcher.closed(this);
    NetnsException failure = null;
    List<String> pendingNs = new ArrayList<>();
    while (!undo.isEmpty()) {
      Step s = undo.pop();
      if (s.namespace() != null) {
        pendingNs.add(s.namespace());
        continue;
      }
      failure = flush(pendingNs, failure);
      try {
        s.undo().run();
      } catch (RuntimeException e) {
        failure = add(failure, new NetnsException("cleanup failed: " + s.description() + " on the "
            + backend.describe() + ": " + e.getMessage(), e));
      }
    }
    failure = flush(pendingNs, failure);
    owned.clear();
    if (failure != null) throw failure;
  }

  private NetnsException flush(List<String> namespaces, NetnsException failure) {
    if (namespaces.isEmpty()) return failure;
    try {
      backend.engine().deleteNamespaces(List.copyOf(namespaces));
      Ownership.get().released(namespaces.size());
    } catch (RuntimeException e) {
      failure = add(failure, new NetnsException("cleanup failed: delete namespaces " + namespaces + " on the "
          + backend.describe() + ": " + e.getMessage(), e));
    }
    namespaces.clear();
    return failure;
  }

  private static NetnsException add(NetnsException first, NetnsException next) {
    if (first == null) return next;
    first.addSuppressed(next);
    return first;
  }

  private void check() {
    if (closed) throw new IllegalStateException("the fixtures of " + label + " were already torn down");
  }

  /** For messages: the logical map. */
  public synchronized Map<String, Netns> logicalNamespaces() {
    return Map.copyOf(logical);
  }
}
