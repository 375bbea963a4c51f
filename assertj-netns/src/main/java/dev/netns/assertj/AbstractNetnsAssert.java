package dev.netns.assertj;

import static dev.netns.assertj.error.ShouldBeAbleToConnect.shouldBeAbleToConnect;
import static dev.netns.assertj.error.ShouldBeAbleToPing.shouldBeAbleToPing;
import static dev.netns.assertj.error.ShouldHaveAddress.shouldHaveAddress;
import static dev.netns.assertj.error.ShouldHaveDefaultRouteVia.shouldHaveDefaultRouteVia;
import static dev.netns.assertj.error.ShouldHaveLink.shouldHaveLink;
import static dev.netns.assertj.error.ShouldHaveRouteVia.shouldHaveRouteVia;
import static dev.netns.assertj.error.ShouldNotBeAbleToConnect.shouldNotBeAbleToConnect;
import static dev.netns.assertj.error.ShouldNotBeAbleToPing.shouldNotBeAbleToPing;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.ProbeResult;
import dev.netns.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertionsProvider;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Assertions on a network namespace: reachability (ICMP echo, TCP connect) from inside it, its
 * routes, links and addresses. Every check reads the live state through the public model
 * ({@link Netns#ping}, {@link Netns#connect}, {@link Netns#routes()}, {@link Netns#links()}), so
 * the same assertion works on every target: the local kernel or a kind node.
 *
 * <pre>{@code
 * assertThat(red)
 *     .hasAddress("10.0.0.1/24")
 *     .hasDefaultRouteVia("10.0.0.254")
 *     .canPing("10.0.0.2")
 *     .cannotConnect("10.0.0.2", 22);
 * assertThat(red).eventually().canPing("fd00::2");
 * }</pre>
 *
 * <p>A failure says what was expected and shows the state that decides it: the namespace's
 * links (admin and operational state, MTU, addresses, veth peer, bridge master), its main
 * routing table and, for a probe, what the probe saw. A bad argument (an address that is not an
 * IP literal, a port out of range, a negative timeout) is an {@link IllegalArgumentException},
 * never an assertion failure. Host names are never resolved.
 *
 * @param <SELF>   the assertion's own type
 * @param <ACTUAL> the namespace type
 */
public abstract class AbstractNetnsAssert<SELF extends AbstractNetnsAssert<SELF, ACTUAL>, ACTUAL extends Netns>
    extends AbstractRetryingAssert<SELF, ACTUAL> {

  private Duration probeTimeout;
  private SoftAssertionsProvider softly;

  /**
   * @param actual   the namespace under test
   * @param selfType the concrete assertion class
   */
  protected AbstractNetnsAssert(ACTUAL actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /**
   * Sets the per-attempt timeout of the probes that follow ({@code canPing}, {@code cannotPing},
   * {@code canConnect}, {@code cannotConnect} without an explicit timeout). The default is
   * {@code netns.probe.timeout} (1 s unless configured).
   *
   * <pre>{@code
   * assertThat(red).withProbeTimeout(Duration.ofMillis(300)).cannotPing("10.0.0.9");
   * }</pre>
   *
   * @param timeout how long one probe waits for an answer; positive
   * @return this assertion
   */
  public SELF withProbeTimeout(Duration timeout) {
    this.probeTimeout = Args.positive(timeout, "withProbeTimeout", "timeout");
    return myself;
  }

  /**
   * Verifies that one ICMP echo sent from inside the namespace to {@code ip} (IPv4 or IPv6) is
   * answered within the probe timeout.
   *
   * @param ip an IP literal such as {@code 10.0.0.2} or {@code fd00::2}; never a host name
   * @return this assertion
   * @throws IllegalArgumentException when {@code ip} is not an IP literal
   */
  public SELF canPing(String ip) {
    return ping("canPing", ip, null, true);
  }

  /**
   * Like {@link #canPing(String)}, waiting at most {@code timeout} for the answer.
   *
   * @param ip      an IP literal
   * @param timeout how long the probe waits for an answer (per attempt); positive
   * @return this assertion
   */
  public SELF canPing(String ip, Duration timeout) {
    return ping("canPing", ip, Args.positive(timeout, "canPing", "timeout"), true);
  }

  /**
   * Verifies that one ICMP echo sent from inside the namespace to {@code ip} is NOT answered
   * within the probe timeout.
   *
   * @param ip an IP literal
   * @return this assertion
   */
  public SELF cannotPing(String ip) {
    return ping("cannotPing", ip, null, false);
  }

  /**
   * Like {@link #cannotPing(String)}, waiting {@code timeout} for an answer that should not come.
   *
   * @param ip      an IP literal
   * @param timeout how long the probe waits (per attempt); positive
   * @return this assertion
   */
  public SELF cannotPing(String ip, Duration timeout) {
    return ping("cannotPing", ip, Args.positive(timeout, "cannotPing", "timeout"), false);
  }

  /**
   * Verifies that a TCP connection from inside the namespace to {@code ip:port} is established
   * within the probe timeout (it is closed again at once).
   *
   * @param ip   an IP literal
   * @param port 1 to 65535
   * @return this assertion
   */
  public SELF canConnect(String ip, int port) {
    return connect("canConnect", ip, port, null, true);
  }

  /**
   * Like {@link #canConnect(String, int)}, waiting at most {@code timeout}.
   *
   * @param ip      an IP literal
   * @param port    1 to 65535
   * @param timeout how long the connect may take (per attempt); positive
   * @return this assertion
   */
  public SELF canConnect(String ip, int port, Duration timeout) {
    return connect("canConnect", ip, port, Args.positive(timeout, "canConnect", "timeout"), true);
  }

  /**
   * Verifies that a TCP connection from inside the namespace to {@code ip:port} is NOT
   * established within the probe timeout: refused, unreachable or unanswered.
   *
   * @param ip   an IP literal
   * @param port 1 to 65535
   * @return this assertion
   */
  public SELF cannotConnect(String ip, int port) {
    return connect("cannotConnect", ip, port, null, false);
  }

  /**
   * Like {@link #cannotConnect(String, int)}, waiting {@code timeout} for a handshake that should not complete.
   *
   * @param ip      an IP literal
   * @param port    1 to 65535
   * @param timeout how long the connect may take (per attempt); positive
   * @return this assertion
   */
  public SELF cannotConnect(String ip, int port, Duration timeout) {
    return connect("cannotConnect", ip, port, Args.positive(timeout, "cannotConnect", "timeout"), false);
  }

  /**
   * Verifies that one UDP datagram sent from inside the namespace to {@code ip:port} comes back
   * within the probe timeout (a {@link dev.netns.UdpListener} echoes it).
   *
   * <pre>{@code
   * try (UdpListener dns = server.listenUdp("10.0.0.2", 53)) {
   *   assertThat(client).canConnectUdp("10.0.0.2", 53);
   * }
   * }</pre>
   *
   * @param ip   an IP literal
   * @param port 1 to 65535
   * @return this assertion
   */
  public SELF canConnectUdp(String ip, int port) {
    return canConnectUdp(ip, port, probeTimeout());
  }

  /** Like {@link #canConnectUdp(String, int)}, waiting at most {@code timeout} for the echo. */
  public SELF canConnectUdp(String ip, int port, Duration timeout) {
    return udp("canConnectUdp", ip, port, timeout, true);
  }

  /**
   * Verifies that a UDP datagram sent from inside the namespace to {@code ip:port} does NOT come
   * back within the probe timeout: refused (ICMP port unreachable), dropped or unanswered.
   *
   * @param ip   an IP literal
   * @param port 1 to 65535
   * @return this assertion
   */
  public SELF cannotConnectUdp(String ip, int port) {
    return cannotConnectUdp(ip, port, probeTimeout());
  }

  /** Like {@link #cannotConnectUdp(String, int)}, waiting {@code timeout} for an echo that should not come. */
  public SELF cannotConnectUdp(String ip, int port, Duration timeout) {
    return udp("cannotConnectUdp", ip, port, timeout, false);
  }

  /**
   * Verifies that one ICMP echo with {@code payloadBytes} bytes of data and don't-fragment set is
   * answered: every link of the path carries a packet of {@code payloadBytes + 28} bytes (IPv4). A
   * failure says what the path MTU looks like (what the kernel learned, whether a small echo passes)
   * and calls out an MTU black hole when small echoes pass, large ones vanish and no
   * "fragmentation needed" came back.
   *
   * <pre>{@code
   * assertThat(pod).canPing("10.0.2.2", 1472); // a full 1500-byte packet
   * }</pre>
   *
   * @param ip           an IP literal
   * @param payloadBytes ICMP data size, 8 to 65507
   * @return this assertion
   */
  public SELF canPing(String ip, int payloadBytes) {
    return sizedPing("canPing", ip, payloadBytes, probeTimeout(), true);
  }

  /**
   * Verifies that one ICMP echo with {@code payloadBytes} bytes of data and don't-fragment set is
   * NOT answered (too large for the path, or otherwise lost).
   *
   * @param ip           an IP literal
   * @param payloadBytes ICMP data size, 8 to 65507
   * @return this assertion
   */
  public SELF cannotPing(String ip, int payloadBytes) {
    return sizedPing("cannotPing", ip, payloadBytes, probeTimeout(), false);
  }

  private SELF udp(String method, String ip, int port, Duration timeout, boolean expectEcho) {
    String addr = Args.ip(ip, method);
    Args.port(port, method);
    Args.positive(timeout, method, "timeout");
    return probe(() -> actual.connectUdp(addr, port, timeout), expectEcho,
        r -> dev.netns.assertj.error.ShouldConnectUdp.shouldConnectUdp(actual, expectEcho, timeout, r));
  }

  private SELF sizedPing(String method, String ip, int payloadBytes, Duration timeout, boolean expectAnswer) {
    String addr = Args.ip(ip, method);
    if (payloadBytes < 8 || payloadBytes > 65507) {
      throw new IllegalArgumentException(method + ": payload " + payloadBytes + " bytes is out of range; allowed is 8 to 65507");
    }
    Args.positive(timeout, method, "timeout");
    return probe(() -> actual.ping(addr, payloadBytes, timeout), expectAnswer,
        r -> dev.netns.assertj.error.ShouldPingWithSize.shouldPingWithSize(actual, addr, payloadBytes, expectAnswer,
            timeout, r, MtuDiagnosis.explain(actual, addr, payloadBytes, timeout, r)));
  }

  /**
   * Verifies that some route of the namespace's main table (IPv4 or IPv6) has {@code gateway}
   * as its next hop ({@code via}).
   *
   * <pre>{@code
   * assertThat(pod).hasRouteVia("10.244.1.1");
   * }</pre>
   *
   * @param gateway an IP literal
   * @return this assertion
   */
  public SELF hasRouteVia(String gateway) {
    String gw = Args.ip(gateway, "hasRouteVia");
    isNotNull();
    check(() -> {
      List<Route> routes = actual.routes();
      if (routes.stream().noneMatch(r -> Args.sameIp(r.gateway(), gw))) {
        throwAssertionError(shouldHaveRouteVia(actual, gw, routes));
      }
    });
    return myself;
  }

  /**
   * Verifies that the default route of {@code gateway}'s address family (IPv4 for
   * {@code 10.0.0.254}, IPv6 for {@code fd00::1}) has {@code gateway} as its next hop.
   *
   * @param gateway an IP literal
   * @return this assertion
   */
  public SELF hasDefaultRouteVia(String gateway) {
    String gw = Args.ip(gateway, "hasDefaultRouteVia");
    int family = dev.netns.IpAddress.parse(gw, "hasDefaultRouteVia(gateway)").family();
    isNotNull();
    check(() -> {
      List<Route> routes = actual.routes();
      if (routes.stream().noneMatch(r -> r.isDefault() && r.family() == family && Args.sameIp(r.gateway(), gw))) {
        throwAssertionError(shouldHaveDefaultRouteVia(actual, gw, family, routes));
      }
    });
    return myself;
  }

  /**
   * Verifies that the namespace has an interface named {@code name}.
   *
   * @param name an interface name (at most 15 characters)
   * @return this assertion
   */
  public SELF hasLink(String name) {
    Args.interfaceName(name, "hasLink");
    isNotNull();
    check(() -> findLink(name));
    return myself;
  }

  /**
   * Verifies that some interface of the namespace holds {@code cidr}: the same address with the
   * same prefix length ({@code 10.0.0.1/24} does not match {@code 10.0.0.1/16}).
   *
   * @param cidr an address with its prefix length, such as {@code 10.0.0.1/24} or {@code fd00::1/64}
   * @return this assertion
   */
  public SELF hasAddress(String cidr) {
    String wanted = Args.cidr(cidr, "hasAddress");
    isNotNull();
    check(() -> {
      List<Link> links = actual.links();
      List<String> sameAddress = new ArrayList<>();
      for (Link l : links) {
        for (String held : l.addresses()) {
          if (Args.sameCidr(held, wanted)) return;
          if (Args.sameIp(Args.addressOf(held), Args.addressOf(wanted))) sameAddress.add(held + " on " + l.name());
        }
      }
      throwAssertionError(shouldHaveAddress(actual, wanted, links, sameAddress));
    });
    return myself;
  }

  /**
   * Verifies that the namespace has an interface named {@code name} and returns an assertion on
   * it. The link assertion keeps this assertion's {@code eventually()} setting and, like every
   * check here, re-reads the link at each check.
   *
   * <pre>{@code
   * assertThat(red).link("veth-red").isUp().hasMtu(1500).hasAddress("10.0.0.1/24");
   * }</pre>
   *
   * @param name an interface name (at most 15 characters)
   * @return an assertion on that link
   */
  public LinkAssert link(String name) {
    Args.interfaceName(name, "link");
    AtomicReference<Link> found = new AtomicReference<>();
    try {
      isNotNull();
      check(() -> found.set(findLink(name)));
    } catch (AssertionError missing) {
      if (softly == null) throw missing;
      // soft assertions: report the missing link once and let the chain go on without more noise
      softly.collectAssertionError(missing);
      return linkAssert(null, name, true);
    }
    return linkAssert(found.get(), name, false);
  }

  private LinkAssert linkAssert(Link link, String name, boolean missingReported) {
    LinkAssert a = softly == null ? new LinkAssert(link) : softly.proxy(LinkAssert.class, Link.class, link);
    a.bind(actual, name, missingReported);
    a.retry(retry());
    return a;
  }

  /** Soft assertions: link assertions made by {@link #link(String)} collect into {@code provider} too. */
  void softly(SoftAssertionsProvider provider) {
    this.softly = provider;
  }

  private Link findLink(String name) {
    List<Link> links = actual.links();
    for (Link l : links) {
      if (l.name().equals(name)) return l;
    }
    throw assertionError(shouldHaveLink(actual, name, links));
  }

  private SELF ping(String method, String ip, Duration timeout, boolean expectAnswer) {
    String addr = Args.ip(ip, method);
    Duration t = timeout(timeout, method);
    return probe(() -> actual.ping(addr, t), expectAnswer, r -> expectAnswer
        ? shouldBeAbleToPing(actual, addr, t, r) : shouldNotBeAbleToPing(actual, addr, t, r));
  }

  private SELF connect(String method, String ip, int port, Duration timeout, boolean expectConnection) {
    String addr = Args.ip(ip, method);
    Args.port(port, method);
    Duration t = timeout(timeout, method);
    return probe(() -> actual.connect(addr, port, t), expectConnection, r -> expectConnection
        ? shouldBeAbleToConnect(actual, addr, t, r) : shouldNotBeAbleToConnect(actual, t, r));
  }

  private SELF probe(Supplier<ProbeResult> run, boolean expectSuccess, Function<ProbeResult, ErrorMessageFactory> failure) {
    isNotNull();
    check(() -> {
      ProbeResult r = run.get();
      if (r.success() != expectSuccess) throwAssertionError(failure.apply(r));
    });
    return myself;
  }

  /** A given timeout (checked), or, after the other arguments were checked, the configured default ({@code null}). */
  private Duration timeout(Duration given, String method) {
    return given == null ? probeTimeout() : Args.positive(given, method, "timeout");
  }

  private Duration probeTimeout() {
    return probeTimeout != null ? probeTimeout : settings().probe();
  }
}
