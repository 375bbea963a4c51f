package dev.netns;

import java.time.Duration;
import java.util.Optional;

/**
 * What a reachability probe (ICMP echo or TCP connect) from inside a namespace saw.
 *
 * @param success whether the peer answered (echo reply, or the TCP handshake completed)
 * @param target  the address (and port) probed, e.g. {@code 10.0.0.2} or {@code 10.0.0.2:80}
 * @param elapsed how long the probe took
 * @param detail  what the probe saw, in words: the ping summary, "connection refused", "timed out after 1 s", ...
 * @param denial  the packet-filter rule that dropped or rejected the probe, with its namespace; {@code null} when
 *                no rule of the test's target is to blame
 */
public record ProbeResult(boolean success, String target, Duration elapsed, String detail, String denial) {

  /** A probe result no packet-filter rule is blamed for. */
  public ProbeResult(boolean success, String target, Duration elapsed, String detail) {
    this(success, target, elapsed, detail, null);
  }

  /**
   * The packet-filter rule (iptables or nftables) in a namespace of the test's target that dropped
   * or rejected this probe, as {@code iptables-save} or {@code nft list ruleset} prints it, with the
   * namespace's name; empty when no rule is to blame.
   */
  public Optional<String> deniedBy() {
    return Optional.ofNullable(denial);
  }

  /** This result with {@code rule} named as the one that denied it. */
  public ProbeResult deniedBy(String rule) {
    return new ProbeResult(success, target, elapsed, detail, rule);
  }
}
