package dev.netns.samples.cni;

import static dev.netns.assertj.CniAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.cni.Cni;
import dev.netns.cni.CniPlugin;
import dev.netns.cni.CniResult;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import dev.netns.Veth;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code macvlan} needs a master link in the host side: here one end of a veth whose other end
 * lives in an "upstream" namespace, so the container's macvlan can reach something real.
 */
@NetnsTest
class MacvlanTest {

  @Test
  void macvlanOnAHostSideMaster(Cni cni, @NetNamespace("pod") Netns pod, @HostNamespace Netns node,
                                @NetNamespace("upstream") Netns upstream,
                                @VethPair(leftName = "uplink0", right = "upstream", rightName = "eth0",
                                          rightAddress = "10.40.0.254/24") Veth uplink) {
    String conf = """
        {"cniVersion": "1.0.0", "name": "macnet", "type": "macvlan", "master": "uplink0", "mode": "bridge",
         "ipam": {"type": "host-local", "subnet": "10.40.0.0/24", "rangeStart": "10.40.0.10"}}""";
    CniPlugin macvlan = cni.plugin("macvlan");
    CniResult r = macvlan.add(pod, "eth0", conf);

    assertThat(r).hasIp("10.40.0.10/24").hasIpOn(pod, "eth0").passesCheck(macvlan, pod, "eth0", conf);
    Link eth0 = pod.link("eth0").orElseThrow();
    assertThat(eth0.kind()).isEqualTo("macvlan");
    assertThat(pod.ping("10.40.0.254", Duration.ofSeconds(2)).success()).isTrue();

    macvlan.del(pod, "eth0", conf);
    assertThat(pod.link("eth0")).isEmpty();
    assertThat(node.link("uplink0")).as("the master stays").isPresent();
  }
}
