package dev.netns.assertj;

import dev.netns.Link;
import dev.netns.Netns;

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
 * <p>For soft assertions use {@link NetnsSoftAssertions} (or mix {@link NetnsSoftAssertionsProvider}
 * into your own soft assertions class).
 */
public final class NetnsAssertions {

  private NetnsAssertions() {
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
}
