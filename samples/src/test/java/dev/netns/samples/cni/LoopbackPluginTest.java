package dev.netns.samples.cni;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.cni.Cni;
import dev.netns.cni.CniPlugin;
import dev.netns.cni.CniResult;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code loopback} plugin: ADD sets {@code lo} up, DEL sets it down (as its upstream tests check). */
@NetnsTest
class LoopbackPluginTest {

  static final String CONF = "{\"cniVersion\": \"1.0.0\", \"name\": \"loopback-test\", \"type\": \"loopback\"}";

  @Test
  void addSetsLoUpDelSetsItDown(Cni cni, @NetNamespace("pod") Netns pod) {
    pod.down("lo"); // the framework brings lo up in new namespaces; start as a runtime would find it
    CniPlugin loopback = cni.plugin("loopback");

    CniResult r = loopback.add(pod, "lo", CONF);
    assertThat(r.ips()).extracting(CniResult.Ip::address).contains("127.0.0.1/8");
    assertThat(pod.link("lo").orElseThrow().isUp()).isTrue();
    assertThat(pod.ping("127.0.0.1", Duration.ofSeconds(1)).success()).isTrue();

    loopback.del(pod, "lo", CONF);
    assertThat(pod.link("lo").orElseThrow().isUp()).isFalse();
  }
}
