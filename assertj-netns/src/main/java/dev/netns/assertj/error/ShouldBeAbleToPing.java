package dev.netns.assertj.error;

import dev.netns.Netns;
import dev.netns.ProbeResult;
import java.time.Duration;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Failure of {@code canPing}: no echo reply came back in time.
 *
 * <pre>{@code
 * Expecting namespace <red: jn-wd9i1-red-1> on the local kernel to be able to ping 10.0.0.9
 * (one ICMP echo, timeout 1 s)
 * but the probe saw (after 1.086 s):
 *   ping exited 1: PING 10.0.0.9 (10.0.0.9) 56(84) bytes of data.
 *   --- 10.0.0.9 ping statistics ---
 *   1 packets transmitted, 0 received, 100% packet loss, time 0ms
 * links:
 *   lo        UP    state UNKNOWN  mtu 65536  127.0.0.1/8 ::1/128
 *   veth-red  UP    state UP       mtu 1500   10.0.0.1/24  peer veth-blue in <blue: jn-wd9i1-blue-2>
 * routes (main table):
 *   default via 10.0.0.254 dev veth-red
 *   10.0.0.0/24 dev veth-red proto kernel scope link src 10.0.0.1
 * }</pre>
 */
public class ShouldBeAbleToPing extends NetnsErrorMessageFactory {

  /** The message for a ping from {@code ns} to {@code ip} that saw {@code result}; reads {@code ns} and the far side now. */
  public static ErrorMessageFactory shouldBeAbleToPing(Netns ns, String ip, Duration timeout, ProbeResult result) {
    NamespaceSnapshot snapshot = NamespaceSnapshot.take(ns);
    return new ShouldBeAbleToPing(snapshot, FarSideSnapshot.take(snapshot, ip), ip, timeout, result);
  }

  /** The message for a ping to {@code ip} that saw {@code result}, from the prober and far side read when it failed. */
  public static ErrorMessageFactory shouldBeAbleToPing(NamespaceSnapshot ns, FarSideSnapshot far, String ip,
                                                       Duration timeout, ProbeResult result) {
    return new ShouldBeAbleToPing(ns, far, ip, timeout, result);
  }

  private ShouldBeAbleToPing(NamespaceSnapshot ns, FarSideSnapshot far, String ip, Duration timeout, ProbeResult result) {
    super(probeFailure(ns, "to be able to ping " + ip, "one ICMP echo", timeout,
        "but the probe saw", result, far));
  }
}
