package dev.netns.samples.evidence;

import static dev.netns.assertj.NetnsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.Events;
import org.w3c.dom.Document;

/**
 * A test that pings an address nobody holds fails; junit-netns leaves its evidence in one
 * directory under {@code netns.evidence.dir}: the packets ({@code capture.pcapng}), a script that
 * rebuilds the network ({@code repro.sh}), a picture ({@code topology.svg}) and the state
 * ({@code state.txt}). The failure names the directory. A test that passes leaves nothing.
 */
class EvidenceOfAFailedPingTest {

  /** The lab: red and blue on one cable; red pings 10.0.0.9, which nobody has. */
  @NetnsTest
  @ExtendWith(InKit.OnlyInKit.class)
  static class Lab {
    @Test
    void pingsAMissingPeer(@NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
                           @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                               leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
      assertThat(red).canPing("10.0.0.2");
      assertThat(red).canPing("10.0.0.9");
    }

    /** No ping that works first: the only echo request never leaves (nobody answers the ARP). */
    @Test
    void pingsOnlyTheMissingPeer(@NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
                                 @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                                     leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
      assertThat(red).canPing("10.0.0.9");
    }

    @Test
    void skips(@NetNamespace("red") Netns red) {
      org.junit.jupiter.api.Assumptions.assumeTrue(false, "not on this machine");
    }

    @Test
    void passes(@NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
                @VethPair(left = "red", right = "blue", leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
      assertThat(red).canPing("10.0.0.2");
    }
  }

  @TempDir
  Path evidence;

  private Path failedLab() {
    Events events = InKit.run(Lab.class, "pingsAMissingPeer", evidence, Map.of());
    assertThat(events.failed().count()).isEqualTo(1);
    Path dir = evidence.resolve(Lab.class.getName() + ".pingsAMissingPeer");
    assertThat(dir).isDirectory();
    return dir;
  }

  @Test
  void theFailureNamesTheDirectoryAndKeepsItsOwnMessage() throws Exception {
    Events events = InKit.run(Lab.class, "pingsAMissingPeer", evidence, Map.of());
    Throwable t = InKit.failure(events);
    Path dir = evidence.resolve(Lab.class.getName() + ".pingsAMissingPeer").toAbsolutePath();
    // in the failure's own message (what surefire's summary shows), after the test's own words
    assertThat(t).isInstanceOf(AssertionError.class).hasMessageContaining("10.0.0.9")
        .hasMessageContaining("junit-netns evidence of this failure: " + dir);
    assertThat(t.getCause()).as("the test's own failure, unchanged").isInstanceOf(AssertionError.class)
        .hasMessageContaining("to be able to ping 10.0.0.9").hasMessageNotContaining("junit-netns evidence");
    assertThat(t.getMessage()).startsWith(t.getCause().getMessage());
    // JUnit 5.12+ also lists the files as file entries (publishFile); 5.10's testkit has no such events
    try {
      Object published = events.getClass().getMethod("fileEntryPublished").invoke(events);
      long count = (long) published.getClass().getMethod("count").invoke(published);
      assertThat(count).as("files published through ExtensionContext.publishFile").isEqualTo(4);
    } catch (NoSuchMethodException olderJUnit) {
      // JUnit before 5.12
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("junit-outputs")))
          .containsExactlyInAnyOrder("capture.pcapng", "repro.sh", "topology.svg", "state.txt");
    }
    assertThat(Files.readString(dir.resolve("state.txt")))
        .contains("namespace red (", "namespace blue (", "veth-red", "10.0.0.1/24", "10.0.0.0/24 dev veth-red");
  }

  @Test
  void theCaptureHoldsTheEchoRequestsAndTheArpForTheMissingPeer() throws Exception {
    Path pcap = failedLab().resolve("capture.pcapng");
    InKit.Result read = tcpdump("-r", pcap.toString(), "-nn");
    assertThat(read.exitCode()).as(read.output()).isZero();
    assertThat(read.output())
        .contains("ARP, Request who-has 10.0.0.9 tell 10.0.0.1")
        .contains("10.0.0.1 > 10.0.0.2: ICMP echo request")
        .contains("10.0.0.2 > 10.0.0.1: ICMP echo reply")
        .contains("10.0.0.1 > 10.0.0.9: ICMP echo request");
  }

  @Test
  void aPingToTheMissingPeerAloneStillShowsItsEchoRequestMarkedAsNeverSent() throws Exception {
    onlyTheMissingPeer("native");
  }

  /** The ip engine's ping command too: junit-netns gives it the identifier (ping -e) to rebuild its request. */
  @Test
  void theIpEnginesPingToTheMissingPeerAloneShowsItsEchoRequestToo() throws Exception {
    onlyTheMissingPeer("ip");
  }

  private void onlyTheMissingPeer(String engine) throws Exception {
    Events events = InKit.run(Lab.class, "pingsOnlyTheMissingPeer", evidence, Map.of("netns.engine", engine));
    assertThat(events.failed().count()).isEqualTo(1);
    Path pcap = evidence.resolve(Lab.class.getName() + ".pingsOnlyTheMissingPeer").resolve("capture.pcapng");
    InKit.Result read = tcpdump("-r", pcap.toString(), "-nn");
    assertThat(read.exitCode()).as(read.output()).isZero();
    assertThat(read.output())
        .contains("10.0.0.1 > 10.0.0.9: ICMP echo request")
        .contains("ARP, Request who-has 10.0.0.9 tell 10.0.0.1");
    // the request as the probe built it, framed from veth-red's MAC to no MAC (nobody answered the ARP)
    InKit.Result links = tcpdump("-r", pcap.toString(), "-nn", "-e", "icmp");
    assertThat(links.exitCode()).as(links.output()).isZero();
    assertThat(links.output())
        .containsPattern("(?m)^.* > 00:00:00:00:00:00, ethertype IPv4 .*10\\.0\\.0\\.1 > 10\\.0\\.0\\.9: ICMP echo request.*$");
    // and marked: a pcapng comment on that one packet says junit-netns made it and why
    String bytes = new String(Files.readAllBytes(pcap), java.nio.charset.StandardCharsets.ISO_8859_1);
    // INCOMPLETE while ARP asks, FAILED after, or no entry once the kernel dropped it
    assertThat(bytes).containsPattern("sent by the junit-netns probe; (no neighbour entry for 10\\.0\\.0\\.9 on veth-red"
        + "|neighbour 10\\.0\\.0\\.9 on veth-red never resolved \\((INCOMPLETE|FAILED)\\)): the kernel held it for ARP");
    if (engine.equals("ip")) assertThat(bytes).contains("the ip engine's ping command sent it");
  }

  @Test
  void anEchoRequestTheKernelSentIsNotAddedTwice() throws Exception {
    Path pcap = failedLab().resolve("capture.pcapng");
    InKit.Result read = tcpdump("-r", pcap.toString(), "-nn");
    assertThat(read.exitCode()).as(read.output()).isZero();
    long requests = read.output().lines().filter(l -> l.contains("10.0.0.1 > 10.0.0.2: ICMP echo request")).count();
    long replies = read.output().lines().filter(l -> l.contains("10.0.0.2 > 10.0.0.1: ICMP echo reply")).count();
    assertThat(requests).as(read.output()).isPositive().isEqualTo(replies);
    String bytes = new String(Files.readAllBytes(pcap), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(bytes).doesNotContain("neighbour entry for 10.0.0.2");
  }

  @Test
  void thePictureIsSvgNamingBothNamespacesAndTheProbe() throws Exception {
    Path svg = failedLab().resolve("topology.svg");
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(doc.getDocumentElement().getTextContent())
        .contains("veth-red", "veth-blue", "10.0.0.1/24", "10.0.0.2/24", "10.0.0.9", "no namespace of this test holds it");
  }

  @Test
  void theScriptPassesBashNAndRebuildsANetworkThatPings() throws Exception {
    Path script = failedLab().resolve("repro.sh");
    String text = Files.readString(script);
    assertThat(text).contains("'10.0.0.1/24'", "'10.0.0.2/24'");
    InKit.Result syntax = InKit.exec(List.of("bash", "-n", script.toString()));
    assertThat(syntax.exitCode()).as(syntax.output()).isZero();
    Matcher red = Pattern.compile("(?m)^ns\\d+='(jnr[0-9a-f]+-red)'").matcher(text);
    assertThat(red.find()).as(text).isTrue();
    try {
      InKit.Result built = InKit.exec(List.of("bash", script.toString()));
      assertThat(built.exitCode()).as(built.output()).isZero();
      InKit.Result ping = InKit.exec(List.of("ip", "netns", "exec", red.group(1), "ping", "-c", "1", "-W", "2", "10.0.0.2"));
      assertThat(ping.exitCode()).as(ping.output()).isZero();
    } finally {
      InKit.Result clean = InKit.exec(List.of("bash", script.toString(), "cleanup"));
      assertThat(clean.exitCode()).as(clean.output()).isZero();
    }
    assertThat(Path.of("/run/netns", red.group(1))).doesNotExist();
  }

  @Test
  void aPassingTestLeavesNothing() throws Exception {
    Events events = InKit.run(Lab.class, "passes", evidence, Map.of());
    assertThat(events.succeeded().count()).isEqualTo(1);
    assertThat(evidence.resolve(Lab.class.getName() + ".passes")).doesNotExist();
    try (Stream<Path> left = Files.list(evidence)) {
      assertThat(left.filter(p -> !p.getFileName().toString().equals("junit-outputs"))).isEmpty();
    }
  }

  @Test
  void aSkippedTestStaysSkippedAndLeavesNothing() {
    Events events = InKit.run(Lab.class, "skips", evidence, Map.of());
    assertThat(events.skipped().count() + events.aborted().count()).isEqualTo(1);
    assertThat(events.failed().count()).isZero();
    assertThat(evidence.resolve(Lab.class.getName() + ".skips")).doesNotExist();
  }

  @Test
  void evidenceOffLeavesNothingEvenForAFailure() {
    Events events = InKit.run(Lab.class, "pingsAMissingPeer", evidence, Map.of("netns.evidence", "off"));
    assertThat(events.failed().count()).isEqualTo(1);
    assertThat(evidence.resolve(Lab.class.getName() + ".pingsAMissingPeer")).doesNotExist();
    assertThat(InKit.printed(InKit.failure(events))).doesNotContain("junit-netns evidence");
  }

  /**
   * Reads a capture with tcpdump, as a developer would. tcpdump started as root drops to a user of
   * its own, which a user namespace does not map: in a rootless run that step cannot run, and the
   * test says so (the capture is read this way in the root run of the same suite).
   */
  private static InKit.Result tcpdump(String... args) throws java.io.IOException, InterruptedException {
    String map = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/uid_map")).trim().replaceAll("\\s+", " ");
    org.junit.jupiter.api.Assumptions.assumeTrue(map.equals("0 0 4294967295"),
        "tcpdump cannot run as root of a user namespace (it drops to its own user, which is not mapped here)");
    java.util.List<String> argv = new java.util.ArrayList<>(List.of("tcpdump"));
    argv.addAll(List.of(args));
    return InKit.exec(argv);
  }
}
