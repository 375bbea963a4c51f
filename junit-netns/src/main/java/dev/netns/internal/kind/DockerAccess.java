package dev.netns.internal.kind;

import com.github.dockerjava.api.DockerClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * The JVM's connection to Docker, used to find kind node containers and to open exec channels
 * into them.
 *
 * <p>Docker is found the way Testcontainers finds it ({@code ~/.testcontainers.properties},
 * {@code DOCKER_HOST}, the usual socket paths, Docker Desktop, rootless Docker), but the client
 * is built from that transport configuration alone: this class never calls
 * {@code DockerClientFactory.client()}. That method starts the Ryuk reaper container and, inside
 * a container, works out the Docker host address by starting a helper container; both need an
 * image pull. Nothing here creates a container or pulls an image, so users never have to set
 * {@code TESTCONTAINERS_RYUK_DISABLED} or {@code TESTCONTAINERS_HOST_OVERRIDE} for the kind
 * target. An explicit {@code netns.docker.host} setting (else {@code DOCKER_HOST}) is
 * used as it is, as the docker CLI and kind use it; without one, Testcontainers' discovery runs and
 * {@code unix:///var/run/docker.sock} is tried last.
 */
final class DockerAccess {

  static final String DEFAULT_SOCKET = "unix:///var/run/docker.sock";

  private static final Object LOCK = new Object();
  private static DockerAccess instance;

  private final DockerClient client;
  private final URI host;

  private DockerAccess(DockerClient client, URI host) {
    this.client = client;
    this.host = host;
  }

  DockerClient client() {
    return client;
  }

  /** Where Docker was found, for messages, e.g. {@code unix:///var/run/docker.sock}. */
  String host() {
    return host.toString();
  }

  /**
   * The JVM-wide connection, made (if no one made it before) with the system properties'
   * {@code netns.docker.host} (tools and tests that run outside the extension).
   *
   * @throws KindUnavailableException when no Docker daemon answers
   */
  static DockerAccess get() {
    synchronized (LOCK) {
      if (instance != null) return instance;
      return get(dev.netns.NetnsSettings.fromSystemProperties().dockerHost());
    }
  }

  /**
   * The JVM-wide connection; connects on first use, to {@code configured} (the run's
   * {@code netns.docker.host}) when given, else to {@code DOCKER_HOST}, else to what discovery
   * finds. The connection exists once per JVM: the first successful use decides the daemon. A
   * failure is not remembered: a later call (after Docker was started) tries again.
   *
   * @throws KindUnavailableException when no Docker daemon answers
   */
  static DockerAccess get(java.util.Optional<String> configured) {
    synchronized (LOCK) {
      if (instance != null) return instance;
      String explicit = configured.orElse(null);
      if (explicit == null || explicit.isBlank()) explicit = System.getenv("DOCKER_HOST");
      if (explicit != null && !explicit.isBlank()) {
        // as with the docker CLI and kind: an explicit daemon is the daemon, no guessing past it
        instance = connect(false, List.of(parse(explicit.strip())));
      } else {
        instance = connect(true, List.of(URI.create(DEFAULT_SOCKET)));
      }
      return instance;
    }
  }

  private static URI parse(String host) {
    try {
      URI uri = URI.create(host);
      if (uri.getScheme() == null) throw new IllegalArgumentException("no scheme");
      return uri;
    } catch (IllegalArgumentException e) {
      throw new KindUnavailableException("DOCKER_HOST=" + host + " is not a Docker address; write e.g."
          + " unix:///var/run/docker.sock or tcp://127.0.0.1:2375");
    }
  }

  /**
   * Connects through Testcontainers' discovery (when {@code discover}) and then the given
   * addresses, first answer wins.
   *
   * @throws KindUnavailableException listing what was tried and what each attempt answered
   */
  static DockerAccess connect(boolean discover, List<URI> candidates) {
    List<String> tried = new ArrayList<>();
    TransportConfig fromTestcontainers = null;
    if (discover) {
      try {
        fromTestcontainers = DockerClientFactory.instance().getTransportConfig();
      } catch (RuntimeException | LinkageError e) {
        tried.add("Testcontainers' Docker discovery: " + rootMessage(e));
      }
      if (fromTestcontainers != null) {
        DockerAccess a = tryConnect(fromTestcontainers, tried);
        if (a != null) return a;
      }
    }
    for (URI uri : candidates) {
      if (fromTestcontainers != null && uri.equals(fromTestcontainers.getDockerHost())) continue;
      if ("unix".equals(uri.getScheme()) && !new java.io.File(uri.getPath()).exists()) {
        tried.add(uri + ": no such socket");
        continue;
      }
      DockerAccess a = tryConnect(TransportConfig.builder().dockerHost(uri).build(), tried);
      if (a != null) return a;
    }
    throw new KindUnavailableException("Docker is not reachable (tried: " + String.join("; ", tried)
        + "). Start Docker, or point DOCKER_HOST at a running daemon");
  }

  private static DockerAccess tryConnect(TransportConfig config, List<String> tried) {
    DockerClient c = null;
    try {
      c = DockerClientProviderStrategy.getClientForConfig(config);
      c.pingCmd().exec();
      return new DockerAccess(c, config.getDockerHost());
    } catch (RuntimeException | LinkageError e) {
      tried.add(config.getDockerHost() + ": " + rootMessage(e));
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // nothing was opened that outlives this attempt
        }
      }
      return null;
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = t.getMessage();
    return (m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip()).replaceAll("\\s+", " ");
  }
}
