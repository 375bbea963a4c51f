package dev.netns.junit;

import dev.netns.NetnsException;
import dev.netns.internal.core.Backend;
import dev.netns.internal.core.Scope;
import dev.netns.internal.local.LocalBackend;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Scopes as JUnit's {@code @TempDir} scopes its directories: a class context gets a class scope,
 * a test a child scope of it. Each scope (and each kind backend) goes into the context's store as
 * a closeable resource, so JUnit closes them in reverse order of creation when the context ends,
 * also when the test or its set-up failed; teardown failures are reported, never hide the test's
 * own failure. The cleanup mode may keep a failed test's namespaces instead ({@link #afterEach}).
 */
final class ScopeLifecycle {

  private static final String SCOPE = "scope";
  private static final String BACKEND = "backend";

  private ScopeLifecycle() {
  }

  /** The scope for this context: class-level for a class context, method-level (child of the class's) otherwise. */
  static Scope scope(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(Stores.NS);
    Stored<?> s = store.get(scopeKey(context), Stored.class);
    if (s != null) return (Scope) s.value;
    Backend backend = backend(context);
    Scope parent = null;
    Optional<ExtensionContext> up = context.getParent();
    while (up.isPresent() && up.get().getTestClass().isPresent()) {
      Stored<?> candidate = up.get().getStore(Stores.NS).get(scopeKey(up.get()), Stored.class);
      if (candidate != null) {
        Scope found = (Scope) candidate.value;
        parent = found.backend() == backend ? found : null;
        break;
      }
      up = up.get().getParent();
    }
    Scope created = new Scope(backend, parent, context.getDisplayName(), Stores.settings(context));
    EvidenceCallbacks.watch(context, created); // the capture starts with the scope's first namespace
    store.put(scopeKey(context), new Stored<>(created));
    return created;
  }

  /**
   * {@link #scope} marked as the scope of what runs on this thread now (see {@link Scope#activate}),
   * so that changes a test makes in its class's namespaces are undone when the test ends.
   */
  static Scope activeScope(ExtensionContext context) {
    Scope s = scope(context);
    Scope.activate(s);
    return s;
  }

  /** The scope this context made, if any. */
  static Scope existing(ExtensionContext context) {
    Stored<?> s = context.getStore(Stores.NS).get(scopeKey(context), Stored.class);
    return s == null ? null : (Scope) s.value;
  }

  /** Closes this context's scope now (undoing what it made); a no-op when there is none. */
  static void close(ExtensionContext context) {
    Stored<?> s = context.getStore(Stores.NS).remove(scopeKey(context), Stored.class);
    if (s != null) ((Scope) s.value).close();
  }

  /**
   * After a test: keeps its namespaces when the cleanup mode says so (and reports them), else
   * closes its scope.
   */
  static void afterEach(ExtensionContext context) {
    CleanupMode mode;
    try {
      mode = cleanupMode(context);
    } catch (RuntimeException e) {
      close(context);
      throw e;
    }
    boolean failed = context.getExecutionException().isPresent();
    Scope scope = existing(context);
    if (scope == null) return;
    Scope.activate(scope.parent());
    if (mode == CleanupMode.NEVER || (failed && mode == CleanupMode.ON_SUCCESS)) {
      List<String> kept = scope.abandon();
      if (!kept.isEmpty()) {
        context.publishReportEntry("netns.kept", String.join(" ", kept));
      }
      context.getStore(Stores.NS).remove(scopeKey(context));
      return;
    }
    close(context);
  }

  /** The notice for a failed test whose namespaces are kept, or null when none are kept. */
  static String keptNotice(ExtensionContext context) {
    CleanupMode mode = cleanupMode(context);
    Scope scope = existing(context);
    if (scope != null && (mode == CleanupMode.ON_SUCCESS || mode == CleanupMode.NEVER)) {
      List<String> kept = scope.ownedNamespaces();
      if (!kept.isEmpty()) return keptNotice(kept, scope.backend(), mode);
    }
    return null;
  }

  private static String keptNotice(List<String> kept, Backend backend, CleanupMode mode) {
    String p = backend.shellPrefix();
    StringBuilder b = new StringBuilder("junit-netns kept the namespaces of this failed test (cleanup mode "
        + mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ") on the " + backend.describe() + ":");
    for (String k : kept) b.append("\n  ").append(k);
    b.append("\nInspect them with:");
    for (String k : kept) b.append("\n  ").append(p).append("ip -n ").append(k).append(" addr; ").append(p)
        .append("ip -n ").append(k).append(" route");
    b.append("\nRemove them with:");
    for (String k : kept) b.append("\n  ").append(p).append("ip netns del ").append(k);
    b.append("\n(otherwise the next junit-netns run removes them once this JVM has exited)");
    return b.toString();
  }

  /** The class's {@code @NetnsTest(cleanup)}, else {@code netns.cleanup}, else {@code always}. */
  static CleanupMode cleanupMode(ExtensionContext context) {
    CleanupMode fromAnnotation = context.getTestClass().flatMap(NetnsCondition::findNetnsTest)
        .map(NetnsTest::cleanup).orElse(CleanupMode.DEFAULT);
    if (fromAnnotation != CleanupMode.DEFAULT) return fromAnnotation;
    CleanupMode fromConfig = CleanupMode.parse(Stores.settings(context).cleanup());
    return fromConfig == CleanupMode.DEFAULT ? CleanupMode.ALWAYS : fromConfig;
  }

  /** Stores are hierarchical (a child sees its parents' values), so each level keys its scope by its own id. */
  private static String scopeKey(ExtensionContext context) {
    return SCOPE + ":" + context.getUniqueId();
  }

  private static Backend backend(ExtensionContext context) {
    Optional<KindNode> kind = Backends.kindNode(context);
    if (kind.isEmpty()) {
      Optional<String> missing = LocalBackend.missingPrivileges();
      if (missing.isPresent()) {
        throw new NetnsException("junit-netns cannot create network namespaces here: " + missing.get());
      }
      LocalBackend b = LocalBackend.get(Stores.settings(context));
      b.reapOnce();
      return b;
    }
    // one backend (and exec channel) per node for the whole class, closed with the class's store
    ExtensionContext classContext = context;
    while (classContext.getParent().isPresent() && classContext.getParent().get().getTestClass().isPresent()) {
      classContext = classContext.getParent().get();
    }
    String key = BACKEND + ":" + kind.get().cluster() + "/" + kind.get().node();
    ExtensionContext.Store store = classContext.getStore(Stores.NS);
    synchronized (ScopeLifecycle.class) {
      Stored<?> b = store.get(key, Stored.class);
      if (b == null) {
        Backend made = Backends.kind(kind.get(), Stores.settings(context));
        store.put(key, new Stored<>(made));
        made.reapOnce();
        return made;
      }
      return (Backend) b.value;
    }
  }

  /**
   * A scope or a kind backend in a store: closed once by JUnit when its context ends (JUnit 5
   * closes {@code CloseableResource}s, JUnit 6 {@code AutoCloseable}s; either way once), or earlier
   * by hand.
   */
  @SuppressWarnings("deprecation") // CloseableResource: what JUnit 5.10 to 5.12 close
  static final class Stored<T extends AutoCloseable> implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final T value;
    private boolean closed;

    Stored(T value) {
      this.value = value;
    }

    @Override
    public synchronized void close() throws Exception {
      if (closed) return;
      closed = true;
      value.close();
    }
  }
}
