package dev.netns.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.Target;
import dev.netns.Veth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Scoping as JUnit's @TempDir: static = class, instance field and parameter = one test. */
@NetnsTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScopeTest {

  @NetNamespace("shared")
  static Netns shared;

  @NetNamespace("mine")
  Netns mine;

  @HostNamespace
  Netns host;

  Target target;

  static final List<String> instanceNames = new ArrayList<>();
  static String sharedName;

  @BeforeEach
  void lifecycleParameters(@NetNamespace("mine") Netns sameAsField) {
    assertThat(sameAsField).isEqualTo(mine);
  }

  @Test
  @Order(1)
  void staticFieldLivesForTheClass(@NetNamespace("shared") Netns sameShared) {
    assertThat(shared).isNotNull().isEqualTo(sameShared);
    sharedName = shared.name();
    instanceNames.add(mine.name());
  }

  @Test
  @Order(2)
  void instanceFieldIsNewForEachTest() {
    assertThat(shared.name()).isEqualTo(sharedName);
    assertThat(instanceNames).doesNotContain(mine.name());
    instanceNames.add(mine.name());
    assertThat(Leaks.allNamespaces()).contains(sharedName).doesNotContain(instanceNames.get(0));
  }

  @Test
  @Order(3)
  void sameLogicalNameIsTheSameNamespace(@NetNamespace("red") Netns red1, @NetNamespace("red") Netns red2,
                                         @NetNamespace Netns anonymous1, @NetNamespace Netns anonymous2) {
    assertThat(red1).isEqualTo(red2);
    assertThat(anonymous1).isNotEqualTo(anonymous2);
    assertThat(red1.logicalName()).isEqualTo("red");
    assertThat(red1.name()).contains("-red-");
    assertThat(red1.links()).extracting(l -> l.name()).containsExactly("lo");
    assertThat(red1.link("lo").orElseThrow().isUp()).isTrue();
  }

  @Test
  @Order(4)
  void vethNamesImplicitNamespacesAndTheHostSide(
      @VethPair(left = "pod", leftAddress = "10.1.0.2/24", rightAddress = "10.1.0.1/24") Veth toHost,
      @VethPair(left = "pod", right = "shared", leftName = "net1", rightName = "net1") Veth toShared,
      @HostNamespace Netns hostParam, Target targetParam) {
    Netns pod = toHost.left().netns();
    assertThat(pod.logicalName()).isEqualTo("pod");
    assertThat(toHost.right().netns()).isEqualTo(host).isEqualTo(hostParam).isEqualTo(targetParam.host())
        .isEqualTo(target.host());
    assertThat(host.name()).as("local host side is a stand-in namespace").startsWith("jn-");
    assertThat(toHost.left().name()).startsWith("jn").hasSizeLessThanOrEqualTo(15);
    assertThat(toShared.right().netns()).isEqualTo(shared);
    assertThat(pod.ping("10.1.0.1", Duration.ofSeconds(1)).success()).isTrue();
  }

  @Test
  @Order(5)
  void targetListsEveryNamespace(Target t, @NetNamespace("x") Netns x) {
    assertThat(t.describe()).isEqualTo(dev.netns.internal.local.Rootless.active() ? "local kernel (rootless)" : "local kernel");
    assertThat(t.namespaces()).contains(x, shared);
    assertThat(t.namespace(x.name())).contains(x);
    assertThat(t.namespace("no-such-namespace")).isEmpty();
  }

  @AfterAll
  static void everyPerTestNamespaceIsGone() {
    for (String n : instanceNames) assertThat(Leaks.allNamespaces()).doesNotContain(n);
  }
}
