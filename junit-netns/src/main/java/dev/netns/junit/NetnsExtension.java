package dev.netns.junit;

import dev.netns.Netns;
import dev.netns.NetnsSettings;
import dev.netns.Target;
import dev.netns.Veth;
import dev.netns.internal.core.Backend;
import dev.netns.internal.core.NetnsImpl;
import dev.netns.internal.core.ScopedTarget;
import dev.netns.internal.core.Scope;
import dev.netns.internal.local.LocalBackend;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The extension behind {@link NetnsTest}. Scoping follows JUnit's {@code @TempDir}: static fields
 * live for the class ({@code beforeAll}), instance fields and parameters for one test. Everything
 * a scope creates is undone in reverse order after it, also when the test or the set-up failed,
 * unless the cleanup mode keeps a failed test's namespaces for inspection.
 *
 * <p>All fixtures of a test are validated before the first one is created, so a bad annotation
 * fails the test before its body runs and leaves nothing behind.
 */
public class NetnsExtension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback,
    BeforeEachCallback, AfterEachCallback, ParameterResolver, TestExecutionExceptionHandler {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NetnsExtension.class);

  static {
    WarmUp.start(); // when no launcher session listener ran (e.g. the JUnit testkit)
  }
  private static final String SCOPE = "scope";
  private static final String PARAMS = "params";
  private static final String BACKEND = "backend";

  // ------------------------------------------------------------------ conditions

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<KindNode> kind = Backends.kindNode(context);
    if (kind.isPresent()) {
      Optional<String> why = Backends.kindUnavailable(kind.get());
      boolean skip = kind.get().disabledWithoutNode() || context.getConfigurationParameter("netns.kind.disabledWithoutNode")
          .map(Boolean::parseBoolean).orElse(false);
      if (why.isPresent() && skip) {
        return ConditionEvaluationResult.disabled("junit-netns: " + why.get());
      }
      return ConditionEvaluationResult.enabled("kind node " + kind.get().node());
    }
    Optional<String> missing = LocalBackend.missingPrivileges();
    if (missing.isPresent() && skipWithoutPrivileges(context)) {
      return ConditionEvaluationResult.disabled("junit-netns: " + missing.get());
    }
    return ConditionEvaluationResult.enabled("local kernel");
  }

  private static boolean skipWithoutPrivileges(ExtensionContext context) {
    boolean annotated = context.getTestClass()
        .flatMap(c -> findNetnsTest(c))
        .map(NetnsTest::disabledWithoutPrivileges).orElse(false);
    return annotated || context.getConfigurationParameter("netns.disabledWithoutPrivileges")
        .map(Boolean::parseBoolean).orElse(false);
  }

  private static Optional<NetnsTest> findNetnsTest(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      NetnsTest t = k.getAnnotation(NetnsTest.class);
      if (t != null) return Optional.of(t);
      for (java.lang.annotation.Annotation a : k.getAnnotations()) {
        NetnsTest meta = a.annotationType().getAnnotation(NetnsTest.class);
        if (meta != null) return Optional.of(meta);
      }
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------ lifecycle

  @Override
  public void beforeAll(ExtensionContext context) {
    NetnsSettings.useSource(key -> context.getConfigurationParameter(key).orElse(null));
    cleanupMode(context); // a bad netns.cleanup fails before anything is created
    List<Injection> statics = new ArrayList<>();
    for (Field f : fields(context.getRequiredTestClass())) {
      if (Modifier.isStatic(f.getModifiers()) && Injection.isOurs(f)) statics.add(Injection.of(f));
    }
    // The class scope is made only when static fields need it (or a @BeforeAll parameter asks), so
    // that a missing privilege fails each test with its reason rather than the class container.
    if (statics.isEmpty()) return;
    Scope scope = scope(context);
    Scope.activate(scope);
    Map<Injection, Object> values = build(scope, statics);
    inject(null, values);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Throwable failure = null;
    Scope.activate(null);
    try {
      closeScope(context);
    } catch (RuntimeException e) {
      failure = e;
    }
    // every kind backend the class used (class-level @KindNode and method-level ones): their exec sessions end here
    @SuppressWarnings("unchecked")
    List<Backend> used = context.getStore(NS).remove(BACKEND, List.class);
    if (used != null) {
      for (Backend b : used) {
        if (b instanceof LocalBackend) continue;
        try {
          b.close();
        } catch (RuntimeException e) {
          if (failure == null) failure = e; else failure.addSuppressed(e);
        }
      }
    }
    if (failure instanceof RuntimeException re) throw re;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Scope scope = scope(context);
    Scope.activate(scope); // what the test changes in its class's namespaces belongs to the test
    List<Injection> wanted = new ArrayList<>();
    List<Object> instances = context.getRequiredTestInstances().getAllInstances();
    for (Object instance : instances) {
      for (Field f : fields(instance.getClass())) {
        if (!Modifier.isStatic(f.getModifiers()) && Injection.isOurs(f)) wanted.add(Injection.of(f, instance));
      }
    }
    java.lang.reflect.Method m = context.getRequiredTestMethod();
    Parameter[] ps = m.getParameters();
    for (int i = 0; i < ps.length; i++) {
      if (Injection.isOurs(ps[i])) wanted.add(Injection.of(ps[i], i));
    }
    if (wanted.isEmpty()) return;
    Map<Injection, Object> values = build(scope, wanted);
    inject(instances, values);
    Map<Integer, Object> params = new java.util.HashMap<>();
    values.forEach((inj, v) -> {
      if (inj.parameterIndex() >= 0) params.put(inj.parameterIndex(), v);
    });
    context.getStore(NS).put(PARAMS, params);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    CleanupMode mode;
    try {
      mode = cleanupMode(context);
    } catch (RuntimeException e) {
      closeScope(context);
      throw e;
    }
    boolean failed = context.getExecutionException().isPresent();
    Scope scope = context.getStore(NS).get(scopeKey(context), Scope.class);
    if (scope == null) return;
    Scope.activate(scope.parent());
    if (mode == CleanupMode.NEVER || (failed && mode == CleanupMode.ON_SUCCESS)) {
      List<String> kept = scope.abandon();
      if (!kept.isEmpty()) {
        context.publishReportEntry("netns.kept", String.join(" ", kept));
      }
      context.getStore(NS).remove(scopeKey(context));
      return;
    }
    closeScope(context);
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
    CleanupMode mode;
    try {
      mode = cleanupMode(context);
    } catch (RuntimeException e) {
      throw throwable; // the bad setting is reported by afterEach; never hide the test's own failure
    }
    Scope scope = context.getStore(NS).get(scopeKey(context), Scope.class);
    if (scope != null && (mode == CleanupMode.ON_SUCCESS || mode == CleanupMode.NEVER)) {
      List<String> kept = scope.ownedNamespaces();
      // in the failure's own message, so that surefire's summary and IDEs show it
      if (!kept.isEmpty()) throw FailureNotes.amend(throwable, keptNotice(kept, scope.backend(), mode));
    }
    throw throwable;
  }

  /** The notice added to a failed test's message when its namespaces were kept for inspection. */
  static String keptNotice(List<String> kept, Backend backend, CleanupMode mode) {
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

  private static CleanupMode cleanupMode(ExtensionContext context) {
    CleanupMode fromAnnotation = context.getTestClass().flatMap(NetnsExtension::findNetnsTest)
        .map(NetnsTest::cleanup).orElse(CleanupMode.DEFAULT);
    if (fromAnnotation != CleanupMode.DEFAULT) return fromAnnotation;
    CleanupMode fromConfig = context.getConfigurationParameter("netns.cleanup").map(CleanupMode::parse)
        .orElse(CleanupMode.DEFAULT);
    return fromConfig == CleanupMode.DEFAULT ? CleanupMode.ALWAYS : fromConfig;
  }

  private void closeScope(ExtensionContext context) {
    Scope scope = context.getStore(NS).remove(scopeKey(context), Scope.class);
    if (scope != null) scope.close();
  }

  // ------------------------------------------------------------------ parameters

  @Override
  public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
    Parameter p = pc.getParameter();
    return Injection.isOurs(p);
  }

  @Override
  public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
    boolean isTestMethod = ec.getTestMethod().isPresent()
        && pc.getDeclaringExecutable().equals(ec.getTestMethod().get());
    if (isTestMethod) {
      @SuppressWarnings("unchecked")
      Map<Integer, Object> params = ec.getStore(NS).get(PARAMS, Map.class);
      if (params != null && params.containsKey(pc.getIndex())) return params.get(pc.getIndex());
    }
    // lifecycle methods and constructors: made on demand in the current scope
    Injection inj = Injection.of(pc.getParameter(), pc.getIndex());
    try {
      Scope scope = scope(ec);
      Scope.activate(scope);
      return build(scope, List.of(inj)).get(inj);
    } catch (ExtensionConfigurationException e) {
      throw new ParameterResolutionException(e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ building

  private Map<Injection, Object> build(Scope scope, List<Injection> wanted) {
    Plan plan = Plan.validate(scope, wanted);
    try {
      return plan.execute(scope, this::targetFor);
    } catch (RuntimeException e) {
      // set-up failed halfway: undo what this scope made so far, keep the original failure
      try {
        scope.close();
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private Object targetFor(Scope scope) {
    return new ScopedTarget(scope);
  }

  private static void inject(List<Object> instances, Map<Injection, Object> values) {
    values.forEach((inj, v) -> {
      if (inj.field() == null) return;
      try {
        inj.field().setAccessible(true);
        inj.field().set(inj.instance(), v);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new ExtensionConfigurationException("cannot inject " + inj.describe() + ": " + e.getMessage(), e);
      }
    });
  }

  /** The scope for this context: class-level for a class context, method-level (child of the class's) otherwise. */
  private Scope scope(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NS);
    Scope s = store.get(scopeKey(context), Scope.class);
    if (s != null) return s;
    Backend backend = backend(context);
    Scope parent = null;
    Optional<ExtensionContext> up = context.getParent();
    while (up.isPresent() && up.get().getTestClass().isPresent()) {
      Scope candidate = up.get().getStore(NS).get(scopeKey(up.get()), Scope.class);
      if (candidate != null) {
        parent = candidate.backend() == backend ? candidate : null;
        break;
      }
      up = up.get().getParent();
    }
    Scope created = new Scope(backend, parent, context.getDisplayName());
    store.put(scopeKey(context), created);
    return created;
  }

  /** Stores are hierarchical (a child sees its parents' values), so each level keys its scope by its own id. */
  private static String scopeKey(ExtensionContext context) {
    return SCOPE + ":" + context.getUniqueId();
  }

  private Backend backend(ExtensionContext context) {
    Optional<KindNode> kind = Backends.kindNode(context);
    if (kind.isEmpty()) {
      Optional<String> missing = LocalBackend.missingPrivileges();
      if (missing.isPresent()) {
        throw new dev.netns.NetnsException("junit-netns cannot create network namespaces here: " + missing.get());
      }
      LocalBackend b = LocalBackend.get();
      b.reapOnce();
      return b;
    }
    // one backend (and exec channel) per node for the whole class
    ExtensionContext classContext = context;
    while (classContext.getParent().isPresent() && classContext.getParent().get().getTestClass().isPresent()) {
      classContext = classContext.getParent().get();
    }
    String key = BACKEND + ":" + kind.get().cluster() + "/" + kind.get().node();
    ExtensionContext.Store store = classContext.getStore(NS);
    synchronized (NetnsExtension.class) {
      Backend b = store.get(key, Backend.class);
      if (b == null) {
        b = Backends.kind(kind.get());
        store.put(key, b);
        @SuppressWarnings("unchecked")
        List<Backend> used = store.get(BACKEND, List.class);
        if (used == null) {
          used = new java.util.concurrent.CopyOnWriteArrayList<>();
          store.put(BACKEND, used);
        }
        used.add(b);
        b.reapOnce();
      }
      return b;
    }
  }

  static List<Field> fields(Class<?> c) {
    List<Field> out = new ArrayList<>();
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      out.addAll(0, List.of(k.getDeclaredFields()));
    }
    return out;
  }

  /** Whether a field or parameter of this type is injectable without an annotation. */
  static boolean isImplicit(Class<?> type) {
    return type == Target.class || Backends.isCniType(type);
  }

  static boolean isFixtureType(Class<?> type) {
    return type == Netns.class || type == Veth.class;
  }

  static Object implicitValue(Class<?> type, Scope scope) {
    if (type == Target.class) return new ScopedTarget(scope);
    return Backends.cni(new ScopedTarget(scope));
  }

  static NetnsImpl hostOf(Scope scope) {
    return scope.host();
  }
}
