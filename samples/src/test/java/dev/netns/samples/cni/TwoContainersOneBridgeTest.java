package dev.netns.samples.cni;

import static dev.netns.assertj.CniAssertions.assertThat;
import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.cni.Cni;
import dev.netns.cni.CniPlugin;
import dev.netns.cni.CniResult;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import org.junit.jupiter.api.Test;

/** Two containers attached to one bridge get distinct leases and reach each other; both are DELeted after the test. */
@NetnsTest
class TwoContainersOneBridgeTest {

  static final String CONF = """
      {"cniVersion": "1.0.0", "name": "podnet", "type": "bridge", "bridge": "cni0", "isGateway": true,
       "ipam": {"type": "host-local", "subnet": "10.244.1.0/24"}}""";

  @Test
  void podsPingEachOther(Cni cni, @NetNamespace("web") Netns web, @NetNamespace("db") Netns db) {
    CniPlugin bridge = cni.plugin("bridge");
    CniResult a = bridge.add(web, "eth0", CONF);
    CniResult b = bridge.add(db, "eth0", CONF);

    assertThat(a).hasIp("10.244.1.2/24").hasIpOn(web, "eth0");
    assertThat(b).hasIp("10.244.1.3/24").hasIpOn(db, "eth0");
    assertThat(web).canPing(b.ips().get(0).ip());
    assertThat(db).canPing(a.ips().get(0).ip());
    assertThat(cni.leases("podnet")).containsExactlyInAnyOrder("10.244.1.2", "10.244.1.3");
    // no DEL here: the harness runs one for each ADD when the test ends, before the namespaces go
  }
}
