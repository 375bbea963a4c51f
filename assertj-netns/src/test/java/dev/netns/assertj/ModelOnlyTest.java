package dev.netns.assertj;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The wall (docs/architecture.md): assertj-netns reaches the kernel only through the model
 * ({@code dev.netns}); no compiled class of it refers to a {@code dev.netns.internal} type, so
 * the assertions work unchanged on every target and engine.
 */
class ModelOnlyTest {

  @Test
  void noClassReferencesInternalTypes() throws Exception {
    Path root = Path.of(NetnsAssertions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> offenders = new ArrayList<>();
    int classes = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        classes++;
        // a class's constant pool names every type it uses, in internal form
        String pool = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        if (pool.contains("dev/netns/internal/")) offenders.add(root.relativize(p).toString());
      }
    }
    assertThat(classes).isGreaterThan(10);
    assertThat(offenders).as("assertj-netns classes that use dev.netns.internal").isEmpty();
  }
}
