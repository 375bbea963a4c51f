package dev.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * For the architecture tests: which types the compiled classes of one package name. A class's
 * constant pool names every type it uses (fields, signatures, casts, calls), so reading it as text
 * finds them without a bytecode library.
 */
public final class ConstantPools {

  private ConstantPools() {
  }

  /** What the classes of one package name: how many classes were read, and each use found. */
  public record Scan(int classes, Set<String> uses) {
  }

  /**
   * Every match of {@code type} (internal form, e.g. {@code dev/netns/internal/...}) in the classes
   * directly in package {@code pkg} (e.g. {@code dev/netns/cni}), as "Class.class uses a.b.C".
   */
  public static Scan scan(Class<?> anyClassOfTheModule, String pkg, Pattern type) throws Exception {
    Path root = Path.of(anyClassOfTheModule.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> uses = new TreeSet<>();
    int classes = 0;
    try (Stream<Path> files = Files.list(root.resolve(pkg))) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        classes++;
        Matcher m = type.matcher(read(p));
        while (m.find()) uses.add(p.getFileName() + " uses " + m.group().replace('/', '.'));
      }
    }
    return new Scan(classes, uses);
  }

  private static String read(Path p) throws IOException {
    return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
  }
}
