package dev.netns.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fresh veth pair on a parameter or field of type {@link dev.netns.Veth}: both ends up, ready for
 * the first packet, destroyed after the test.
 *
 * <pre>{@code
 * @VethPair(left = "pod", right = "", leftName = "eth0", leftAddress = "10.244.0.2/24",
 *           rightAddress = "10.244.0.1/24", mtu = 1450) Veth podLink
 * }</pre>
 *
 * <p>Addresses are CIDR with an explicit prefix length; interface names have at most 15
 * characters. A bad value fails the test before its body runs and leaves nothing behind.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.ANNOTATION_TYPE})
public @interface VethPair {

  /** Logical name of the namespace holding the left end; {@code ""} = the host side. Created implicitly if not declared. */
  String left() default "";

  /** Logical name of the namespace holding the right end; {@code ""} = the host side. */
  String right() default "";

  /** Left interface name; {@code ""} = generated (unique, at most 15 characters, prefix {@code jn}). */
  String leftName() default "";

  /** Right interface name; {@code ""} = generated. */
  String rightName() default "";

  /** Left address as CIDR, e.g. {@code 10.0.0.1/24}; {@code ""} = none. */
  String leftAddress() default "";

  /** Right address as CIDR; {@code ""} = none. */
  String rightAddress() default "";

  /** MTU of both ends; 0 = the kernel default. */
  int mtu() default 0;
}
