package dev.netns.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fresh network namespace with {@code lo} up, destroyed after the test (after the class for a
 * static field). On a parameter or field of type {@link dev.netns.Netns}.
 *
 * <p>{@link #value()} is a logical name that {@link VethPair} refers to; two parameters with the
 * same logical name in one test are the same namespace. Without a value the namespace is its own.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.ANNOTATION_TYPE})
public @interface NetNamespace {

  /** The logical name (letters, digits, {@code - _ .}); {@code ""} = an anonymous namespace. */
  String value() default "";
}
