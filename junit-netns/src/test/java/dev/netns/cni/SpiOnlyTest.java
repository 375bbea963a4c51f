package dev.netns.cni;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The wall (docs/architecture.md): the CNI harness talks to the target through the SPI alone. No
 * compiled class of {@code dev.netns.cni} names a {@code dev.netns.internal} type outside
 * {@code dev.netns.internal.spi}: not the core's scope, namespaces or ownership journal, not a
 * backend, so the core can change without the harness noticing.
 */
class SpiOnlyTest {

  /** A type name in a class's constant pool (internal form), e.g. {@code dev/netns/internal/core/Scope}. */
  private static final Pattern INTERNAL = Pattern.compile("dev/netns/internal/(?!spi/)[A-Za-z0-9_/$]+");

  @Test
  void cniClassesNameOnlySpiTypesOfInternal() throws Exception {
    Path root = Path.of(Cni.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path dir = root.resolve("dev/netns/cni");
    java.util.Set<String> offenders = new java.util.TreeSet<>();
    int classes = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        classes++;
        // a class's constant pool names every type it uses (fields, signatures, casts, calls)
        Matcher m = INTERNAL.matcher(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
        while (m.find()) offenders.add(p.getFileName() + " uses " + m.group().replace('/', '.'));
      }
    }
    assertThat(classes).as("classes found in " + dir).isGreaterThan(15);
    assertThat(offenders).as("dev.netns.cni classes that use dev.netns.internal outside internal.spi").isEmpty();
  }
}
