package dev.netns.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the fixtures and assertions of the annotated class or method inside a kind node container
 * instead of the local kernel. The node is found through Docker by the labels kind puts on its
 * nodes ({@code io.x-k8s.kind.cluster}, {@code io.x-k8s.kind.role}) and its container name.
 *
 * <pre>{@code
 * @NetnsTest
 * @KindNode(node = "kind-worker")
 * class OnTheNodeTest { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
public @interface KindNode {

  /** The kind cluster name (label {@code io.x-k8s.kind.cluster}). */
  String cluster() default "kind";

  /** The node's container name, e.g. {@code kind-worker} or {@code kind-control-plane}. */
  String node();

  /**
   * Skip (rather than fail) when Docker or the node is not there, with the reason as the skip
   * message. Also settable for a whole build with the configuration parameter
   * {@code netns.kind.disabledWithoutNode=true}. By default a missing node fails the test: a build
   * that silently runs nothing is worse than a red one.
   */
  boolean disabledWithoutNode() default false;
}
