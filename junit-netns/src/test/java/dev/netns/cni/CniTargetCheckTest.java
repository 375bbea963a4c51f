package dev.netns.cni;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Netns;
import dev.netns.Target;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * The harness accepts only what junit-netns made for this test: a foreign {@link Target}, or a
 * {@link Netns} that is not one of the target's namespaces, is an {@link IllegalArgumentException}
 * saying so, before any plugin runs.
 */
@dev.netns.junit.NetnsTest
class CniTargetCheckTest {

  @SuppressWarnings("unchecked")
  private static <T> T foreign(Class<T> type) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
      if (m.getName().equals("toString")) return "foreign " + type.getSimpleName();
      throw new UnsupportedOperationException(m.getName());
    });
  }

  @Test
  void aTargetNotMadeByJunitNetnsIsRefused() {
    Target t = foreign(Target.class);
    assertThatThrownBy(() -> Cni.forTarget(t)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cni.forTarget needs the Target that junit-netns injects, not " + t.getClass().getName());
  }

  @Test
  void aNamespaceNotOnThisTargetIsRefused(Cni cni) {
    Netns stranger = foreign(Netns.class);
    assertThatThrownBy(() -> cni.plugin("loopback").add(stranger, "lo", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"loopback\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("container namespace foreign Netns is not on this test's target (" + cni.target().describe() + ")");
  }
}
