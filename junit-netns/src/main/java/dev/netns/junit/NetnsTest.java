package dev.netns.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registers the junit-netns extension: {@link NetNamespace}, {@link VethPair},
 * {@link HostNamespace}, {@link KindNode} and injection of {@link dev.netns.Target} and
 * {@link dev.netns.cni.Cni}.
 *
 * <pre>{@code
 * @NetnsTest
 * class VethLabTest {
 *   @Test
 *   void twoNamespacesTalk(@NetNamespace("red") Netns red, @NetNamespace("blue") Netns blue,
 *                          @VethPair(left = "red", right = "blue",
 *                                    leftAddress = "10.0.0.1/24", rightAddress = "10.0.0.2/24") Veth cable) {
 *     assertThat(red).canPing("10.0.0.2");
 *   }
 * }
 * }</pre>
 *
 * <p>Without root (CAP_NET_ADMIN and CAP_SYS_ADMIN) the tests FAIL with a message saying what is
 * missing; set {@link #disabledWithoutPrivileges()} (or the configuration parameter
 * {@code netns.disabledWithoutPrivileges=true}) to skip them with that reason instead.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(NetnsExtension.class)
public @interface NetnsTest {

  /** Skip (rather than fail) the tests when this JVM may not create namespaces. */
  boolean disabledWithoutPrivileges() default false;

  /** When to delete the fixtures; {@link CleanupMode#DEFAULT} defers to {@code netns.cleanup} (default {@code always}). */
  CleanupMode cleanup() default CleanupMode.DEFAULT;
}
