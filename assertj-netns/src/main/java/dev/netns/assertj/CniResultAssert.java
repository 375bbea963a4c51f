package dev.netns.assertj;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.cni.CniConflist;
import dev.netns.cni.CniException;
import dev.netns.cni.CniPlugin;
import dev.netns.cni.CniResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link CniResult}: what the plugin reported, and whether the kernel agrees (the
 * result's addresses on the container interface, the veth peer on the host side, CHECK passing).
 * Failure messages show the result and, for kernel checks, the namespace's links and addresses.
 */
public class CniResultAssert extends AbstractAssert<CniResultAssert, CniResult> {

  /** Assertions on {@code actual}; prefer {@link CniAssertions#assertThat(CniResult)}. */
  public CniResultAssert(CniResult actual) {
    super(actual, CniResultAssert.class);
  }

  /** The result's {@code cniVersion} is {@code version}. */
  public CniResultAssert hasCniVersion(String version) {
    isNotNull();
    if (!actual.cniVersion().equals(version)) {
      failWithMessage("Expecting the CNI result to have cniVersion %s but it has %s:%n%s", version,
          actual.cniVersion(), describe(actual));
    }
    return this;
  }

  /** Some IP configuration of the result has the address {@code cidr} (address and prefix, e.g. {@code 10.1.2.2/24}). */
  public CniResultAssert hasIp(String cidr) {
    isNotNull();
    String want = canonicalCidr(cidr, "hasIp");
    for (CniResult.Ip ip : actual.ips()) {
      if (want.equals(canonicalCidr(ip.address(), "result address"))) return this;
    }
    failWithMessage("Expecting the CNI result to have the IP %s but its ips are %s:%n%s", cidr, actual.ips(),
        describe(actual));
    return this;
  }

  /** The result has exactly this many IP configurations. */
  public CniResultAssert hasIpCount(int count) {
    isNotNull();
    if (actual.ips().size() != count) {
      failWithMessage("Expecting the CNI result to have %s IP(s) but it has %s:%n%s", count, actual.ips().size(),
          describe(actual));
    }
    return this;
  }

  /** Some IP configuration of the result has the gateway {@code ip}. */
  public CniResultAssert hasGateway(String ip) {
    isNotNull();
    String want = canonicalIp(ip, "hasGateway");
    for (CniResult.Ip c : actual.ips()) {
      if (c.gateway() != null && want.equals(canonicalIp(c.gateway(), "result gateway"))) return this;
    }
    failWithMessage("Expecting the CNI result to have an IP with gateway %s but its ips are %s:%n%s", ip,
        actual.ips(), describe(actual));
    return this;
  }

  /** The result lists an interface named {@code name} (host side or container). */
  public CniResultAssert hasInterface(String name) {
    isNotNull();
    if (actual.interfaces().stream().noneMatch(i -> i.name().equals(name))) {
      failWithMessage("Expecting the CNI result to list the interface %s but it lists %s:%n%s", name,
          actual.interfaces(), describe(actual));
    }
    return this;
  }

  /** The result lists the container interface {@code ifName} with {@code container}'s path as sandbox. */
  public CniResultAssert hasContainerInterface(Netns container, String ifName) {
    isNotNull();
    Objects.requireNonNull(container, "container");
    Optional<CniResult.Interface> i = actual.containerInterface(ifName);
    if (i.isEmpty() || !i.get().sandbox().equals(container.path())) {
      failWithMessage("Expecting the CNI result to list interface %s with sandbox %s but it lists %s:%n%s", ifName,
          container.path(), actual.interfaces(), describe(actual));
    }
    return this;
  }

  /** The result has a route to {@code dst} (a CIDR such as {@code 0.0.0.0/0}). */
  public CniResultAssert hasRoute(String dst) {
    isNotNull();
    String want = canonicalCidr(dst, "hasRoute");
    for (CniResult.Route r : actual.routes()) {
      if (want.equals(canonicalCidr(r.dst(), "result route"))) return this;
    }
    failWithMessage("Expecting the CNI result to have a route to %s but its routes are %s:%n%s", dst, actual.routes(),
        describe(actual));
    return this;
  }

  /** The result's DNS lists {@code nameserver}. */
  public CniResultAssert hasNameserver(String nameserver) {
    isNotNull();
    if (!actual.dns().nameservers().contains(nameserver)) {
      failWithMessage("Expecting the CNI result's DNS to list nameserver %s but it has %s", nameserver, actual.dns());
    }
    return this;
  }

  /**
   * Every address the result assigns to the container interface {@code ifName} is on that
   * interface in {@code container} (as the kernel reports it now), and there is at least one.
   */
  public CniResultAssert hasIpOn(Netns container, String ifName) {
    isNotNull();
    Objects.requireNonNull(container, "container");
    List<CniResult.Ip> ips = actual.ipsOn(ifName);
    if (ips.isEmpty()) {
      failWithMessage("Expecting the CNI result to assign an IP to %s but none of its ips %s does:%n%s", ifName,
          actual.ips(), describe(actual));
    }
    Optional<Link> link = container.link(ifName);
    if (link.isEmpty()) {
      failWithMessage("Expecting %s to have interface %s holding %s but it has no such interface:%n%s", container,
          ifName, ips, links(container));
    }
    List<String> have = new ArrayList<>();
    for (String a : link.get().addresses()) have.add(canonicalCidr(a, "kernel address"));
    List<String> missing = new ArrayList<>();
    for (CniResult.Ip ip : ips) {
      if (!have.contains(canonicalCidr(ip.address(), "result address"))) missing.add(ip.address());
    }
    if (!missing.isEmpty()) {
      failWithMessage("Expecting interface %s of %s to hold the result's address(es) %s but it lacks %s:%n%s",
          ifName, container, ips, missing, links(container));
    }
    return this;
  }

  /**
   * The container interface {@code ifName} is a veth whose peer is one of the result's host-side
   * interfaces, in {@code host} (e.g. the target's {@code @HostNamespace}).
   */
  public CniResultAssert hasVethPeerOnHost(Netns container, String ifName, Netns host) {
    isNotNull();
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(host, "host");
    Optional<Link> inside = container.link(ifName);
    if (inside.isEmpty() || !"veth".equals(inside.get().kind())) {
      failWithMessage("Expecting %s to have a veth %s but it has:%n%s", container, ifName, links(container));
    }
    for (CniResult.Interface i : actual.hostInterfaces()) {
      Optional<Link> outside = host.link(i.name());
      if (outside.isEmpty() || !"veth".equals(outside.get().kind())) continue;
      boolean paired = peerIndex(outside.get()) == inside.get().index()
          && peerIndex(inside.get()) == outside.get().index()
          && inside.get().linkNetnsId().isPresent() && outside.get().linkNetnsId().isPresent();
      if (paired) return this;
    }
    failWithMessage("Expecting %s %s to be the veth peer of one of the result's host interfaces %s in %s,"
            + " but none is:%ncontainer:%n%shost:%n%s", container, ifName, actual.hostInterfaces(), host,
        links(container), links(host));
    return this;
  }

  /** CHECK of {@code plugin} with this result as {@code prevResult} succeeds. */
  public CniResultAssert passesCheck(CniPlugin plugin, Netns container, String ifName, String configJson) {
    isNotNull();
    try {
      plugin.check(container, ifName, configJson, actual);
    } catch (CniException e) {
      failWithMessage("Expecting CHECK of %s for %s %s to pass with this result as prevResult, but it failed:%n  %s",
          plugin.type(), container, ifName, e.getMessage());
    }
    return this;
  }

  /** CHECK of the configuration list with this result as {@code prevResult} succeeds. */
  public CniResultAssert passesCheck(CniConflist list, Netns container, String ifName) {
    isNotNull();
    try {
      list.check(container, ifName, actual);
    } catch (CniException e) {
      failWithMessage("Expecting CHECK of list %s for %s %s to pass with this result as prevResult, but it failed:%n  %s",
          list.name(), container, ifName, e.getMessage());
    }
    return this;
  }

  // ------------------------------------------------------------------ helpers

  private static int peerIndex(Link l) {
    return l.peerIndex().orElse(-1);
  }

  static String describe(CniResult r) {
    StringBuilder b = new StringBuilder();
    b.append("  cniVersion ").append(r.cniVersion()).append('\n');
    for (CniResult.Interface i : r.interfaces()) b.append("  interface  ").append(i).append('\n');
    for (CniResult.Ip ip : r.ips()) b.append("  ip         ").append(ip).append('\n');
    for (CniResult.Route rt : r.routes()) b.append("  route      ").append(rt).append('\n');
    if (!r.dns().isEmpty()) b.append("  dns        ").append(r.dns()).append('\n');
    return b.toString();
  }

  static String links(Netns ns) {
    StringBuilder b = new StringBuilder();
    for (Link l : ns.links()) {
      b.append(String.format("  %-15s %-5s %s%s%s%n", l.name(), l.isUp() ? "UP" : "DOWN", String.join(" ", l.addresses()),
          l.kind().isEmpty() ? "" : "  (" + l.kind() + ")",
          "veth".equals(l.kind()) ? " peer index " + peerIndex(l) : ""));
    }
    return b.toString();
  }

  private static String canonicalCidr(String cidr, String what) {
    return dev.netns.Cidr.parse(cidr, what).toString();
  }

  private static String canonicalIp(String ip, String what) {
    return dev.netns.IpAddress.parse(ip, what).toString();
  }
}
