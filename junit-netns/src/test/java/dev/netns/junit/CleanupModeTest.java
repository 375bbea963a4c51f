package dev.netns.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.netns.Netns;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.local.LocalCommandRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** netns.cleanup=on-success keeps a failed test's namespaces and says how to inspect and remove them. */
class CleanupModeTest {

  static final List<String> made = new ArrayList<>();

  @NetnsTest
  static class FailingLab {
    @Test
    void fails(@NetNamespace("red") Netns red) {
      made.add(red.name());
      throw new AssertionError("the lab is broken");
    }

    @Test
    void passes(@NetNamespace("blue") Netns blue) {
      made.add(blue.name());
    }
  }

  @Test
  void onSuccessKeepsTheFailedTestsNamespacesOnly() {
    made.clear();
    Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingLab.class))
        .configurationParameter("netns.cleanup", "on-success").execute().testEvents();
    assertThat(tests.failed().count()).isEqualTo(1);
    Throwable t = tests.failed().stream().findFirst().orElseThrow()
        .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    String red = made.stream().filter(n -> n.contains("-red-")).findFirst().orElseThrow();
    String blue = made.stream().filter(n -> n.contains("-blue-")).findFirst().orElseThrow();
    try {
      // the notice is part of the failure's own message (surefire's summary shows it), the test's
      // own failure first, and the original failure is the cause
      assertThat(t).isInstanceOf(AssertionError.class).hasMessageStartingWith("the lab is broken\n\n")
          .hasCauseInstanceOf(AssertionError.class);
      assertThat(t.getCause()).hasMessage("the lab is broken");
      assertThat(t.getMessage())
          .contains("kept the namespaces of this failed test", red, "ip -n " + red + " addr", "ip netns del " + red);
      assertThat(t.getStackTrace()[0].getMethodName()).isEqualTo("fails");
      assertThat(Leaks.allNamespaces()).contains(red).doesNotContain(blue);
    } finally {
      LocalCommandRunner.INSTANCE.run(ExecRequest.of(List.of("ip", "netns", "del", red)));
    }
  }

  @Test
  void alwaysIsTheDefault() {
    made.clear();
    Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingLab.class)).execute().testEvents();
    assertThat(tests.failed().count()).isEqualTo(1);
    assertThat(made).hasSize(2);
    assertThat(Leaks.allNamespaces()).doesNotContainAnyElementsOf(made);
  }

  @Test
  void unknownModeIsAConfigurationError() {
    made.clear();
    Events all = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingLab.class))
        .configurationParameter("netns.cleanup", "sometimes").execute().allEvents();
    assertThat(made).as("nothing is created with a bad setting").isEmpty();
    assertThat(all.failed().stream().map(e -> e.getPayload(TestExecutionResult.class).orElseThrow()
        .getThrowable().orElseThrow().toString()))
        .anyMatch(m -> m.contains("netns.cleanup=sometimes") && m.contains("always, on-success, never"));
  }
}
