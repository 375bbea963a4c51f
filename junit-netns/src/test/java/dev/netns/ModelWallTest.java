package dev.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The wall (docs/architecture.md): the model depends on nothing of junit-netns below it. No
 * compiled class of the package {@code dev.netns} itself names a {@code dev.netns.internal} type:
 * a grid runs through {@link Target#probeCells}, which the core's target implements.
 */
class ModelWallTest {

  private static final Pattern INTERNAL = Pattern.compile("dev/netns/internal/[A-Za-z0-9_/$]+");

  @Test
  void modelClassesNameNoInternalType() throws Exception {
    Path root = Path.of(Netns.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path dir = root.resolve("dev/netns");
    Set<String> offenders = new TreeSet<>();
    int classes = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        classes++;
        // a class's constant pool names every type it uses (fields, signatures, casts, calls)
        Matcher m = INTERNAL.matcher(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
        while (m.find()) offenders.add(p.getFileName() + " uses " + m.group().replace('/', '.'));
      }
    }
    assertThat(classes).as("classes found in " + dir).isGreaterThan(20);
    assertThat(offenders).as("dev.netns classes that use dev.netns.internal").isEmpty();
  }
}
