package dev.netns.internal.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.internal.netlink.PacketSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evidence's parts that need no kernel: names, settings, quoting, the pcapng layout. */
class EvidenceUnitTest {

  @Test
  void directoryNamesAreNeverPaths() {
    Path base = Path.of("/tmp/evidence-base");
    for (String[] c : new String[][] {{"../../etc", "passwd", ""}, {"..", "..", ""}, {"a/b", "c\\d", "1"},
        {".hidden", "m", ""}, {"x", "y z*?", "7"}}) {
      String name = TestEvidence.directoryName(c[0], c[1], c[2]);
      assertThat(name).doesNotContain("/", "\\", "..").isNotEqualTo(".").doesNotStartWith(".");
      assertThat(base.resolve(name).normalize().getParent()).isEqualTo(base);
    }
    assertThat(TestEvidence.directoryName("dev.netns.FooTest$Lab", "bar", "")).isEqualTo("dev.netns.FooTest$Lab.bar");
    assertThat(TestEvidence.directoryName("dev.netns.FooTest", "bar", "3")).isEqualTo("dev.netns.FooTest.bar-3");
  }

  @Test
  void badSettingsNameTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(() -> EvidenceSettings.read(k -> k.equals("netns.evidence") ? Optional.of("sometimes") : Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("netns.evidence=\"sometimes\"")
        .hasMessageContaining("always, on-failure or off");
    assertThatThrownBy(() -> EvidenceSettings.read(k -> k.equals(EvidenceSettings.CAPTURE_BYTES) ? Optional.of("1k") : Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64k to 1g");
    assertThatThrownBy(() -> EvidenceSettings.read(k -> k.equals(EvidenceSettings.POLLUTION) ? Optional.of("loud") : Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warn, fail or off");
    assertThatThrownBy(() -> PollutionCheck.ignorePattern(Optional.of("(")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("netns.pollution.ignore=\"(\"");
    EvidenceSettings d = EvidenceSettings.read(k -> Optional.empty());
    assertThat(d.mode()).isEqualTo(EvidenceSettings.Mode.ON_FAILURE);
    assertThat(d.dir()).isEqualTo(Path.of("target/netns-evidence"));
    assertThat(d.captureBytes()).isEqualTo(4 << 20);
    assertThat(EvidenceSettings.read(k -> k.equals(EvidenceSettings.CAPTURE_BYTES) ? Optional.of("2m") : Optional.empty())
        .captureBytes()).isEqualTo(2 << 20);
  }

  @Test
  void quotingSurvivesBash(@TempDir Path dir) throws Exception {
    String nasty = "it's $(touch " + dir.resolve("pwned") + ") `x` \"y\" \\ ;|&";
    Path script = dir.resolve("q.sh");
    Files.writeString(script, "printf '%s' " + Reproducer.q(nasty) + "\n");
    Process p = new ProcessBuilder("bash", script.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(out).isEqualTo(nasty);
    assertThat(dir.resolve("pwned")).doesNotExist();
  }

  @Test
  void pcapngNamesInterfacesAndNamespacesAndTcpdumpReadsIt(@TempDir Path dir) throws Exception {
    // an ARP request, as a veth sends it
    byte[] arp = new byte[42];
    for (int i = 0; i < 6; i++) arp[i] = (byte) 0xff;
    byte[] head = {0x02, 0, 0, 0, 0, 1, 0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1, 0x02, 0, 0, 0, 0, 1, 10, 0, 0, 1,
        0, 0, 0, 0, 0, 0, 10, 0, 0, 9};
    System.arraycopy(head, 0, arp, 6, head.length);
    List<Capture.Packet> packets = List.of(
        new Capture.Packet("jn-x-red-1", new PacketSocket.Frame(2, 1, true, 1_700_000_000_000_000L, 42, arp)),
        new Capture.Packet("jn-x-blue-2", new PacketSocket.Frame(2, 1, false, 1_700_000_000_000_100L, 42, arp)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Pcapng.write(out, packets, Map.of("jn-x-red-1", Map.of(2, "veth-red"), "jn-x-blue-2", Map.of(2, "veth-blue")),
        Map.of("jn-x-red-1", "red (jn-x-red-1)"), 2048);
    byte[] file = out.toByteArray();
    String text = new String(file, StandardCharsets.ISO_8859_1);
    assertThat(text).contains("veth-red", "veth-red in namespace red (jn-x-red-1)", "veth-blue in namespace jn-x-blue-2");
    Path pcap = dir.resolve("c.pcapng");
    Files.write(pcap, file);
    Process p = new ProcessBuilder("tcpdump", "-r", pcap.toString(), "-nn").redirectErrorStream(true).start();
    String read = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(read).isZero();
    assertThat(read).contains("ARP, Request who-has 10.0.0.9 tell 10.0.0.1");
    assertThat(read.lines().filter(l -> l.contains("who-has")).count()).isEqualTo(2);
  }

  /** red holds 10.0.0.1/24 on veth-red; {@code neighbours} is its neighbour table. */
  private static Topology red(List<dev.netns.Neighbour> neighbours) {
    dev.netns.internal.spi.LinkState veth = new dev.netns.internal.spi.LinkState("veth-red", 2, List.of("UP"), 1500, "UP",
        "veth", "02:00:00:00:00:01", null, 3, -1, null, List.of("10.0.0.1/24"), "noqueue");
    dev.netns.Route onLink = new dev.netns.Route("10.0.0.0/24", null, "veth-red", "main", "kernel", "link", "10.0.0.1", 4);
    return new Topology(List.of(new Topology.Ns("jn-x-red-1", "red", List.of(veth), List.of(onLink), neighbours,
        Map.of(), Map.of(), "", List.of())));
  }

  /** An echo request as the native engine's probe hands it to the kernel (ICMP only, no IP header). */
  private static dev.netns.internal.spi.SentProbes.Sent echo(long micros, int id, int seq) {
    byte[] icmp = new byte[64];
    icmp[0] = 8;
    icmp[4] = (byte) (id >> 8);
    icmp[5] = (byte) id;
    icmp[6] = (byte) (seq >> 8);
    icmp[7] = (byte) seq;
    long sum = 0; // the probe fills in the ICMP checksum itself (IcmpSocket)
    for (int i = 0; i < icmp.length; i += 2) sum += ((icmp[i] & 0xff) << 8) | (icmp[i + 1] & 0xff);
    while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
    icmp[2] = (byte) (~sum >> 8);
    icmp[3] = (byte) ~sum;
    return new dev.netns.internal.spi.SentProbes.Sent("jn-x-red-1", micros, new byte[] {10, 0, 0, 9}, 1, icmp, null);
  }

  @Test
  void anEchoRequestHeldForArpIsAddedMarkedAndTcpdumpReadsItBesideARawIpDevice(@TempDir Path dir) throws Exception {
    List<Capture.Packet> added = ProbeFrames.missing(List.of(echo(1_700_000_000_000_000L, 0x1234, 1)), List.of(),
        red(List.of(new dev.netns.Neighbour("10.0.0.9", null, "veth-red", "INCOMPLETE"))), Long.MIN_VALUE);
    assertThat(added).hasSize(1);
    assertThat(added.get(0).comment()).startsWith("sent by the junit-netns probe; neighbour 10.0.0.9 on veth-red never resolved (INCOMPLETE): the kernel held it for ARP and never put it on the wire");
    assertThat(added.get(0).frame().outgoing()).isTrue();
    assertThat(added.get(0).frame().ifindex()).isEqualTo(2);
    // a frame of a raw IP device (wireguard: ARPHRD_NONE) in the same file: libpcap needs one link type
    byte[] ip = java.util.Arrays.copyOfRange(added.get(0).frame().data(), 14, added.get(0).frame().data().length);
    List<Capture.Packet> packets = new java.util.ArrayList<>(added);
    packets.add(new Capture.Packet("jn-x-red-1", new PacketSocket.Frame(5, 0xFFFE, true, 1_700_000_000_000_500L, ip.length, ip)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Pcapng.write(out, packets, Map.of("jn-x-red-1", Map.of(2, "veth-red", 5, "wg0")), Map.of(), 2048);
    assertThat(new String(out.toByteArray(), StandardCharsets.ISO_8859_1)).contains(ProbeFrames.MARK);
    Path pcap = dir.resolve("c.pcapng");
    Files.write(pcap, out.toByteArray());
    Process p = new ProcessBuilder("tcpdump", "-r", pcap.toString(), "-nn", "-e", "-v").redirectErrorStream(true).start();
    String read = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(read).isZero();
    assertThat(read).contains("02:00:00:00:00:01 > 00:00:00:00:00:00, ethertype IPv4")
        .contains("10.0.0.1 > 10.0.0.9: ICMP echo request, id 4660, seq 1, length 64")
        .doesNotContain("bad cksum", "wrong");
    assertThat(read.lines().filter(l -> l.contains("ICMP echo request")).count()).as(read).isEqualTo(2);
  }

  @Test
  void anEchoRequestTheCaptureSawLeaveIsNotAddedAgain() {
    Topology t = red(List.of(new dev.netns.Neighbour("10.0.0.9", "02:00:00:00:00:09", "veth-red", "REACHABLE")));
    // what ProbeFrames would add is what the kernel sends, MACs aside: use it as the frame seen
    List<Capture.Packet> made = ProbeFrames.missing(List.of(echo(1_700_000_000_000_000L, 7, 3)), List.of(), t, Long.MIN_VALUE);
    assertThat(made).hasSize(1);
    assertThat(made.get(0).comment()).contains("the capture never saw the kernel send it (neighbour 10.0.0.9 is REACHABLE)");
    Capture.Packet seen = new Capture.Packet("jn-x-red-1", made.get(0).frame());
    assertThat(ProbeFrames.missing(List.of(echo(1_700_000_000_000_000L, 7, 3)), List.of(seen), t, Long.MIN_VALUE)).isEmpty();
    // another sequence number is another request; one seen in another namespace or incoming does not count
    assertThat(ProbeFrames.missing(List.of(echo(1_700_000_000_000_000L, 7, 4)), List.of(seen), t, Long.MIN_VALUE)).hasSize(1);
    PacketSocket.Frame in = new PacketSocket.Frame(2, 1, false, 1L, seen.frame().origLen(), seen.frame().data());
    assertThat(ProbeFrames.missing(List.of(echo(1_700_000_000_000_000L, 7, 3)), List.of(new Capture.Packet("jn-x-red-1", in)),
        t, Long.MIN_VALUE)).hasSize(1);
    // older than what a full ring kept: its frame may have been let go, so nothing is added
    assertThat(ProbeFrames.missing(List.of(echo(1_700_000_000_000_000L, 7, 4)), List.of(), t, 1_700_000_000_000_001L)).isEmpty();
  }
}
