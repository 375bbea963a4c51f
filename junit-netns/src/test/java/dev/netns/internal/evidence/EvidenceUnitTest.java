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
}
