package dev.netns;

import java.time.Duration;

/**
 * What a reachability probe (ICMP echo or TCP connect) from inside a namespace saw.
 *
 * @param success whether the peer answered (echo reply, or the TCP handshake completed)
 * @param target  the address (and port) probed, e.g. {@code 10.0.0.2} or {@code 10.0.0.2:80}
 * @param elapsed how long the probe took
 * @param detail  what the probe saw, in words: the ping summary, "connection refused", "timed out after 1 s", ...
 */
public record ProbeResult(boolean success, String target, Duration elapsed, String detail) {
}
