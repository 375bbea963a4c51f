package dev.netns.junit;

import dev.netns.ExecResult;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.core.Ownership;
import dev.netns.internal.local.LocalCommandRunner;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** What this JVM's run still holds on the machine: namespaces whose name carries our run id. */
final class Leaks {
  private Leaks() {
  }

  static List<String> namespacesOfThisRun() {
    ExecResult r = LocalCommandRunner.INSTANCE.run(ExecRequest.of(List.of("ip", "netns", "list")));
    String marker = "jn-" + Ownership.get().runId() + "-";
    return Arrays.stream(r.stdout().split("\n")).map(l -> l.split(" ")[0])
        .filter(n -> n.startsWith(marker)).collect(Collectors.toList());
  }

  static List<String> allNamespaces() {
    ExecResult r = LocalCommandRunner.INSTANCE.run(ExecRequest.of(List.of("ip", "netns", "list")));
    return Arrays.stream(r.stdout().split("\n")).map(l -> l.split(" ")[0]).filter(s -> !s.isBlank())
        .collect(Collectors.toList());
  }
}
