package dev.netns.assertj;

import dev.netns.cni.CniException;
import dev.netns.cni.CniResult;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Entry points for assertions on CNI plugin results and errors ({@code dev.netns.cni}).
 *
 * <pre>{@code
 * CniResult r = ptp.add(pod, "eth0", conf);
 * CniAssertions.assertThat(r)
 *     .hasCniVersion("1.0.0")
 *     .hasIp("10.1.2.2/24").hasGateway("10.1.2.1")
 *     .hasIpOn(pod, "eth0")                 // the result's addresses really are on the interface
 *     .hasVethPeerOnHost(pod, "eth0", host) // eth0's veth peer is the result's host interface
 *     .passesCheck(ptp, pod, "eth0", conf); // CHECK with this result as prevResult succeeds
 *
 * assertThatCniError(() -> ptp.add(pod, "eth0", badConf)).hasCode(999).hasMsgContaining("failed to find plugin");
 * }</pre>
 */
public class CniAssertions {

  /** For subclasses that add entry points; use the static methods. */
  protected CniAssertions() {
  }

  /** Assertions on a CNI result. */
  public static CniResultAssert assertThat(CniResult actual) {
    return new CniResultAssert(actual);
  }

  /** Assertions on a CNI error (an exception already caught). */
  public static CniExceptionAssert assertThat(CniException actual) {
    return new CniExceptionAssert(actual);
  }

  /**
   * Runs {@code call}, which must throw a {@link CniException}, and returns assertions on it.
   * Fails when it returns normally or throws something else (showing what it threw).
   */
  public static CniExceptionAssert assertThatCniError(ThrowingCallable call) {
    try {
      call.call();
    } catch (CniException e) {
      return new CniExceptionAssert(e);
    } catch (Throwable t) {
      throw new AssertionError("Expecting the call to fail with a CniException (a plugin error) but it threw:\n  "
          + t, t);
    }
    throw new AssertionError("Expecting the call to fail with a CniException (a plugin error) but it succeeded");
  }
}
