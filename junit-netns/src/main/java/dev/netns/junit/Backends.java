package dev.netns.junit;

import dev.netns.internal.core.Backend;
import dev.netns.internal.core.ScopedTarget;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Finds the target of a test (local kernel or kind node) and the implicit injectables. */
final class Backends {

  private Backends() {
  }

  static Optional<KindNode> kindNode(ExtensionContext context) {
    Optional<KindNode> m = context.getTestMethod().flatMap(x -> AnnotationSupport.findAnnotation(x, KindNode.class));
    if (m.isPresent()) return m;
    for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
      Optional<KindNode> k = AnnotationSupport.findAnnotation(c, KindNode.class);
      if (k.isPresent()) return k;
    }
    return Optional.empty();
  }

  /** Why the kind node cannot be used, or empty when it can. */
  static Optional<String> kindUnavailable(KindNode node) {
    return dev.netns.internal.kind.KindBackend.unavailable(node.cluster(), node.node());
  }

  static Backend kind(KindNode node) {
    return dev.netns.internal.kind.KindBackend.connect(node.cluster(), node.node());
  }

  static boolean isCniType(Class<?> type) {
    return type == dev.netns.cni.Cni.class;
  }

  static Object cni(ScopedTarget target) {
    return dev.netns.cni.Cni.forTarget(target);
  }
}
