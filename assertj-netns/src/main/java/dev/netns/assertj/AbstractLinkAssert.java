package dev.netns.assertj;

import static dev.netns.assertj.error.ShouldBeDown.shouldBeDown;
import static dev.netns.assertj.error.ShouldBeUp.shouldBeUp;
import static dev.netns.assertj.error.ShouldBeVethPeerOf.shouldBeVethPeerOf;
import static dev.netns.assertj.error.ShouldHaveAddress.shouldHaveAddress;
import static dev.netns.assertj.error.ShouldHaveLink.shouldHaveLink;
import static dev.netns.assertj.error.ShouldHaveMtu.shouldHaveMtu;

import dev.netns.Link;
import dev.netns.Netns;
import dev.netns.assertj.error.LinkSnapshot;
import dev.netns.assertj.error.NamespaceSnapshot;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Assertions on one network interface. A {@link Link} is a snapshot, so every check reads the
 * interface again (by name, in its namespace) and judges the state the kernel reports now; with
 * {@code eventually()} it does so at every attempt. A failure's message is made from that same
 * read (a {@link NamespaceSnapshot} of the links the check judged), never from a second one.
 *
 * <pre>{@code
 * assertThat(cable.left()).isUp().hasMtu(1500).isVethPeerOf(cable.right());
 * assertThat(red).link("veth-red").eventually().isDown();
 * }</pre>
 *
 * @param <SELF>   the assertion's own type
 * @param <ACTUAL> the link type
 */
public abstract class AbstractLinkAssert<SELF extends AbstractLinkAssert<SELF, ACTUAL>, ACTUAL extends Link>
    extends AbstractRetryingAssert<SELF, ACTUAL> {

  private Netns netns;
  private String name;
  /** Soft assertions only: the link was already reported missing by {@code link(name)}; skip its checks. */
  private boolean missingReported;

  /**
   * @param actual   the link under test (its namespace and name identify it)
   * @param selfType the concrete assertion class
   */
  protected AbstractLinkAssert(ACTUAL actual, Class<?> selfType) {
    super(actual, selfType);
    if (actual != null) {
      netns = actual.netns();
      name = actual.name();
    }
  }

  void bind(Netns ns, String linkName, boolean alreadyReported) {
    this.netns = ns;
    this.name = linkName;
    this.missingReported = alreadyReported;
  }

  /**
   * Verifies that the interface is administratively up (the {@code UP} flag, as {@code ip link set up} sets it).
   *
   * @return this assertion
   */
  public SELF isUp() {
    return verify(Link::isUp, (l, s) -> shouldBeUp(l, s));
  }

  /**
   * Verifies that the interface is administratively down (no {@code UP} flag).
   *
   * @return this assertion
   */
  public SELF isDown() {
    return verify(l -> !l.isUp(), (l, s) -> shouldBeDown(l, s));
  }

  /**
   * Verifies that the interface holds {@code cidr}: that address with that prefix length.
   *
   * @param cidr an address with its prefix length, such as {@code 10.0.0.1/24} or {@code fd00::1/64}
   * @return this assertion
   */
  public SELF hasAddress(String cidr) {
    String wanted = Args.cidr(cidr, "hasAddress");
    return verify(l -> l.addresses().stream().anyMatch(a -> Args.sameCidr(a, wanted)), (l, s) -> shouldHaveAddress(l, wanted, s));
  }

  /**
   * Verifies the interface's MTU.
   *
   * @param mtu the expected MTU in bytes; positive
   * @return this assertion
   */
  public SELF hasMtu(int mtu) {
    Args.mtu(mtu, "hasMtu");
    return verify(l -> l.mtu() == mtu, (l, s) -> shouldHaveMtu(l, mtu, s));
  }

  /**
   * Verifies that this interface and {@code other} are the two ends of one veth pair: both are
   * of kind {@code veth}, each one's peer index is the other's index, and each one's peer
   * namespace (its {@code link-netnsid}, resolved to an {@code ip netns} name; no
   * {@code link-netnsid} means the same namespace) is the namespace that holds the other.
   *
   * <pre>{@code
   * assertThat(red).link("veth-red").isVethPeerOf(blue.link("veth-blue").orElseThrow());
   * }</pre>
   *
   * @param other the expected peer; it is read again by name in its namespace
   * @return this assertion
   */
  public SELF isVethPeerOf(Link other) {
    Args.notNull(other, "isVethPeerOf", "the other link");
    if (missingReported) return myself;
    if (netns == null) isNotNull();
    check(() -> {
      // each link and its link-netnsid read once: the check decides on them and the message shows them
      LinkSnapshot me = LinkSnapshot.take(current());
      LinkSnapshot them = other.netns().link(other.name()).map(LinkSnapshot::take).orElse(null);
      List<String> problems = VethPairing.problems(me, them, other);
      if (!problems.isEmpty()) throwAssertionError(shouldBeVethPeerOf(me, them, other, problems));
    });
    return myself;
  }

  /**
   * Reads the namespace's links once per attempt; on failure the message is made from a snapshot
   * built from those very links (the link judged and the table shown come from one read).
   */
  private SELF verify(Predicate<Link> holds, BiFunction<Link, NamespaceSnapshot, ErrorMessageFactory> failure) {
    if (missingReported) return myself;
    if (netns == null) isNotNull();
    check(() -> {
      List<Link> links = netns.links();
      Link now = find(links);
      if (!holds.test(now)) throwAssertionError(failure.apply(now, NamespaceSnapshot.withLinks(netns, links)));
    });
    return myself;
  }

  /** The link as the kernel reports it now; fails when the namespace no longer has it. */
  private Link current() {
    return find(netns.links());
  }

  /** The link in {@code links} (one read of the namespace); fails, showing them, when it is not there. */
  private Link find(List<Link> links) {
    for (Link l : links) {
      if (l.name().equals(name)) return l;
    }
    throw assertionError(shouldHaveLink(NamespaceSnapshot.withLinks(netns, links), name));
  }
}
