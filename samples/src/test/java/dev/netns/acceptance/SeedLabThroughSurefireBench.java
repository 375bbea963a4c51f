package dev.netns.acceptance;

import static dev.netns.assertj.NetnsAssertions.assertThat;

import dev.netns.Netns;
import dev.netns.Veth;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.junit.VethPair;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;

/**
 * The JUnit-path speed bar as surefire runs it: seed 003 (two namespaces, a veth pair with
 * addresses, one ping) 100 times in one class, in surefire's own forked JVM with the project's
 * {@code argLine}; surefire's "Time elapsed" for the class, divided by 100, is the cost per fixture.
 * Tagged {@code bench} (not part of a normal run):
 * {@code mvn -pl samples -am test -Dtest=SeedLabThroughSurefireBench -Dnetns.test.excludedGroups=
 * -Dsurefire.failIfNoSpecifiedTests=false}. The tutorial's shell sequence to compare with is
 * measured by the benchmarks module's {@code JUnitPathBench}.
 */
@Tag("bench")
@NetnsTest
class SeedLabThroughSurefireBench {

  @RepeatedTest(100)
  void lab(@NetNamespace("ns1") Netns ns1, @NetNamespace("ns2") Netns ns2,
           @VethPair(left = "ns1", right = "ns2", leftName = "veth1", rightName = "veth2",
                     leftAddress = "10.1.1.1/24", rightAddress = "10.1.1.2/24") Veth cable) {
    assertThat(ns1).canPing("10.1.1.2");
  }
}
