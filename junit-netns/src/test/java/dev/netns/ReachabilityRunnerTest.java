package dev.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A grid is run by its first source's target ({@link Target#probeCells}); a source that is not a
 * junit-netns namespace (its target cannot run grids, or it has none) is an
 * {@link IllegalArgumentException} naming the source's label, before any probe. No kernel needed.
 */
class ReachabilityRunnerTest {

  /** A target that is not junit-netns's: only the interface's defaults (so it cannot run grids). */
  private static class Foreign implements Target {
    @Override
    public String describe() {
      return "a test double";
    }

    @Override
    public Netns host() {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Netns> namespaces() {
      return List.of();
    }

    @Override
    public Optional<Netns> namespace(String name) {
      return Optional.empty();
    }

    @Override
    public Netns createNamespace(String logicalName) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void removeNamespace(Netns namespace) {
      throw new UnsupportedOperationException();
    }
  }

  private static Netns namespaceOn(Target target) {
    return (Netns) Proxy.newProxyInstance(Netns.class.getClassLoader(), new Class<?>[] {Netns.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "target" -> target;
          case "name" -> "double";
          case "toString" -> "double";
          case "hashCode" -> 1;
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void aSourceWhoseTargetCannotRunGridsIsABadArgumentNamingItsLabel() {
    Reachability grid = Reachability.icmp().from("pod-a", namespaceOn(new Foreign())).to("b", "10.0.0.2");
    assertThatThrownBy(grid::probe).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source \"pod-a\"").hasMessageContaining("not a namespace junit-netns made or adopted");
    assertThatThrownBy(() -> Reachability.icmp().from("x", namespaceOn(null)).to("b", "10.0.0.2").probe())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source \"x\"");
  }

  @Test
  void theFirstSourcesTargetRunsTheGrid() {
    Map<String, Map<String, ProbeResult>> cells = Map.of("a", Map.of("b", new ProbeResult(true, "10.0.0.2", java.time.Duration.ZERO, "answered")));
    Target runner = new Foreign() {
      @Override
      public Map<String, Map<String, ProbeResult>> probeCells(Reachability grid) {
        return cells;
      }
    };
    ReachabilityResult r = Reachability.icmp().from("a", namespaceOn(runner)).to("b", "10.0.0.2").probe();
    assertThat(r.reachable("a", "b")).isTrue();
  }
}
