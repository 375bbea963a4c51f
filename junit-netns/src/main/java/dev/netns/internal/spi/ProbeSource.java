package dev.netns.internal.spi;

import dev.netns.ExecResult;
import dev.netns.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A namespace as the probe runner ({@code internal.reach}) sees it: what it needs to send probes
 * from it, to find the namespaces whose packet filters could drop them, and to read those
 * filters. The core's namespaces implement it, so that the probe runner depends on this SPI and
 * not on the core (the core calls the runner for every probe; the runner never calls back into
 * the core's types).
 */
public interface ProbeSource {

  /** The name a test sees ({@code Netns.name()}). */
  String name();

  /** The name for messages (logical name and real name). */
  String display();

  /** The {@code ip netns} name the engine knows it by ({@code null}: the engine's own namespace). */
  String engineName();

  /** The namespace's file (e.g. {@code /run/netns/NAME}), also when it is not on this machine. */
  String path();

  /** The namespace's file on this machine, when this JVM can open it (the local kernel). */
  Optional<String> localPath();

  /** Whether it is on the local kernel (where the host side is a stand-in namespace). */
  boolean onLocalKernel();

  /** The identity of the fixture scope that holds it: grids read each scope's namespaces once. */
  Object scopeKey();

  /** Every namespace of its scope whose packet filter could drop a probe (its own, the host side). */
  List<? extends ProbeSource> filterNamespaces();

  /** Its links with their addresses (to tell whether it holds a probe's destination). */
  List<dev.netns.Link> links();

  /** One probe, without the denial watch ({@code proto}: {@code icmp}, {@code tcp}, {@code udp}). */
  ProbeResult probeUnwatched(String proto, String ip, int port, Duration timeout);

  /** Runs a program inside it (to read its packet filter where the engine is not in-process). */
  ExecResult exec(Duration timeout, List<String> argv);
}
