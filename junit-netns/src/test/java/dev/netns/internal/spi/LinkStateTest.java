package dev.netns.internal.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The readiness rule, without a kernel: which operstate a link of each kind must reach. */
class LinkStateTest {

  private static LinkState link(String kind, String operState, String qdisc, String... flags) {
    return new LinkState("x", 2, List.of(flags), 1500, operState, kind, "", "", -1, -1, "", List.of(), qdisc);
  }

  @ParameterizedTest(name = "{0} {1} qdisc {2} -> {3}")
  @CsvSource({
      // a veth right after `up`: carrier and qdisc are there, linkwatch has not set operstate yet
      "veth,    UNKNOWN,        noqueue, false",
      "veth,    UP,             noqueue, true",
      "veth,    UP,             noop,    false",
      "veth,    LOWERLAYERDOWN, noqueue, false",
      "macvlan, UNKNOWN,        noqueue, false",
      "macvlan, UP,             noqueue, true",
      // devices that never report an operstate of their own
      "'',      UNKNOWN,        noqueue, true",
      "bridge,  UNKNOWN,        noqueue, true",
      "vxlan,   UNKNOWN,        noqueue, true",
      "bridge,  DOWN,           noqueue, false",
  })
  void readinessNeedsOperstateUpWhereTheKernelReportsIt(String kind, String oper, String qdisc, boolean ready) {
    assertThat(link(kind, oper, qdisc, "BROADCAST", "UP", "LOWER_UP").isReady()).isEqualTo(ready);
  }

  @ParameterizedTest
  @CsvSource({"veth, UP", "'', UNKNOWN"})
  void withoutCarrierOrAdminUpNothingIsReady(String kind, String oper) {
    assertThat(link(kind, oper, "noqueue", "UP").isReady()).isFalse();
    assertThat(link(kind, oper, "noqueue", "LOWER_UP").isReady()).isFalse();
  }
}
