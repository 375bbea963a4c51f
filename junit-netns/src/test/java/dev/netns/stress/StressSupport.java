package dev.netns.stress;

import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.local.LocalCommandRunner;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

final class StressSupport {
  private StressSupport() {
  }

  static List<String> namespacesOf(String runId) {
    String marker = "jn-" + runId + "-";
    return allNamespaces().stream().filter(n -> n.startsWith(marker)).collect(Collectors.toList());
  }

  static List<String> allNamespaces() {
    String out = LocalCommandRunner.INSTANCE.run(ExecRequest.of(List.of("ip", "netns", "list"))).orThrow().stdout();
    return Arrays.stream(out.split("\n")).map(l -> l.split(" ")[0]).filter(s -> !s.isBlank()).collect(Collectors.toList());
  }

  static String run(String... argv) {
    return LocalCommandRunner.INSTANCE.run(ExecRequest.of(List.of(argv))).orThrow().stdout();
  }
}
