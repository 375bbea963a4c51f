package dev.netns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A grid of probes: every source (a namespace, by label) to every destination (an address, by
 * label), over ICMP echo, TCP connect or a UDP round trip. {@link #probe()} runs all cells at once
 * (a 9×9 grid costs about one probe, not 81), and a cell that a packet-filter rule of the test's
 * target drops or rejects ends as soon as the kernel counted the packet, naming that rule.
 *
 * <pre>{@code
 * Reachability grid = Reachability.tcp(80).timeout(Duration.ofSeconds(1));
 * for (var pod : pods.entrySet()) grid.from(pod.getKey(), pod.getValue()).to(pod.getKey(), ipOf(pod.getKey()));
 * assertThat(grid).matches("""
 *         x/a x/b x/c
 *     x/a  .   .   X
 *     x/b  .   .   X
 *     x/c  X   X   .
 *     """);
 * }</pre>
 *
 * <p>Labels are one word each (no whitespace; not {@code .} or {@code X}, which are cell symbols);
 * a label, port, address or namespace that is not allowed, or a duplicate label, is an
 * {@link IllegalArgumentException} naming it, thrown by the call that gave it, before any probe.
 * The same instance may be probed again (every {@link #probe()} reads the live kernel).
 */
public final class Reachability {

  /** What a cell sends. */
  public enum Protocol {
    /** One ICMP echo. */
    ICMP,
    /** One TCP connect (closed again at once). */
    TCP,
    /** One UDP datagram that must come back (a {@link UdpListener} echoes it). */
    UDP
  }

  private static final Pattern LABEL = Pattern.compile("\\S{1,64}");

  private final Protocol protocol;
  private final int port;
  private final Map<String, Netns> sources = new LinkedHashMap<>();
  private final Map<String, String> destinations = new LinkedHashMap<>();
  private Duration timeout = NetnsSettings.probeTimeout();

  private Reachability(Protocol protocol, int port) {
    this.protocol = protocol;
    this.port = port;
  }

  /** A grid of ICMP echoes. */
  public static Reachability icmp() {
    return new Reachability(Protocol.ICMP, 0);
  }

  /**
   * A grid of TCP connects to {@code port} of every destination.
   *
   * @param port 1 to 65535
   */
  public static Reachability tcp(int port) {
    return new Reachability(Protocol.TCP, requirePort(port));
  }

  /**
   * A grid of UDP round trips to {@code port} of every destination (each must echo the datagram).
   *
   * @param port 1 to 65535
   */
  public static Reachability udp(int port) {
    return new Reachability(Protocol.UDP, requirePort(port));
  }

  /**
   * Adds a source row.
   *
   * @param label  the row's name in the table, one word
   * @param source the namespace the probes of this row start from
   * @return this grid
   */
  public Reachability from(String label, Netns source) {
    requireLabel(label, "source");
    if (source == null) throw new IllegalArgumentException("source \"" + label + "\" has no namespace (null)");
    if (sources.containsKey(label)) {
      throw new IllegalArgumentException("source label \"" + label + "\" is given twice; each row needs a label of its own");
    }
    if (!sources.isEmpty() && !sameTarget(sources.values().iterator().next(), source)) {
      throw new IllegalArgumentException("source \"" + label + "\" " + source + " is on " + source.target().describe()
          + ", the other sources on " + sources.values().iterator().next().target().describe()
          + "; a grid probes one target");
    }
    sources.put(label, source);
    return this;
  }

  /**
   * Adds a destination column.
   *
   * @param label the column's name in the table, one word
   * @param ip    an IPv4 or IPv6 literal (never a host name)
   * @return this grid
   */
  public Reachability to(String label, String ip) {
    requireLabel(label, "destination");
    if (destinations.containsKey(label)) {
      throw new IllegalArgumentException("destination label \"" + label + "\" is given twice; each column needs a label of its own");
    }
    destinations.put(label, IpAddress.parse(ip, "destination \"" + label + "\"").toString());
    return this;
  }

  /**
   * How long each cell waits for its answer (default {@link NetnsSettings#probeTimeout()}, 1 s).
   *
   * @param perProbe positive
   * @return this grid
   */
  public Reachability timeout(Duration perProbe) {
    if (perProbe == null || perProbe.isNegative() || perProbe.isZero()) {
      throw new IllegalArgumentException("probe timeout must be positive, got " + perProbe);
    }
    this.timeout = perProbe;
    return this;
  }

  /**
   * Probes every cell, all at once, and returns what each saw.
   *
   * @throws IllegalStateException when the grid has no source or no destination
   */
  public ReachabilityResult probe() {
    if (sources.isEmpty() || destinations.isEmpty()) {
      throw new IllegalStateException("the grid needs at least one from(label, netns) and one to(label, ip); it has "
          + sources.size() + " source(s) and " + destinations.size() + " destination(s)");
    }
    long start = System.nanoTime();
    // the sources' target runs the grid (the model knows no runner of its own)
    Map.Entry<String, Netns> first = sources.entrySet().iterator().next();
    Target target = first.getValue().target();
    Map<String, Map<String, ProbeResult>> cells;
    try {
      if (target == null) throw new UnsupportedOperationException("no target");
      cells = target.probeCells(this);
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException("source \"" + first.getKey() + "\" is " + first.getValue().getClass().getName()
          + ", not a namespace junit-netns made or adopted", e);
    }
    return new ReachabilityResult(this, cells, Duration.ofNanos(System.nanoTime() - start));
  }

  /** The protocol of every cell. */
  public Protocol protocol() {
    return protocol;
  }

  /** The destination port (0 for ICMP). */
  public int port() {
    return port;
  }

  /** The per-cell timeout. */
  public Duration timeout() {
    return timeout;
  }

  /** Source labels to namespaces, in the order given. */
  public Map<String, Netns> sources() {
    return Collections.unmodifiableMap(sources);
  }

  /** Destination labels to addresses (canonical form), in the order given. */
  public Map<String, String> destinations() {
    return Collections.unmodifiableMap(destinations);
  }

  /** e.g. {@code tcp port 80}, {@code udp port 53}, {@code icmp echo}. */
  public String describe() {
    return switch (protocol) {
      case ICMP -> "icmp echo";
      case TCP -> "tcp port " + port;
      case UDP -> "udp port " + port;
    };
  }

  @Override
  public String toString() {
    return "Reachability[" + describe() + ", " + new ArrayList<>(sources.keySet()) + " -> "
        + new ArrayList<>(destinations.keySet()) + "]";
  }

  private static boolean sameTarget(Netns a, Netns b) {
    return Objects.equals(a.target().describe(), b.target().describe());
  }

  private static int requirePort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range; allowed is 1 to 65535");
    }
    return port;
  }

  static void requireLabel(String label, String what) {
    if (label == null || !LABEL.matcher(label).matches() || label.equals(".") || label.equals("X")) {
      throw new IllegalArgumentException(what + " label \"" + label + "\" is not allowed; a label is one word of 1 to 64"
          + " characters without whitespace, and not \".\" or \"X\" (the cell symbols)");
    }
  }
}
