package dev.netns.junit;

import dev.netns.internal.core.NetnsImpl;
import dev.netns.internal.core.Ownership;
import dev.netns.internal.core.Scope;
import dev.netns.internal.local.LocalBackend;

/**
 * Child JVM for {@link ReapingTest}: adopts a namespace made by hand (args[0]), adds a permanent
 * neighbour and a route there, then waits to be killed with SIGKILL.
 */
public final class KilledAdopterMain {
  private KilledAdopterMain() {
  }

  public static void main(String[] args) throws Exception {
    Scope scope = new Scope(LocalBackend.get(), null, "adopter");
    NetnsImpl adopted = scope.adopt(args[0]);
    adopted.addNeighbour("10.77.0.9", "02:00:00:00:77:09", "hand0");
    adopted.addRoute("10.88.0.0/24", "10.77.0.9", null);
    System.out.println("RUN " + Ownership.get().runId());
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(120_000);
  }
}
