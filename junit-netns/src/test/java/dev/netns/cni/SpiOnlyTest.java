package dev.netns.cni;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.ConstantPools;
import java.util.regex.Pattern;
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
    ConstantPools.Scan scan = ConstantPools.scan(Cni.class, "dev/netns/cni", INTERNAL);
    assertThat(scan.classes()).as("classes found in dev/netns/cni").isGreaterThan(15);
    assertThat(scan.uses()).as("dev.netns.cni classes that use dev.netns.internal outside internal.spi").isEmpty();
  }
}
