package dev.netns.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.netns.Netns;
import dev.netns.Veth;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Every bad annotation fails the test before its body runs, with a message that quotes the bad
 * value and names the element, and leaves nothing behind.
 */
class BadInputTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(AddressWithoutPrefix.class, List.of("leftAddress = \"10.0.0.1\"", "no prefix length", "'cable'")),
        Arguments.of(BadOctet.class, List.of("10.0.0.256/24", "rightAddress")),
        Arguments.of(PrefixOutOfRange.class, List.of("10.0.0.1/33", "leftAddress")),
        Arguments.of(Ipv6PrefixOutOfRange.class, List.of("fd00::1/129")),
        Arguments.of(HostName.class, List.of("example.com/24")),
        Arguments.of(NameTooLong.class, List.of("this-is-too-long-a-name", "15 characters")),
        Arguments.of(BadCharacterInName.class, List.of("eth 0", "not a valid interface name")),
        Arguments.of(DuplicateNames.class, List.of("duplicate interface name \"eth0\"", "\"pod\"")),
        Arguments.of(SameNameBothEnds.class, List.of("duplicate interface name \"x\"")),
        Arguments.of(WrongParameterType.class, List.of("@NetNamespace", "dev.netns.Netns", "java.lang.String", "'ns'")),
        Arguments.of(VethOnNetns.class, List.of("@VethPair", "dev.netns.Veth")),
        Arguments.of(TwoAnnotations.class, List.of("@NetNamespace and @HostNamespace")),
        Arguments.of(FinalField.class, List.of("final field", "'ns'")),
        Arguments.of(BadLogicalName.class, List.of("red blue", "logical namespace name")),
        Arguments.of(MtuOutOfRange.class, List.of("mtu = 10", "68 to 65535")),
        Arguments.of(KernelRefusesHalfway.class, List.of("fd00::1/64", "Invalid argument")),
        Arguments.of(LoopbackName.class, List.of("leftName = \"lo\"", "loopback")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputFailsClearlyAndLeavesNothing(Class<?> testClass, List<String> expectedInMessage) {
    List<String> before = Leaks.namespacesOfThisRun();
    Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();

    assertThat(tests.started().count()).as("tests started").isEqualTo(1);
    assertThat(tests.failed().count()).as("tests failed").isEqualTo(1);
    Throwable failure = tests.failed().stream().findFirst().flatMap(Event::getPayload)
        .flatMap(p -> p instanceof org.junit.platform.engine.TestExecutionResult r ? r.getThrowable() : Optional.empty())
        .orElseThrow();
    assertThat(BodyRan.count).as("the test body must not run").isZero();
    String message = failure.getMessage();
    for (String s : expectedInMessage) assertThat(message).contains(s);
    if (testClass != KernelRefusesHalfway.class) {
      assertThat(failure).isInstanceOfAny(ExtensionConfigurationException.class,
          org.junit.jupiter.api.extension.ParameterResolutionException.class);
    }
    assertThat(Leaks.namespacesOfThisRun()).isEqualTo(before);
  }

  /** Counts bodies that ran although they should not have. */
  static final class BodyRan {
    static int count;
  }

  @NetnsTest
  static class AddressWithoutPrefix {
    @Test
    void t(@VethPair(left = "a", right = "b", leftAddress = "10.0.0.1") Veth cable) {
      BodyRan.count++;
    }
  }

  @NetnsTest
  static class BadOctet {
    @Test
    void t(@VethPair(left = "a", right = "b", rightAddress = "10.0.0.256/24") Veth cable) {
      BodyRan.count++;
    }
  }

  @NetnsTest
  static class PrefixOutOfRange {
    @Test
    void t(@VethPair(left = "a", right = "b", leftAddress = "10.0.0.1/33") Veth cable) {
      BodyRan.count++;
    }
  }

  @NetnsTest
  static class Ipv6PrefixOutOfRange {
    @Test
    void t(@VethPair(left = "a", right = "b", leftAddress = "fd00::1/129") Veth cable) {
      BodyRan.count++;
    }
  }

  @NetnsTest
  static class HostName {
    @Test
    void t(@VethPair(left = "a", right = "b", leftAddress = "example.com/24") Veth cable) {
      BodyRan.count++;
    }
  }

  @NetnsTest
  static class NameTooLong {
    @Test
    void t(@VethPair(left = "a", right = "b", leftName = "this-is-too-long-a-name") Veth cable) {
      BodyRan.count++;
    }
  }

  @NetnsTest
  static class BadCharacterInName {
    @Test
    void t(@VethPair(left = "a", right = "b", rightName = "eth 0") Veth cable) {
      BodyRan.count++;
    }
  }

  @NetnsTest
  static class DuplicateNames {
    @Test
    void t(@VethPair(left = "pod", leftName = "eth0") Veth one, @VethPair(left = "pod", leftName = "eth0") Veth two) {
      BodyRan.count++;
    }
  }

  @NetnsTest
  static class SameNameBothEnds {
    @Test
    void t(@VethPair(left = "a", right = "a", leftName = "x", rightName = "x") Veth v) {
      BodyRan.count++;
    }
  }

  @NetnsTest
  static class WrongParameterType {
    @Test
    void t(@NetNamespace("red") String ns) {
      BodyRan.count++;
    }
  }

  @NetnsTest
  static class VethOnNetns {
    @Test
    void t(@VethPair(left = "a") Netns ns) {
      BodyRan.count++;
    }
  }

  @NetnsTest
  static class TwoAnnotations {
    @Test
    void t(@NetNamespace @HostNamespace Netns ns) {
      BodyRan.count++;
    }
  }

  @NetnsTest
  static class FinalField {
    @NetNamespace
    final Netns ns = null;

    @Test
    void t() {
      BodyRan.count++;
    }
  }

  @NetnsTest
  static class BadLogicalName {
    @Test
    void t(@NetNamespace("red blue") Netns ns) {
      BodyRan.count++;
    }
  }

  @NetnsTest
  static class MtuOutOfRange {
    @Test
    void t(@VethPair(left = "a", right = "b", mtu = 10) Veth v) {
      BodyRan.count++;
    }
  }

  /**
   * Valid on paper, refused by the kernel after the namespaces and the first veth exist (IPv6 needs
   * an MTU of at least 1280): everything must still go.
   */
  @NetnsTest
  static class KernelRefusesHalfway {
    @Test
    void t(@NetNamespace("a") Netns a, @VethPair(left = "a", right = "b", leftAddress = "10.0.0.1/24") Veth ok,
           @VethPair(left = "a", mtu = 68, leftAddress = "fd00::1/64") Veth refused) {
      BodyRan.count++;
    }
  }

  @NetnsTest
  static class LoopbackName {
    @Test
    void t(@NetNamespace("a") Netns a, @VethPair(left = "a", leftName = "lo") Veth clash) {
      BodyRan.count++;
    }
  }
}
