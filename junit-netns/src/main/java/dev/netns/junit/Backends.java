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
  static Optional<String> kindUnavailable(KindNode node, dev.netns.NetnsSettings settings) {
    Optional<String> noClient = dockerClientMissing();
    if (noClient.isPresent()) return noClient;
    return dev.netns.internal.kind.KindBackend.unavailable(node.cluster(), node.node(), settings);
  }

  static Backend kind(KindNode node, dev.netns.NetnsSettings settings) {
    dockerClientMissing().ifPresent(why -> {
      throw new dev.netns.NetnsException(why);
    });
    return dev.netns.internal.kind.KindBackend.connect(node.cluster(), node.node(), settings);
  }

  /** The class of Testcontainers that the kind target reaches Docker through. */
  static final String DOCKER_CLIENT_CLASS = "org.testcontainers.DockerClientFactory";

  /**
   * The kind target talks to Docker through Testcontainers' Docker client, an optional dependency:
   * users who test on the local kernel alone do not get it. Says what to add when it is missing.
   */
  static Optional<String> dockerClientMissing() {
    try {
      Class.forName(DOCKER_CLIENT_CLASS, false, Backends.class.getClassLoader());
      return Optional.empty();
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.of("@KindNode needs Testcontainers' Docker client on the test classpath, and it is not there"
          + " (" + DOCKER_CLIENT_CLASS + " not found): add the dependency org.testcontainers:testcontainers"
          + " (2.0.x, <scope>test</scope>) to your pom; tests on the local kernel do not need it");
    }
  }

  static boolean isCniType(Class<?> type) {
    return type == dev.netns.cni.Cni.class;
  }

  static Object cni(ScopedTarget target) {
    return dev.netns.cni.Cni.forTarget(target);
  }
}
