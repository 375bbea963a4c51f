package dev.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
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
    ConstantPools.Scan scan = ConstantPools.scan(Netns.class, "dev/netns", INTERNAL);
    assertThat(scan.classes()).as("classes found in dev/netns").isGreaterThan(20);
    assertThat(scan.uses()).as("dev.netns classes that use dev.netns.internal").isEmpty();
  }
}
