package dev.netns.bench;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Seed 003 ("Container Networking - Veth") as a user writes it: two namespaces wired with a veth
 * pair, addresses on both ends, one ping, 100 times. {@link JUnitPathBench} runs it through the
 * JUnit Platform in a fresh JVM, as surefire does; it is not part of any test run.
 */
@NetnsTest
public class SeedLabTests {

  /** How many tests the class has. */
  public static final int REPS = 100;

  @RepeatedTest(REPS)
  void lab(@NetNamespace("ns1") Netns ns1, @NetNamespace("ns2") Netns ns2,
           @VethPair(left = "ns1", right = "ns2", leftName = "veth1", rightName = "veth2",
                     leftAddress = "10.1.1.1/24", rightAddress = "10.1.1.2/24") Veth cable) {
    assertThat(ns1).canPing("10.1.1.2");
  }
}
