package dev.netns.stress;

import dev.netns.internal.core.Fixtures;
import dev.netns.internal.core.NetnsImpl;
import dev.netns.internal.core.Ownership;
import dev.netns.internal.core.Scope;
import dev.netns.internal.local.LocalBackend;
import java.util.List;

/** Child JVM: builds and tears down fixtures in a loop until it is killed mid-way. */
public final class KillDuringSetupMain {
  private KillDuringSetupMain() {
  }

  public static void main(String[] args) {
    System.out.println("RUN " + Ownership.get().runId());
    System.out.flush();
    for (int i = 0; ; i++) {
      Scope scope = new Scope(LocalBackend.get(), null, "loop " + i);
      List<NetnsImpl> ns = scope.createNamespaces(List.of("red", "blue"), true);
      Fixtures.createVeth(scope, ns.get(0), "", ns.get(1), "", 0, List.of("10.9.0.1/24"), List.of("10.9.0.2/24"));
      Fixtures.createVeth(scope, ns.get(0), "", scope.host(), "", 0, List.of(), List.of());
      if (i == 0) {
        System.out.println("LOOPING");
        System.out.flush();
      }
      if (i % 3 != 2) scope.close(); // every third iteration is left open on purpose
    }
  }
}
