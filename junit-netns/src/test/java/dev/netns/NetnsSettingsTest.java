package dev.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every setting the README lists is parsed by one value, with defaults and messages naming the key. */
class NetnsSettingsTest {

  private static NetnsSettings of(Map<String, String> m) {
    return NetnsSettings.from(m::get);
  }

  @Test
  void defaults() {
    NetnsSettings s = of(Map.of());
    assertThat(s.engineChoice()).isEqualTo("auto");
    assertThat(s.probe()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.eventually()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.interval()).isEqualTo(Duration.ofMillis(100));
    assertThat(s.cleanup()).isEqualTo("default");
    assertThat(s.disabledWithoutPrivileges()).isFalse();
    assertThat(s.kindDisabledWithoutNode()).isFalse();
    assertThat(s.warmUpDisabled()).isFalse();
    assertThat(s.nativePrepared()).isEqualTo(4);
    assertThat(s.kindChannels()).isEqualTo(4);
    assertThat(s.kindTrace()).isFalse();
    assertThat(s.dockerHost()).isEmpty();
    assertThat(s.stateDir()).isEqualTo(java.nio.file.Path.of("/run/junit-netns"));
  }

  @Test
  void tuningKeys() {
    NetnsSettings s = of(Map.of(NetnsSettings.NATIVE_PREPARED, " 0 ", NetnsSettings.KIND_CHANNELS, "64",
        NetnsSettings.KIND_TRACE, "true", NetnsSettings.DOCKER_HOST, " tcp://127.0.0.1:2375 ",
        NetnsSettings.STATE_DIR, "/tmp/jn-state/../jn-state2/"));
    assertThat(s.nativePrepared()).isZero();
    assertThat(s.kindChannels()).isEqualTo(64);
    assertThat(s.kindTrace()).isTrue();
    assertThat(s.dockerHost()).hasValue("tcp://127.0.0.1:2375");
    assertThat(s.stateDir()).isEqualTo(java.nio.file.Path.of("/tmp/jn-state2"));
    assertThat(of(Map.of(NetnsSettings.DOCKER_HOST, "unix:///var/run/docker.sock")).dockerHost())
        .hasValue("unix:///var/run/docker.sock");
  }

  @Test
  void badTuningValuesNameTheKeyAndWhatIsAllowed() {
    Map<String, String> bad = Map.of(
        NetnsSettings.NATIVE_PREPARED, "-1", NetnsSettings.KIND_CHANNELS, "0", NetnsSettings.KIND_TRACE, "on",
        NetnsSettings.DOCKER_HOST, "localhost:2375", NetnsSettings.STATE_DIR, "state");
    bad.forEach((key, value) -> assertThatThrownBy(() -> of(Map.of(key, value))).as(key)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key + "=" + value)
        .hasMessageContaining("allowed"));
    assertThatThrownBy(() -> of(Map.of(NetnsSettings.NATIVE_PREPARED, "65"))).hasMessageContaining("from 0 to 64");
    assertThatThrownBy(() -> of(Map.of(NetnsSettings.KIND_CHANNELS, "four"))).hasMessageContaining("from 1 to 64");
    assertThatThrownBy(() -> of(Map.of(NetnsSettings.DOCKER_HOST, "ssh://node"))).hasMessageContaining("unix, tcp or npipe");
  }

  @Test
  void everyKey() {
    NetnsSettings s = of(Map.of(NetnsSettings.ENGINE, " IP ", NetnsSettings.PROBE_TIMEOUT, "250ms",
        NetnsSettings.EVENTUALLY_TIMEOUT, "PT3S", NetnsSettings.EVENTUALLY_INTERVAL, "1.5s",
        NetnsSettings.CLEANUP, "on-success", NetnsSettings.DISABLED_WITHOUT_PRIVILEGES, "true",
        NetnsSettings.KIND_DISABLED_WITHOUT_NODE, "TRUE", NetnsSettings.WARMUP_DISABLED, "true"));
    assertThat(s.engineChoice()).isEqualTo("ip");
    assertThat(s.probe()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.eventually()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.interval()).isEqualTo(Duration.ofMillis(1500));
    assertThat(s.cleanup()).isEqualTo("on-success");
    assertThat(s.disabledWithoutPrivileges()).isTrue();
    assertThat(s.kindDisabledWithoutNode()).isTrue();
    assertThat(s.warmUpDisabled()).isTrue();
  }

  @Test
  void badValuesNameTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(() -> of(Map.of(NetnsSettings.ENGINE, "kernel"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("netns.engine=kernel").hasMessageContaining("auto, native, ip");
    assertThatThrownBy(() -> of(Map.of(NetnsSettings.PROBE_TIMEOUT, "soon"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("netns.probe.timeout=soon");
    assertThatThrownBy(() -> of(Map.of(NetnsSettings.EVENTUALLY_INTERVAL, "0ms")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    assertThatThrownBy(() -> of(Map.of(NetnsSettings.WARMUP_DISABLED, "yes"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("netns.warmup.disabled=yes").hasMessageContaining("true and false");
  }
}
