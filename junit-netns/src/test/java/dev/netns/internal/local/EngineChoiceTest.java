package dev.netns.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.NetnsException;
import dev.netns.internal.ip.IpEngine;
import dev.netns.internal.netlink.NetlinkEngine;
import dev.netns.internal.spi.Engine;
import org.junit.jupiter.api.Test;

/** {@code netns.engine}: auto picks the fastest engine that starts here (native, as root on Linux). */
class EngineChoiceTest {

  @Test
  void autoPicksNativeWhereItStarts() {
    try (Engine e = LocalBackend.EngineChoice.create("auto")) {
      assertThat(e).isInstanceOf(NetlinkEngine.class);
      assertThat(e.describe()).isEqualTo("netlink on the local kernel");
    }
    try (Engine e = LocalBackend.EngineChoice.create(" Native ")) {
      assertThat(e).isInstanceOf(NetlinkEngine.class);
    }
  }

  @Test
  void ipIsAlwaysThere() {
    try (Engine e = LocalBackend.EngineChoice.create("ip")) {
      assertThat(e).isInstanceOf(IpEngine.class);
    }
  }

  @Test
  void unknownChoiceNamesTheAllowedOnes() {
    assertThatThrownBy(() -> LocalBackend.EngineChoice.create("fast"))
        .isInstanceOf(NetnsException.class)
        .hasMessage("netns.engine=fast is not known; allowed: auto, native, ip");
  }
}
