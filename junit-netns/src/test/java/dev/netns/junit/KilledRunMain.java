package dev.netns.junit;

import dev.netns.internal.core.Fixtures;
import dev.netns.internal.core.NetnsImpl;
import dev.netns.internal.core.Ownership;
import dev.netns.internal.core.Scope;
import dev.netns.internal.local.LocalBackend;
import java.util.List;

/**
 * Child JVM for {@link ReapingTest}: builds fixtures, prints its run id and namespace names, then
 * waits to be killed with SIGKILL (no cleanup code can run).
 */
public final class KilledRunMain {
  private KilledRunMain() {
  }

  public static void main(String[] args) throws Exception {
    Scope scope = new Scope(LocalBackend.get(), null, "killed");
    List<NetnsImpl> ns = scope.createNamespaces(List.of("red", "blue"), true);
    Fixtures.createVeth(scope, ns.get(0), "", ns.get(1), "", 0, List.of("10.9.0.1/24"), List.of("10.9.0.2/24"));
    Fixtures.createVeth(scope, ns.get(0), "", scope.host(), "", 0, List.of(), List.of());
    System.out.println("RUN " + Ownership.get().runId());
    for (NetnsImpl n : ns) System.out.println("NS " + n.name());
    System.out.println("NS " + scope.host().name());
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(120_000);
  }
}
