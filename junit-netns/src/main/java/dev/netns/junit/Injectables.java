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

  private Injectables() {
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
