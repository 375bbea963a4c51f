package dev.netns.internal.kind;

import static dev.netns.internal.kind.StandIn.CLUSTER;
import static dev.netns.internal.kind.StandIn.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.internal.netlink.NsThread;
import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.EngineContract;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The kind node's native path (the netlink engine on the node's namespaces through
 * {@code /proc/PID}, namespaces and programs through the exec channel) against the shared engine
 * contract, on the stand-in cluster's worker. Checks that touch the node itself (ip netns list,
 * exec) go through the node, so they see what the node's own tools see.
 */
@Tag("kind")
class NodeNetlinkEngineContractTest extends EngineContract {

  private KindBackend node;

  @Override
  protected Engine createEngine() {
    node = KindBackend.connect(CLUSTER, WORKER);
    assertThat(node.nativePath()).as(node.describe()).isTrue();
    return node.engine();
  }

  /** A listener in the node's namespace, opened from this JVM through /proc/PID like the engine's probes. */
  @Override
  protected AutoCloseable listen(String ns, String ip, int port) throws Exception {
    long pid = ((NodeNetlinkEngine) node.engine()).pid();
    String path = ns == null ? "/proc/" + pid + "/ns/net" : "/proc/" + pid + "/root/run/netns/" + ns;
    ServerSocketChannel ch = NsThread.callIn(path, "listen in " + ns, () -> {
      ServerSocketChannel s = ServerSocketChannel.open();
      s.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
      return s;
    });
    return ch::close;
  }

  /** A UDP echo responder in the node's namespace, opened from this JVM through /proc/PID. */
  @Override
  protected AutoCloseable listenUdp(String ns, String ip, int port) throws Exception {
    long pid = ((NodeNetlinkEngine) node.engine()).pid();
    String path = ns == null ? "/proc/" + pid + "/ns/net" : "/proc/" + pid + "/root/run/netns/" + ns;
    return dev.netns.internal.local.LocalUdpListener.open(path, ip, port);
  }

  @Test
  void describesThePathAndTheNodeSeesWhatTheEngineMade() {
    assertThat(node.describe()).startsWith("kind node " + WORKER + " (cluster " + CLUSTER
        + "), netlink through /proc/");
    assertThat(engine.describe()).contains("netlink through /proc/").contains(WORKER);
    String n = namespaces("seen").get(0);
    // an independent look (docker exec, not the library's channel)
    assertThat(StandIn.exec(WORKER, "ip", "netns", "list")).contains(n);
    assertThat(StandIn.exec(WORKER, "ip", "netns", "exec", n, "ip", "-o", "link", "show", "lo")).contains("UP");
    assertThat(StandIn.exec(WORKER, "ip", "netns", "exec", n, "cat", "/proc/sys/net/ipv6/conf/default/accept_dad"))
        .isEqualTo("0\n");
  }

  @Test
  void podNamespacesAndTheNodeItselfAreReadNatively() {
    assertThat(engine.listNamespaces()).anyMatch(n -> n.startsWith("cni-"));
    assertThat(engine.links(null)).anyMatch(l -> l.name().equals("eth0"));
    String pod = engine.listNamespaces().stream().filter(n -> n.startsWith("cni-")).findFirst().orElseThrow();
    assertThat(engine.links(pod)).anyMatch(l -> l.name().equals("eth0") && !l.addresses().isEmpty());
  }

  @AfterAll
  void closeNode() {
    if (node != null) node.close();
  }
}
