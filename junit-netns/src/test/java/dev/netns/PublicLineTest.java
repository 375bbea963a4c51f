package dev.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public line (docs/architecture.md): the public packages ({@code dev.netns}, {@code .junit},
 * {@code .cni}, {@code .kind}) never show a {@code dev.netns.internal} type in what users can
 * reach: superclasses, interfaces, and the types of public or protected constructors, methods
 * and fields of public classes. Internal types may change in any release; users compile against
 * the public ones only.
 */
class PublicLineTest {

  private static final List<String> PUBLIC = List.of("dev.netns", "dev.netns.junit", "dev.netns.cni", "dev.netns.kind");

  @Test
  void publicSignaturesNeverNameInternalTypes() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : publicClasses()) {
      if (!Modifier.isPublic(c.getModifiers())) continue;
      check(c.getGenericSuperclass(), c.getName() + " extends", leaks);
      for (Type t : c.getGenericInterfaces()) check(t, c.getName() + " implements", leaks);
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (!reachable(k.getModifiers())) continue;
        for (Type t : k.getGenericParameterTypes()) check(t, c.getName() + ".<init>", leaks);
      }
      for (Method m : c.getDeclaredMethods()) {
        if (!reachable(m.getModifiers()) || m.isSynthetic()) continue;
        check(m.getGenericReturnType(), c.getName() + "." + m.getName() + " returns", leaks);
        for (Type t : m.getGenericParameterTypes()) check(t, c.getName() + "." + m.getName() + " takes", leaks);
      }
      for (Field f : c.getDeclaredFields()) {
        if (reachable(f.getModifiers())) check(f.getGenericType(), c.getName() + "." + f.getName(), leaks);
      }
    }
    assertThat(leaks).as("public signatures that name dev.netns.internal types").isEmpty();
  }

  private static boolean reachable(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void check(Type t, String where, List<String> leaks) {
    if (t == null) return;
    if (t instanceof Class<?> c) {
      while (c.isArray()) c = c.getComponentType();
      if (c.getName().startsWith("dev.netns.internal.")) leaks.add(where + " " + c.getName());
    } else if (t instanceof ParameterizedType p) {
      check(p.getRawType(), where, leaks);
      for (Type a : p.getActualTypeArguments()) check(a, where, leaks);
    } else if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) check(b, where, leaks);
      for (Type b : w.getLowerBounds()) check(b, where, leaks);
    } else if (t instanceof GenericArrayType g) {
      check(g.getGenericComponentType(), where, leaks);
    }
  }

  /** Every class compiled into the public packages (from this module's classes directory). */
  private static List<Class<?>> publicClasses() throws IOException, URISyntaxException, ClassNotFoundException {
    Path root = Path.of(Netns.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> out = new ArrayList<>();
    for (String pkg : PUBLIC) {
      Path dir = root.resolve(pkg.replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          String f = p.getFileName().toString();
          if (!f.endsWith(".class") || f.equals("package-info.class") || f.equals("module-info.class")) continue;
          out.add(Class.forName(pkg + "." + f.substring(0, f.length() - 6), false, PublicLineTest.class.getClassLoader()));
        }
      }
    }
    assertThat(out).as("classes found under " + root).hasSizeGreaterThan(20);
    return out;
  }
}
