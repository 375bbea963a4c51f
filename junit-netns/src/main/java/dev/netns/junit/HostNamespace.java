package dev.netns.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The target's host side, on a parameter or field of type {@link dev.netns.Netns}: on a kind node
 * the node's own namespace (everything the test adds there is removed again); on the local kernel
 * a per-test namespace standing in for the node, so the machine's own network is never changed.
 * It is what {@code ""} means in {@link VethPair#left()} and {@link VethPair#right()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.ANNOTATION_TYPE})
public @interface HostNamespace {
}
