package dev.netns.acceptance;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.Target;
import dev.netns.Veth;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Injection and scoping as API.md describes them: static fields per class, instance fields and
 * parameters per test (like {@code @TempDir}), Target without annotation, the per-test host
 * stand-in, same logical name = same namespace, implicit namespaces, and JUnit features around
 * them (nested classes, PER_CLASS, repeated and parameterized tests, inheritance).
 */
@NetnsTest
class InjectionAcceptanceTest {

  /** What scenarios saw: key -> namespace names (or other strings). */
  static final Map<String, List<String>> SEEN = new ConcurrentHashMap<>();

  static void saw(String key, String value) {
    SEEN.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(value);
  }

  static List<String> seen(String key) {
    return SEEN.getOrDefault(key, List.of());
  }

  private static EngineExecutionResults runClean(Class<?> scenario) {
    SEEN.clear();
    return Kit.runClean(scenario);
  }

  // ------------------------------------------------------------------ direct tests

  @Test
  void nameIsWhatIpNetnsListShows(@NetNamespace("red") Netns red, @NetNamespace Netns anon,
                                  @NetNamespace("with-dash.and.dot") Netns odd) {
    List<String> listed = Kit.netnsList();
    assertThat(listed).contains(red.name(), anon.name(), odd.name());
    assertThat(red.name()).doesNotContain(" ").doesNotContain("(");
    assertThat(red.name()).isNotEqualTo(anon.name()).isNotEqualTo(odd.name());
    // ip -n <name> works with exactly that name
    assertThat(Kit.sh("ip", "-n", odd.name(), "-o", "link")).contains("lo");
  }

  @Test
  void sameLogicalNameIsTheSameNamespace(@NetNamespace("red") Netns a, @NetNamespace("red") Netns b,
                                         @NetNamespace Netns c, @NetNamespace Netns d) {
    assertThat(a.name()).isEqualTo(b.name());
    assertThat(c.name()).isNotEqualTo(d.name()).isNotEqualTo(a.name());
    a.exec("ip", "link", "add", "probe0", "type", "bridge").orThrow();
    assertThat(b).hasLink("probe0");
  }

  @Test
  void freshNamespaceHasLoUpAndNothingElse(@NetNamespace Netns ns) {
    assertThat(ns.links()).extracting(Link::name).containsExactly("lo");
    assertThat(ns).link("lo").isUp();
    assertThat(ns.link("lo")).isPresent();
    assertThat(ns.link("eth0")).isEmpty();
  }

  @Test
  void vethParameterBeforeTheNamespacesItNames(
      @VethPair(left = "x", right = "y", leftAddress = "10.9.0.1/24", rightAddress = "10.9.0.2/24") Veth v,
      @NetNamespace("x") Netns x, @NetNamespace("y") Netns y) {
    assertThat(v.left().netns().name()).isEqualTo(x.name());
    assertThat(v.right().netns().name()).isEqualTo(y.name());
    assertThat(x).canPing("10.9.0.2");
  }

  @Test
  void targetWithoutAnnotation(Target target, @HostNamespace Netns host, @NetNamespace("a") Netns a,
                               @VethPair(left = "a", leftAddress = "10.7.0.2/24", rightAddress = "10.7.0.1/24") Veth v) {
    assertThat(target.host().name()).isEqualTo(host.name());
    assertThat(target.namespaces()).extracting(Netns::name).contains(a.name(), host.name());
    // the host side on the local kernel is a stand-in namespace, never the machine's own
    assertThat(host.name()).isNotEmpty();
    assertThat(Kit.netnsList()).contains(host.name());
    assertThat(host.links()).extracting(Link::name).doesNotContain("eth0");
    assertThat(v.right().netns().name()).isEqualTo(host.name());
    assertThat(host).canPing("10.7.0.2");
    // every namespace ip netns list shows, including ones we did not create
    assertThat(target.namespaces()).extracting(Netns::name).containsAll(
        Kit.netnsList().stream().filter(n -> n.equals(a.name())).collect(Collectors.toList()));
  }

  @Test
  void hostToHostVeth(@HostNamespace Netns host, @VethPair(leftAddress = "10.5.0.1/24", rightAddress = "10.5.0.2/24") Veth v) {
    assertThat(v.left().netns().name()).isEqualTo(host.name());
    assertThat(v.right().netns().name()).isEqualTo(host.name());
    assertThat(v.left().name()).isNotEqualTo(v.right().name());
    assertThat(v.left()).isVethPeerOf(v.right());
    assertThat(v.right()).isVethPeerOf(v.left());
    assertThat(host).hasAddress("10.5.0.1/24").hasAddress("10.5.0.2/24");
  }

  @Test
  void staticAndInstanceFieldsAreScopedLikeTempDir() {
    runClean(FieldScoping.class);
    List<String> statics = seen("static");
    List<String> instances = seen("instance");
    List<String> staticVeth = seen("staticVethLeft");
    assertThat(statics).hasSize(2);
    assertThat(statics.get(0)).isEqualTo(statics.get(1));
    assertThat(staticVeth).hasSize(2).allMatch(n -> n.equals(staticVeth.get(0)));
    assertThat(instances).hasSize(2);
    assertThat(instances.get(0)).isNotEqualTo(instances.get(1));
    assertThat(Kit.netnsList()).doesNotContain(statics.get(0), instances.get(0), instances.get(1));
    // the instance namespace of the first test was gone when the second test ran
    assertThat(seen("listedInSecond")).doesNotContain(instances.get(0));
  }

  @Test
  void hostStandInIsPerTest() {
    runClean(HostPerTest.class);
    List<String> hosts = seen("host");
    assertThat(hosts).hasSize(2).doesNotHaveDuplicates();
    assertThat(Kit.netnsList()).doesNotContainAnyElementsOf(hosts);
  }

  @Test
  void fieldAndParameterWithTheSameLogicalName() {
    runClean(FieldPlusParameter.class);
    assertThat(seen("field")).isEqualTo(seen("param"));
  }

  @Test
  void beforeEachParameterSharesTheTestsNamespaces() {
    runClean(BeforeEachParameters.class);
    assertThat(seen("beforeEach")).hasSize(1);
    assertThat(seen("beforeEach")).isEqualTo(seen("test"));
  }

  @Test
  void nestedClassesSeeOuterFieldsAndOwnFixtures() {
    EngineExecutionResults r = runClean(Outer.class);
    assertThat(r.testEvents().succeeded().count()).isEqualTo(2);
    assertThat(seen("outerStatic")).hasSize(2).allMatch(n -> n.equals(seen("outerStatic").get(0)));
    assertThat(seen("innerStatic")).hasSize(1);
    assertThat(Kit.netnsList()).doesNotContainAnyElementsOf(seen("outerStatic"))
        .doesNotContainAnyElementsOf(seen("innerStatic")).doesNotContainAnyElementsOf(seen("outerInstance"));
  }

  @Test
  void perClassLifecycle() {
    EngineExecutionResults r = runClean(PerClass.class);
    assertThat(r.testEvents().succeeded().count()).isEqualTo(2);
    assertThat(seen("instance")).hasSize(2).doesNotHaveDuplicates();
    assertThat(seen("beforeAll")).hasSize(1);
    assertThat(Kit.netnsList()).doesNotContainAnyElementsOf(seen("instance"))
        .doesNotContainAnyElementsOf(seen("beforeAll"));
  }

  @Test
  void repeatedAndParameterizedTests() {
    EngineExecutionResults r = runClean(RepeatedAndParameterized.class);
    assertThat(r.testEvents().succeeded().count()).isEqualTo(5);
    assertThat(seen("repeated")).hasSize(3).doesNotHaveDuplicates();
    assertThat(seen("parameterized")).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void inheritedAnnotatedFields() {
    EngineExecutionResults r = runClean(Child.class);
    assertThat(r.testEvents().succeeded().count()).isEqualTo(1);
  }

  @Test
  void staticTargetField() {
    runClean(StaticTarget.class);
    assertThat(seen("staticHost")).hasSize(2);
  }

  // ------------------------------------------------------------------ scenarios

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class FieldScoping {
    @NetNamespace("shared") static Netns shared;
    @VethPair(left = "shared", leftName = "svl", leftAddress = "10.3.0.1/24", rightAddress = "10.3.0.2/24")
    static Veth staticVeth;
    @NetNamespace Netns mine;

    @Test @Order(1) void first() {
      saw("static", shared.name());
      saw("instance", mine.name());
      saw("staticVethLeft", staticVeth.left().netns().name());
      assertThat(shared).canPing("10.3.0.2");
    }

    @Test @Order(2) void second() {
      saw("static", shared.name());
      saw("instance", mine.name());
      saw("staticVethLeft", staticVeth.left().netns().name());
      Kit.netnsList().forEach(n -> saw("listedInSecond", n));
      assertThat(shared).hasLink("svl").canPing("10.3.0.2");
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class HostPerTest {
    @Test void one(@HostNamespace Netns host) {
      saw("host", host.name());
    }

    @Test void two(Target target) {
      saw("host", target.host().name());
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class FieldPlusParameter {
    @NetNamespace("red") Netns redField;

    @Test void t(@NetNamespace("red") Netns redParam,
                 @VethPair(left = "red", right = "blue", leftAddress = "10.4.0.1/24", rightAddress = "10.4.0.2/24") Veth v) {
      saw("field", redField.name());
      saw("param", redParam.name());
      assertThat(redField).canPing("10.4.0.2");
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class BeforeEachParameters {
    @BeforeEach void setUp(@NetNamespace("red") Netns red) {
      saw("beforeEach", red.name());
      red.exec("ip", "link", "add", "br9", "type", "bridge").orThrow();
    }

    @Test void t(@NetNamespace("red") Netns red) {
      saw("test", red.name());
      assertThat(red).hasLink("br9");
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class Outer {
    @NetNamespace("outer") static Netns outerStatic;
    @NetNamespace("outerInst") Netns outerInstance;

    @Test void outerTest() {
      saw("outerStatic", outerStatic.name());
      saw("outerInstance", outerInstance.name());
    }

    @Nested
    class Inner {
      @NetNamespace("inner") static Netns innerStatic;
      @NetNamespace("innerInst") Netns innerInstance;

      @Test void innerTest(@VethPair(left = "outer", right = "innerInst", leftAddress = "10.6.0.1/24",
                                     rightAddress = "10.6.0.2/24") Veth v) {
        saw("outerStatic", outerStatic.name());
        saw("innerStatic", innerStatic.name());
        saw("outerInstance", outerInstance.name());
        assertThat(outerInstance).isNotNull();
        assertThat(v.left().netns().name()).isEqualTo(outerStatic.name());
        assertThat(v.right().netns().name()).isEqualTo(innerInstance.name());
        assertThat(innerInstance).canPing("10.6.0.1");
      }
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClass {
    @NetNamespace Netns perTest;
    Netns fromBeforeAll;

    @BeforeAll void setUp(@NetNamespace("cls") Netns cls) {
      fromBeforeAll = cls;
      saw("beforeAll", cls.name());
    }

    @AfterAll void tearDown() {
      assertThat(fromBeforeAll).hasLink("lo");
    }

    @Test @Order(1) void a() {
      saw("instance", perTest.name());
      assertThat(Kit.netnsList()).contains(fromBeforeAll.name());
    }

    @Test @Order(2) void b() {
      saw("instance", perTest.name());
      assertThat(Kit.netnsList()).contains(fromBeforeAll.name());
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class RepeatedAndParameterized {
    @RepeatedTest(3) void repeated(RepetitionInfo info, @NetNamespace("r") Netns r,
                                   @VethPair(left = "r", leftAddress = "10.8.0.1/24", rightAddress = "10.8.0.2/24") Veth v) {
      saw("repeated", r.name());
      assertThat(r).canPing("10.8.0.2");
    }

    @ParameterizedTest @ValueSource(ints = {1400, 9000})
    void parameterized(int mtu, @NetNamespace("p") Netns p) {
      saw("parameterized", p.name());
      p.exec("ip", "link", "add", "b0", "mtu", Integer.toString(mtu), "type", "bridge").orThrow();
      assertThat(p).link("b0").hasMtu(mtu);
    }
  }

  abstract static class Base {
    @NetNamespace("base") Netns baseNs;
    @VethPair(left = "base", right = "child", leftAddress = "10.2.0.1/24", rightAddress = "10.2.0.2/24") Veth cable;
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class Child extends Base {
    @NetNamespace("child") Netns childNs;

    @Test void t() {
      assertThat(baseNs).canPing("10.2.0.2");
      assertThat(cable.right().netns().name()).isEqualTo(childNs.name());
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class StaticTarget {
    static Target target;
    Target instanceTarget;

    @Test void a() {
      saw("staticHost", target.host().name());
      assertThat(instanceTarget.host().name()).isNotEmpty();
    }

    @Test void b() {
      saw("staticHost", target.host().name());
    }
  }
}
