package dev.netns.internal.spi;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The packets that probes hand to the kernel, told to whoever captures the namespace they were
 * sent from (the evidence of a failed test). A packet capture sees only what the kernel puts on a
 * wire: an echo request to an on-link address that no neighbour answers waits in the ARP queue and
 * is dropped there, so the capture would show the ARP but never the request the test sent. With
 * this record, the evidence can add that request, marked as such.
 *
 * <p>Cost when nobody captures: one map lookup per probe.
 */
public final class SentProbes {

  /**
   * One packet as the probe built it, above the IP layer (the kernel adds the IP header).
   *
   * @param namespace   the {@code ip netns} name it was sent from
   * @param epochMicros when the probe handed it to the kernel
   * @param destination the destination address, 4 or 16 bytes
   * @param protocol    the IP protocol (1 ICMP, 58 ICMPv6)
   * @param payload     the bytes after the IP header, as given to {@code sendto}
   * @param rebuilt     {@code null} when {@code payload} is exactly what was sent; else what in it
   *                    junit-netns rebuilt rather than saw (for a command whose bytes it does not see)
   */
  public record Sent(String namespace, long epochMicros, byte[] destination, int protocol, byte[] payload,
                     String rebuilt) {
  }

  private static final ConcurrentHashMap<String, Consumer<Sent>> SINKS = new ConcurrentHashMap<>();

  private SentProbes() {
  }

  /** From now on, packets sent from {@code namespace} go to {@code sink} (one sink per namespace). */
  public static void watch(String namespace, Consumer<Sent> sink) {
    SINKS.put(namespace, sink);
  }

  /** Stops telling {@code sink} (if it is still the one watching {@code namespace}). */
  public static void unwatch(String namespace, Consumer<Sent> sink) {
    SINKS.remove(namespace, sink);
  }

  /** The sink watching {@code namespace}, or {@code null}: probes skip the copy when nobody watches. */
  public static Consumer<Sent> sinkFor(String namespace) {
    return namespace == null ? null : SINKS.get(namespace);
  }

  /** Now, in microseconds since the epoch (the clock the kernel stamps captured frames with). */
  public static long nowMicros() {
    Instant i = Instant.now();
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
  }
}
