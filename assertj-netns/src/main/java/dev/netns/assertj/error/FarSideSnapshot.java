package dev.netns.assertj.error;

import dev.netns.Netns;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The far side of a failed probe, read once when the probe failed: the prober's own
 * {@link NamespaceSnapshot}, the destination address, and a snapshot of every other namespace of
 * the test ({@link dev.netns.Target#testNamespaces()}), from which the message names the one that
 * holds the destination and the one that holds the next hop. The prober is not read again: its
 * entry is the prober's snapshot itself.
 *
 * <pre>{@code
 * NamespaceSnapshot me = NamespaceSnapshot.take(red);
 * throw assertionError(shouldBeAbleToPing(me, FarSideSnapshot.take(me, "10.0.0.2"), "10.0.0.2", timeout, result));
 * }</pre>
 *
 * <p>Immutable. Taking one never throws: when the test's namespaces cannot be listed, the reason
 * is kept and shown instead.
 */
public final class FarSideSnapshot {

  private final NamespaceSnapshot prober;
  private final String ip;
  private final List<NamespaceSnapshot> namespaces;
  private final String listError;

  private FarSideSnapshot(NamespaceSnapshot prober, String ip, List<NamespaceSnapshot> namespaces, String listError) {
    this.prober = prober;
    this.ip = ip;
    this.namespaces = List.copyOf(namespaces);
    this.listError = listError;
  }

  /**
   * Lists the test's namespaces and reads each one other than the prober's once.
   *
   * @param prober the prober's snapshot, taken for the same failure
   * @param ip     the probe's destination, an address without prefix; when it is not an IP
   *               literal, nothing is read and the message has no far-side block
   */
  public static FarSideSnapshot take(NamespaceSnapshot prober, String ip) {
    Objects.requireNonNull(prober, "prober");
    Objects.requireNonNull(ip, "ip");
    if (new IPAddressString(ip).getAddress() == null) return new FarSideSnapshot(prober, ip, List.of(), null);
    List<Netns> mine;
    try {
      mine = prober.netns().target().testNamespaces();
    } catch (RuntimeException e) {
      return new FarSideSnapshot(prober, ip, List.of(), String.valueOf(e.getMessage()));
    }
    List<NamespaceSnapshot> snapshots = new ArrayList<>();
    for (Netns n : mine) snapshots.add(n.equals(prober.netns()) ? prober : NamespaceSnapshot.take(n));
    return new FarSideSnapshot(prober, ip, snapshots, null);
  }

  /** The prober's snapshot. */
  public NamespaceSnapshot prober() {
    return prober;
  }

  /** The probe's destination. */
  public String ip() {
    return ip;
  }

  /** The test's namespaces as read (the prober's entry is {@link #prober()}), in the target's order. */
  public List<NamespaceSnapshot> namespaces() {
    return namespaces;
  }

  /** Why the test's namespaces could not be listed, if they could not. */
  public Optional<String> listError() {
    return Optional.ofNullable(listError);
  }

  @Override
  public String toString() {
    return FarSide.render(this);
  }
}
