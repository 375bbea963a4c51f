package dev.netns.junit;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/** One field or parameter the extension fills, with the annotation that says what to make. */
final class Injection {

  private final Field field;
  private final Object instance;
  private final Parameter parameter;
  private final int parameterIndex;
  private final Class<?> type;
  private final Annotation annotation;

  private Injection(Field field, Object instance, Parameter parameter, int parameterIndex) {
    this.field = field;
    this.instance = instance;
    this.parameter = parameter;
    this.parameterIndex = parameterIndex;
    AnnotatedElement e = field != null ? field : parameter;
    this.type = field != null ? field.getType() : parameter.getType();
    List<Annotation> ours = ours(e);
    if (ours.size() > 1) {
      throw new ExtensionConfigurationException(describe() + " carries " + names(ours)
          + "; use only one of @NetNamespace, @HostNamespace and @VethPair per " + (field != null ? "field" : "parameter"));
    }
    this.annotation = ours.isEmpty() ? null : ours.get(0);
    checkType();
    if (field != null && Modifier.isFinal(field.getModifiers())) {
      throw new ExtensionConfigurationException(label() + " is not supported on a final field: " + describe()
          + " must not be final");
    }
  }

  static Injection of(Field f) {
    return new Injection(f, null, null, -1);
  }

  static Injection of(Field f, Object instance) {
    return new Injection(f, instance, null, -1);
  }

  static Injection of(Parameter p, int index) {
    return new Injection(null, null, p, index);
  }

  static boolean isOurs(Field f) {
    return !ours(f).isEmpty() || Injector.isImplicit(f.getType());
  }

  static boolean isOurs(Parameter p) {
    return !ours(p).isEmpty() || Injector.isImplicit(p.getType());
  }

  /** Our annotations on a field or parameter; looked up once per element ({@link Injectables}). */
  private static List<Annotation> ours(AnnotatedElement e) {
    return Injectables.annotations(e, Injection::findOurs);
  }

  private static List<Annotation> findOurs(AnnotatedElement e) {
    List<Annotation> out = new ArrayList<>();
    for (Class<? extends Annotation> a : List.of(NetNamespace.class, HostNamespace.class, VethPair.class)) {
      // as JUnit finds annotations: present, or meta-present at any depth (composed annotations)
      AnnotationSupport.findAnnotation(e, a).ifPresent(out::add);
    }
    return out;
  }

  private static String names(List<Annotation> as) {
    List<String> n = new ArrayList<>();
    for (Annotation a : as) n.add("@" + a.annotationType().getSimpleName());
    return String.join(" and ", n);
  }

  private void checkType() {
    if (annotation == null) return;
    Class<?> expected = annotation instanceof VethPair ? dev.netns.Veth.class : dev.netns.Netns.class;
    if (type != expected) {
      throw new ExtensionConfigurationException(label() + " is only supported on " + (field != null ? "fields" : "parameters")
          + " of type " + expected.getName() + ", but " + describe() + " has type " + type.getName());
    }
  }

  Field field() {
    return field;
  }

  Object instance() {
    return instance;
  }

  int parameterIndex() {
    return field == null ? parameterIndex : -1;
  }

  Class<?> type() {
    return type;
  }

  Annotation annotation() {
    return annotation;
  }

  /** {@code @VethPair}, {@code @NetNamespace("red")}. */
  String label() {
    if (annotation == null) return type.getSimpleName() + " injection";
    if (annotation instanceof NetNamespace n) return "@NetNamespace" + (n.value().isEmpty() ? "" : "(\"" + n.value() + "\")");
    return "@" + annotation.annotationType().getSimpleName();
  }

  /** {@code parameter 'cable' of VethLabTest.twoNamespacesTalk(Netns, Netns, Veth)}. */
  String describe() {
    if (field != null) {
      return (Modifier.isStatic(field.getModifiers()) ? "static field '" : "field '") + field.getName() + "' of "
          + field.getDeclaringClass().getSimpleName();
    }
    Executable ex = parameter.getDeclaringExecutable();
    List<String> types = new ArrayList<>();
    for (Class<?> t : ex.getParameterTypes()) types.add(t.getSimpleName());
    return "parameter '" + parameter.getName() + "' of " + ex.getDeclaringClass().getSimpleName() + "."
        + (ex instanceof java.lang.reflect.Constructor ? "<init>" : ex.getName()) + "(" + String.join(", ", types) + ")";
  }
}
