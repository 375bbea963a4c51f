package dev.netns.assertj;

import dev.netns.Link;
import dev.netns.Netns;
import org.assertj.core.api.Assertions;

/**
 * Entry point of assertj-netns: AssertJ assertions on network namespaces and links.
 *
 * <pre>{@code
 * import static dev.netns.assertj.NetnsAssertions.assertThat;
 *
 * @NetnsTest
 * class VethLabTest {
 *   @Test
 *   void twoNamespacesTalk(@NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
 *                          @VethPair(left = "red", right = "blue",
 *                                    leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
 *     assertThat(red).canPing("10.0.0.2").link(cable.left().name()).isUp().isVethPeerOf(cable.right());
 *     assertThat(blue).hasAddress("10.0.0.2/24").eventually().canConnect("10.0.0.1", 8080);
 *   }
 * }
 * }</pre>
 *
 * <p>It extends AssertJ's {@link Assertions}, so one static import serves both: {@code
 * assertThat(red)} gives a {@link NetnsAssert}, {@code assertThat(red.links())} AssertJ's list
 * assertion. For soft assertions use {@link NetnsSoftAssertions} (or mix
 * {@link NetnsSoftAssertionsProvider} into your own soft assertions class).
 */
public class NetnsAssertions extends Assertions {

  /** Entry points are static; subclass it to add your own, as with AssertJ's {@link Assertions}. */
  protected NetnsAssertions() {
  }

  /**
   * Creates assertions on a namespace.
   *
   * @param actual the namespace under test
   * @return an assertion whose checks chain
   */
  public static NetnsAssert assertThat(Netns actual) {
    return new NetnsAssert(actual);
  }

  /**
   * Creates assertions on a link (re-read from its namespace at each check).
   *
   * @param actual the link under test
   * @return an assertion whose checks chain
   */
  public static LinkAssert assertThat(Link actual) {
    return new LinkAssert(actual);
  }

  /**
   * Creates assertions on a reachability grid; {@code matches(table)} probes every cell at once.
   *
   * @param actual the grid under test
   * @return an assertion on it
   */
  public static ReachabilityAssert assertThat(dev.netns.Reachability actual) {
    return new ReachabilityAssert(actual);
  }
}
