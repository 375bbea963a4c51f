package dev.netns.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which fields and parameters the extension fills, looked up once per class and per test method
 * instead of once per test: a class's fields and a method's parameter annotations do not change,
 * and walking them (with the annotation look-ups) was repeated for every repetition of every
 * test. Only the lists are remembered; the injections themselves are made per test.
 */
final class Injectables {

  private static final ClassValue<List<Field>> INSTANCE_FIELDS = new ClassValue<>() {
    @Override
    protected List<Field> computeValue(Class<?> type) {
      List<Field> out = new ArrayList<>();
      for (Field f : Injector.fields(type, false)) {
        if (Injection.isOurs(f)) out.add(f);
      }
      return List.copyOf(out);
    }
  };

  /** One parameter the extension fills. */
  record Param(int index, Parameter parameter) {
  }

  /** Per declaring class (so that nothing outlives a class loader): method -> its parameters that the extension fills. */
  private static final ClassValue<ConcurrentHashMap<Method, List<Param>>> PARAMETERS = new ClassValue<>() {
    @Override
    protected ConcurrentHashMap<Method, List<Param>> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };

  /** Per declaring class: whether a parameter is one the extension fills (JUnit asks for every parameter of every test). */
  private static final ClassValue<ConcurrentHashMap<Parameter, Boolean>> OURS = new ClassValue<>() {
    @Override
    protected ConcurrentHashMap<Parameter, Boolean> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };

  private Injectables() {
  }

  /** Per declaring class: a field's or parameter's annotations of ours (meta-annotation search at any depth is slow). */
  private static final ClassValue<ConcurrentHashMap<java.lang.reflect.AnnotatedElement, List<java.lang.annotation.Annotation>>>
      ANNOTATIONS = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<java.lang.reflect.AnnotatedElement, List<java.lang.annotation.Annotation>> computeValue(
            Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  /** {@code find.apply(e)} for a {@link Field} or {@link Parameter}, remembered; other elements are not cached. */
  static List<java.lang.annotation.Annotation> annotations(java.lang.reflect.AnnotatedElement e,
      java.util.function.Function<java.lang.reflect.AnnotatedElement, List<java.lang.annotation.Annotation>> find) {
    Class<?> owner = e instanceof Field f ? f.getDeclaringClass()
        : e instanceof Parameter p ? p.getDeclaringExecutable().getDeclaringClass() : null;
    if (owner == null) return find.apply(e);
    return ANNOTATIONS.get(owner).computeIfAbsent(e, k -> List.copyOf(find.apply(k)));
  }

  /** {@link Injection#isOurs(Parameter)}, remembered. */
  static boolean isOurs(Parameter p) {
    return OURS.get(p.getDeclaringExecutable().getDeclaringClass()).computeIfAbsent(p, Injection::isOurs);
  }

  /** The non-static fields of {@code type} (and its superclasses) that carry our annotations or types. */
  static List<Field> instanceFields(Class<?> type) {
    return INSTANCE_FIELDS.get(type);
  }

  /** The parameters of {@code m} that the extension fills. */
  static List<Param> parameters(Method m) {
    return PARAMETERS.get(m.getDeclaringClass()).computeIfAbsent(m, k -> {
      List<Param> out = new ArrayList<>();
      Parameter[] ps = k.getParameters();
      for (int i = 0; i < ps.length; i++) {
        if (Injection.isOurs(ps[i])) out.add(new Param(i, ps[i]));
      }
      return List.copyOf(out);
    });
  }
}
