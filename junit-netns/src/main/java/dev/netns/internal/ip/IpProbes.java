package dev.netns.internal.ip;

import dev.netns.ExecResult;
import dev.netns.ProbeResult;
import dev.netns.internal.spi.CommandRunner;
import dev.netns.internal.spi.ExecRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The probes of the iproute2 engine that go beyond a plain ping and TCP connect: a ping of a
 * chosen size with don't-fragment set ({@code ping -M do -s N}) and a UDP round trip through
 * bash's {@code /dev/udp} (bash and coreutils are all a kind node has for it).
 */
final class IpProbes {

  private IpProbes() {
  }

  static ProbeResult ping(IpEngine engine, CommandRunner runner, String ns, String ip, int payloadBytes, Duration timeout) {
    boolean v6 = ip.contains(":");
    double seconds = Math.max(0.1, timeout.toMillis() / 1000.0);
    List<String> argv = new ArrayList<>();
    if (ns != null) argv.addAll(List.of("nsenter", "--net=" + engine.pathOf(ns)));
    argv.addAll(List.of("ping", v6 ? "-6" : "-4", "-n", "-c", "1", "-M", "do", "-s", Integer.toString(payloadBytes),
        "-W", String.format(Locale.ROOT, "%.1f", seconds), ip));
    long start = System.nanoTime();
    ExecResult r = runner.run(ExecRequest.of(timeout.plusSeconds(5), argv));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    String out = (r.stdout() + "\n" + r.stderr()).strip();
    if (r.exitCode() == 0) return new ProbeResult(true, ip, elapsed, last(out, 3));
    return new ProbeResult(false, ip, elapsed, "ping exited " + r.exitCode() + ": " + last(out, 4));
  }

  static ProbeResult connectUdp(IpEngine engine, CommandRunner runner, String ns, String ip, int port, Duration timeout) {
    double seconds = Math.max(0.1, timeout.toMillis() / 1000.0);
    String secs = String.format(Locale.ROOT, "%.1f", seconds);
    List<String> argv = new ArrayList<>();
    if (ns != null) argv.addAll(List.of("nsenter", "--net=" + engine.pathOf(ns)));
    // A fixed script; address, port and wait are arguments $0..$2, never interpolated. Reading one
    // byte from a connected UDP socket takes the whole echoed datagram; an ICMP port unreachable
    // makes the read fail with "Connection refused".
    argv.addAll(List.of("timeout", String.format(Locale.ROOT, "%.1f", seconds + 0.5), "bash", "-c",
        "exec 3<>\"/dev/udp/$0/$1\" && printf 'junit-netns udp probe' >&3 && IFS= read -r -t \"$2\" -N 1 _ <&3",
        ip, Integer.toString(port), secs));
    long start = System.nanoTime();
    ExecResult r = runner.run(ExecRequest.of(timeout.plusSeconds(5), argv));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    String target = (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    if (r.exitCode() == 0) return new ProbeResult(true, target, elapsed, "echo received");
    if (r.exitCode() > 128 || r.exitCode() == 124) {
      return new ProbeResult(false, target, elapsed, "no echo within " + timeout.toMillis() + " ms");
    }
    String why = r.stderr().replaceAll("(?s).*read error: [0-9]+: ", "").replaceAll("(?s).*/dev/udp/[^:]*: ", "").strip();
    if (why.equals("Connection refused")) why = "Connection refused (ICMP port unreachable)";
    return new ProbeResult(false, target, elapsed, why.isEmpty() ? "exit " + r.exitCode() : why);
  }

  private static String last(String s, int n) {
    List<String> lines = s.lines().filter(l -> !l.isBlank()).toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }
}
