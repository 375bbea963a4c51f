package dev.netns.samples;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The red/blue lab 20 times, 4 at a time ({@code junit.jupiter.execution.parallel.enabled=true} in
 * {@code junit-platform.properties}). Every repetition uses the same logical and interface names;
 * they never collide because logical names are per test and each test has its own namespaces.
 */
@NetnsTest
@Execution(ExecutionMode.CONCURRENT)
class ParallelLabsTest {

  @RepeatedTest(20)
  void redBlueInParallel(@NetNamespace("red") Netns red,
                         @VethPair(left = "red", right = "blue", leftName = "veth-red", rightName = "veth-blue",
                                   leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
    assertThat(red).canPing("10.0.0.2").link("veth-red").isUp().isVethPeerOf(cable.right());
  }
}
