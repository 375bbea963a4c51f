package dev.netns.samples.evidence;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The bridge lab with one port forgotten: ns3's cable never joins {@code br0}, so ns1 cannot
 * reach 10.0.0.3. The evidence rebuilds the same broken network (bridge, ports, addresses, the
 * default route, the host's forwarding) under fresh names, where the same pings pass and fail,
 * and draws it with the failed probe's path in red.
 */
class EvidenceOfABridgeLabTest {

  @NetnsTest
  @ExtendWith(InKit.OnlyInKit.class)
  static class Lab {
    @Test
    void forgottenPort(@HostNamespace Netns host,
                       @NetNamespace("ns1") Netns ns1, @NetNamespace("ns2") Netns ns2, @NetNamespace("ns3") Netns ns3,
                       @VethPair(left = "ns1", leftName = "veth-ns1", rightName = "veth-br1", leftAddress = "10.0.0.1/24") Veth v1,
                       @VethPair(left = "ns2", leftName = "veth-ns2", rightName = "veth-br2", leftAddress = "10.0.0.2/24") Veth v2,
                       @VethPair(left = "ns3", leftName = "veth-ns3", rightName = "veth-br3", leftAddress = "10.0.0.3/24") Veth v3) {
      host.bridge("br0").address("10.0.0.254/24").up().attach("veth-br1").attach("veth-br2"); // veth-br3 forgotten
      host.sysctl("net.ipv4.ip_forward", "1");
      ns1.addRoute("default", "10.0.0.254", null);
      assertThat(ns1).canPing("10.0.0.2").canPing("10.0.0.3");
    }
  }

  @TempDir
  Path evidence;

  private Path failedLab() {
    var events = InKit.run(Lab.class, "forgottenPort", evidence, Map.of());
    assertThat(events.failed().count()).isEqualTo(1);
    return evidence.resolve(Lab.class.getName() + ".forgottenPort");
  }

  @Test
  void theScriptRebuildsTheSameBrokenNetwork() throws Exception {
    Path script = failedLab().resolve("repro.sh");
    String text = Files.readString(script);
    assertThat(text).contains("type bridge", "master 'br0'", "'10.0.0.254/24'", "route replace 'default' via '10.0.0.254'",
        "'net.ipv4.ip_forward=1'");
    assertThat(InKit.exec(List.of("bash", "-n", script.toString())).exitCode()).isZero();
    Matcher m = Pattern.compile("(?m)^ns\\d+='(jnr[0-9a-f]+-ns1)'").matcher(text);
    assertThat(m.find()).as(text).isTrue();
    String ns1 = m.group(1);
    try {
      InKit.Result built = InKit.exec(List.of("bash", script.toString()));
      assertThat(built.exitCode()).as(built.output()).isZero();
      assertThat(ping(ns1, "10.0.0.2").exitCode()).as("ns1 -> ns2 across the rebuilt bridge").isZero();
      assertThat(ping(ns1, "10.0.0.254").exitCode()).as("ns1 -> the bridge's address").isZero();
      assertThat(ping(ns1, "10.0.0.3").exitCode()).as("ns1 -> ns3 fails as it did in the test").isNotZero();
    } finally {
      InKit.Result clean = InKit.exec(List.of("bash", script.toString(), "cleanup"));
      assertThat(clean.exitCode()).as(clean.output()).isZero();
    }
    assertThat(Path.of("/run/netns", ns1)).doesNotExist();
  }

  /** One ping from a rebuilt namespace (its own namespace, never the machine's). */
  private static InKit.Result ping(String ns, String ip) throws Exception {
    return InKit.exec(List.of("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", "1", ip));
  }

  @Test
  void thePictureHasEveryNamespaceCableAndTheFailedPathInRed() throws Exception {
    Path svg = failedLab().resolve("topology.svg");
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
    NodeList groups = doc.getElementsByTagName("g");
    assertThat(groups.getLength()).as("one box per namespace: host, ns1, ns2, ns3").isEqualTo(4);
    List<String> cables = new ArrayList<>();
    List<String> red = new ArrayList<>();
    NodeList paths = doc.getElementsByTagName("path");
    for (int i = 0; i < paths.getLength(); i++) {
      Element p = (Element) paths.item(i);
      cables.add(p.getTextContent());
      if (p.getAttribute("stroke").equals("#c62828")) red.add(p.getTextContent());
    }
    assertThat(cables).hasSize(3);
    assertThat(red).singleElement().asString().contains("veth-ns1", "veth-br1");
    assertThat(doc.getDocumentElement().getTextContent()).contains("br0 [bridge]", "-> br0", "10.0.0.3",
        "held by ns3 (");
  }
}
