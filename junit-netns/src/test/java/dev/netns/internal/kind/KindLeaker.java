package dev.netns.internal.kind;

import dev.netns.internal.core.Fixtures;
import dev.netns.internal.core.NetnsImpl;
import dev.netns.internal.core.Scope;
import dev.netns.internal.core.VethImpl;
import java.util.List;

/**
 * A JVM that makes fixtures in the stand-in worker and dies without cleaning up (halt: as
 * {@code kill -9} would). Started by {@link KindReapTest}.
 */
public final class KindLeaker {

  private KindLeaker() {
  }

  /** Prints "{@code <namespace> <node-side veth>}", then halts. */
  public static void main(String[] args) {
    KindBackend node = KindBackend.connect(StandIn.CLUSTER, StandIn.WORKER);
    Scope scope = new Scope(node, null, "leaker");
    NetnsImpl ns = scope.createNamespaces(List.of("leak")).get(0);
    NetnsImpl host = scope.host();
    VethImpl v = Fixtures.createVeth(scope, host, null, ns, null, 0, List.of("10.249.0.1/30"), List.of("10.249.0.2/30"));
    host.sysctl("net.ipv4.conf.all.arp_ignore", "1");
    host.addRoute("10.248.0.0/24", "10.249.0.2", null);
    System.out.println(ns.name() + " " + v.left().name());
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
