package dev.netns.internal.kind;

import static dev.netns.internal.kind.StandIn.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What a killed JVM left in a kind node is removed (and put back) by the next run that connects to it. */
@Tag("kind")
class KindReapTest {

  @Test
  void aKilledRunsLeftoversInTheNodeAreReaped() throws Exception {
    String arpIgnore = StandIn.exec(WORKER, "cat", "/proc/sys/net/ipv4/conf/all/arp_ignore").strip();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KindLeaker.class.getName())
        .redirectErrorStream(false).start();
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out).as("child stderr: %s", err).matches("jn-\\S+ jn\\S+");
    String ns = out.split(" ")[0];
    String veth = out.split(" ")[1];
    assertThat(StandIn.namespaces(WORKER)).contains(ns);
    assertThat(StandIn.links(WORKER)).anyMatch(l -> l.startsWith(veth + " "));
    assertThat(StandIn.exec(WORKER, "cat", "/proc/sys/net/ipv4/conf/all/arp_ignore").strip()).isEqualTo("1");
    assertThat(StandIn.exec(WORKER, "ip", "route", "show", "10.248.0.0/24")).contains("via 10.249.0.2");

    try (KindBackend node = KindBackend.connect(StandIn.CLUSTER, WORKER)) {
      node.reapOnce();
    }

    assertThat(StandIn.namespaces(WORKER)).doesNotContain(ns);
    assertThat(StandIn.links(WORKER)).noneMatch(l -> l.startsWith(veth));
    assertThat(StandIn.exec(WORKER, "cat", "/proc/sys/net/ipv4/conf/all/arp_ignore").strip()).isEqualTo(arpIgnore);
    assertThat(StandIn.exec(WORKER, "ip", "route", "show", "10.248.0.0/24")).isEmpty();
    assertThat(StandIn.processes(WORKER)).noneMatch(p -> p.contains("junit-netns-channel"));
    assertThat(StandIn.namespaces(WORKER)).filteredOn(n -> n.startsWith("cni-")).hasSize(2);
  }
}
