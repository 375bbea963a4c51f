package dev.netns.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Bad annotations: a configuration error that quotes the bad value, the test fails before its
 * body runs, and nothing is left behind (no namespace of this run, no link in the root namespace).
 */
class BadInputAcceptanceTest {

  static final AtomicInteger BODIES = new AtomicInteger();
  /** The namespace names scenarios saw, to learn this run's prefix. */
  static volatile String seenName;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(NoPrefix.class, List.of("\"10.0.0.1\"")),
        Arguments.of(NoPrefixRight.class, List.of("10.0.0.2")),
        Arguments.of(BadOctet.class, List.of("10.0.0.300/24")),
        Arguments.of(PrefixOutOfRange.class, List.of("10.0.0.1/33")),
        Arguments.of(NegativePrefix.class, List.of("10.0.0.1/-1")),
        Arguments.of(V6PrefixOutOfRange.class, List.of("fd00::1/129")),
        Arguments.of(NameTooLong.class, List.of("abcdefghijklmnop", "15")),
        Arguments.of(RightNameTooLong.class, List.of("veth-is-far-too-long", "15")),
        Arguments.of(DuplicateName.class, List.of("eth0")),
        Arguments.of(DuplicateNameAcrossHost.class, List.of("uplink")),
        Arguments.of(BothEndsSameName.class, List.of("same")),
        Arguments.of(HostToHostSameName.class, List.of("hh")),
        Arguments.of(WrongTypeNetNamespace.class, List.of("String")),
        Arguments.of(WrongTypeVethPair.class, List.of("Netns")),
        Arguments.of(WrongTypeHostNamespace.class, List.of("Veth")),
        Arguments.of(BadLogicalName.class, List.of("red blue")),
        Arguments.of(BadFieldAddress.class, List.of("10.0.0.256/24")),
        Arguments.of(BadAddressLaterParameter.class, List.of("10.1.1.1")),
        Arguments.of(DuplicateNameStaticAndParameter.class, List.of("eth0")),
        Arguments.of(DuplicateNameBeforeEachAndTest.class, List.of("eth1")),
        Arguments.of(LoopbackName.class, List.of("\"lo\"")),
        Arguments.of(MtuOutOfRange.class, List.of("65536")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void configurationErrorBeforeTheBodyLeavingNothing(Class<?> scenario, List<String> quoted) {
    String prefix = runPrefix();
    List<String> nsBefore = Kit.namespacesWithPrefix(prefix);
    List<String> linksBefore = Kit.rootLinks();
    BODIES.set(0);

    EngineExecutionResults r = Kit.run(scenario);

    assertThat(r.testEvents().started().count()).as("started").isEqualTo(1);
    assertThat(r.testEvents().failed().count()).as("failed").isEqualTo(1);
    assertThat(BODIES.get()).as("the body must not run").isZero();
    Throwable t = Kit.onlyFailure(r);
    assertThat(t.getClass().getName()).as(Kit.fullMessage(t))
        .isIn("org.junit.jupiter.api.extension.ExtensionConfigurationException",
            "org.junit.jupiter.api.extension.ParameterResolutionException");
    for (String q : quoted) assertThat(t.getMessage()).contains(q);
    assertThat(Kit.namespacesWithPrefix(prefix)).as("namespaces of this run").isEqualTo(nsBefore);
    assertThat(Kit.rootLinks()).as("root namespace links").isEqualTo(linksBefore);
  }

  @Test
  void nameOver15CharactersMentionsTheLimit() {
    Throwable t = Kit.onlyFailure(Kit.run(NameTooLong.class));
    assertThat(t.getMessage()).contains("abcdefghijklmnop").containsPattern("15[- ]char");
  }

  @Test
  void exactly15CharactersIsFine() {
    EngineExecutionResults r = Kit.run(Name15.class);
    assertThat(Kit.failures(r)).isEmpty();
    assertThat(r.testEvents().succeeded().count()).isEqualTo(1);
  }

  @Test
  void undeclaredLogicalNameInVethPairIsCreatedImplicitly() {
    EngineExecutionResults r = Kit.run(ImplicitNamespace.class);
    assertThat(Kit.failures(r)).isEmpty();
    assertThat(r.testEvents().succeeded().count()).isEqualTo(1);
  }

  /** Learns this run's namespace prefix ({@code jn-<run>-}) from a namespace made here. */
  static String runPrefix() {
    if (seenName == null) {
      EngineExecutionResults r = Kit.run(LearnName.class);
      assertThat(Kit.failures(r)).isEmpty();
    }
    return Kit.runPrefixOf(seenName);
  }

  // ------------------------------------------------------------------ scenarios

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class LearnName {
    @Test void t(@NetNamespace Netns ns) {
      seenName = ns.name();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class NoPrefix {
    @Test void t(@NetNamespace("a") Netns a,
                 @VethPair(left = "a", right = "b", leftAddress = "10.0.0.1", rightAddress = "10.0.0.2/24") Veth v) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class NoPrefixRight {
    @Test void t(@VethPair(left = "a", right = "b", rightAddress = "10.0.0.2") Veth v) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class BadOctet {
    @Test void t(@VethPair(left = "a", right = "b", leftAddress = "10.0.0.300/24") Veth v) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class PrefixOutOfRange {
    @Test void t(@VethPair(left = "a", right = "b", leftAddress = "10.0.0.1/33") Veth v) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class NegativePrefix {
    @Test void t(@VethPair(left = "a", right = "b", leftAddress = "10.0.0.1/-1") Veth v) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class V6PrefixOutOfRange {
    @Test void t(@VethPair(left = "a", right = "b", leftAddress = "fd00::1/129") Veth v) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class NameTooLong {
    @Test void t(@NetNamespace("a") Netns a, @VethPair(left = "a", leftName = "abcdefghijklmnop") Veth v) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class RightNameTooLong {
    @Test void t(@VethPair(left = "a", right = "b", rightName = "veth-is-far-too-long") Veth v) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class Name15 {
    @Test void t(@NetNamespace("a") Netns a, @VethPair(left = "a", right = "b", leftName = "abcdefghijklmno") Veth v) {
      dev.netns.assertj.NetnsAssertions.assertThat(a).hasLink("abcdefghijklmno");
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class DuplicateName {
    @Test void t(@VethPair(left = "pod", right = "x", leftName = "eth0") Veth a,
                 @VethPair(left = "pod", right = "y", leftName = "eth0") Veth b) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class DuplicateNameAcrossHost {
    @Test void t(@VethPair(left = "a", rightName = "uplink") Veth a, @VethPair(right = "b", leftName = "uplink") Veth b) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class BothEndsSameName {
    @Test void t(@VethPair(left = "pod", right = "pod", leftName = "same", rightName = "same") Veth v) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class HostToHostSameName {
    @Test void t(@VethPair(leftName = "hh", rightName = "hh") Veth v) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class WrongTypeNetNamespace {
    @Test void t(@NetNamespace("a") Netns a, @NetNamespace("b") String b) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class WrongTypeVethPair {
    @Test void t(@NetNamespace("a") Netns a, @VethPair(left = "a") Netns b) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class WrongTypeHostNamespace {
    @Test void t(@HostNamespace Veth host) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class BadLogicalName {
    @Test void t(@NetNamespace("red blue") Netns a) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class BadFieldAddress {
    @NetNamespace("a") Netns a;
    @VethPair(left = "a", leftAddress = "10.0.0.256/24") Veth v;

    @Test void t() {
      BODIES.incrementAndGet();
    }
  }

  /** A good veth first, a bad one later: the good one must not be created (or must be removed). */
  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class BadAddressLaterParameter {
    @Test void t(@NetNamespace("a") Netns a, @VethPair(left = "a", leftAddress = "10.0.0.1/24") Veth good,
                 @VethPair(left = "a", right = "b", leftAddress = "10.1.1.1") Veth bad) {
      BODIES.incrementAndGet();
    }
  }

  /** The class-level pair already named eth0 in "s"; the test's pair names it again. */
  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class DuplicateNameStaticAndParameter {
    @VethPair(left = "s", leftName = "eth0") static Veth classLevel;

    @Test void t(@VethPair(left = "s", leftName = "eth0") Veth again) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class DuplicateNameBeforeEachAndTest {
    @org.junit.jupiter.api.BeforeEach void setUp(@VethPair(left = "p", leftName = "eth1") Veth first) {
    }

    @Test void t(@VethPair(left = "p", leftName = "eth1") Veth again) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class LoopbackName {
    @Test void t(@VethPair(left = "p", leftName = "lo") Veth v) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class MtuOutOfRange {
    @Test void t(@VethPair(left = "p", mtu = 65536) Veth v) {
      BODIES.incrementAndGet();
    }
  }

  @NetnsTest @ExtendWith(Kit.OnlyInKit.class)
  static class ImplicitNamespace {
    @Test void t(@NetNamespace("red") Netns red,
                 @VethPair(left = "red", right = "never-declared", leftAddress = "10.0.0.1/24",
                           rightAddress = "10.0.0.2/24") Veth v) {
      dev.netns.assertj.NetnsAssertions.assertThat(red).canPing("10.0.0.2");
      assertThat(v.right().netns().name()).isNotEqualTo(red.name());
      assertThat(Kit.netnsList()).contains(v.right().netns().name());
    }
  }
}
