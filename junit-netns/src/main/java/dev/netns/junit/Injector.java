package dev.netns.junit;

import dev.netns.Netns;
import dev.netns.Target;
import dev.netns.Veth;
import dev.netns.internal.core.NetnsImpl;
import dev.netns.internal.core.Scope;
import dev.netns.internal.core.ScopedTarget;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Injection, as {@code @TempDir} does it: static fields are filled for the class
 * ({@code beforeAll}), instance fields and test-method parameters for each test
 * ({@code beforeEach}, all validated together before the first fixture is made), parameters of
 * lifecycle methods and constructors on demand. The core (scope, plan) decides what to make.
 */
final class Injector {

  private static final String PARAMS = "params";

  private Injector() {
  }

  /** Fills the static fields of the test class, in the class scope (made only when one is needed). */
  static void beforeAll(ExtensionContext context) {
    List<Injection> statics = new ArrayList<>();
    for (Field f : fields(context.getRequiredTestClass(), true)) {
      if (Injection.isOurs(f)) statics.add(Injection.of(f));
    }
    // The class scope is made only when static fields need it (or a @BeforeAll parameter asks), so
    // that a missing privilege fails each test with its reason rather than the class container.
    if (statics.isEmpty()) return;
    inject(build(ScopeLifecycle.activeScope(context), statics));
  }

  /** Fills the instance fields and makes the test method's parameters, in the test's scope. */
  static void beforeEach(ExtensionContext context) {
    Scope scope = ScopeLifecycle.activeScope(context); // what the test changes in its class's namespaces belongs to it
    List<Injection> wanted = new ArrayList<>();
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Field f : Injectables.instanceFields(instance.getClass())) wanted.add(Injection.of(f, instance));
    }
    for (Injectables.Param p : Injectables.parameters(context.getRequiredTestMethod())) {
      wanted.add(Injection.of(p.parameter(), p.index()));
    }
    if (wanted.isEmpty()) return;
    Map<Injection, Object> values = build(scope, wanted);
    inject(values);
    Map<Integer, Object> params = new HashMap<>();
    values.forEach((inj, v) -> {
      if (inj.parameterIndex() >= 0) params.put(inj.parameterIndex(), v);
    });
    context.getStore(Stores.NS).put(PARAMS, params);
  }

  static boolean supports(ParameterContext pc) {
    return Injectables.isOurs(pc.getParameter());
  }

  /** A test method's parameter made in {@code beforeEach}, or one made now in the current scope. */
  static Object resolve(ParameterContext pc, ExtensionContext ec) {
    boolean isTestMethod = ec.getTestMethod().isPresent()
        && pc.getDeclaringExecutable().equals(ec.getTestMethod().get());
    if (isTestMethod) {
      @SuppressWarnings("unchecked")
      Map<Integer, Object> params = ec.getStore(Stores.NS).get(PARAMS, Map.class);
      if (params != null && params.containsKey(pc.getIndex())) return params.get(pc.getIndex());
    }
    // lifecycle methods and constructors: made on demand in the current scope
    Injection inj = Injection.of(pc.getParameter(), pc.getIndex());
    try {
      return build(ScopeLifecycle.activeScope(ec), List.of(inj)).get(inj);
    } catch (ExtensionConfigurationException e) {
      throw new ParameterResolutionException(e.getMessage(), e);
    }
  }

  private static Map<Injection, Object> build(Scope scope, List<Injection> wanted) {
    Plan plan = Plan.validate(scope, wanted);
    try {
      return plan.execute(scope, ScopedTarget::new);
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

  private static void inject(Map<Injection, Object> values) {
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

  /** The static (or instance) fields of a class and its superclasses, superclass fields first. */
  static List<Field> fields(Class<?> c, boolean statics) {
    return ReflectionSupport.findFields(c, f -> Modifier.isStatic(f.getModifiers()) == statics,
        HierarchyTraversalMode.TOP_DOWN);
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
