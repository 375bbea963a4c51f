package dev.netns.internal.evidence;

import dev.netns.internal.core.Backend;
import dev.netns.internal.core.NetnsImpl;
import dev.netns.internal.core.Scope;
import dev.netns.internal.core.ScopeListener;
import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.LinkState;
import dev.netns.internal.spi.SentProbes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * The evidence of one fixture scope: its packet capture while it runs, and, when asked, the files
 * that show what happened ({@link #write}). Attached to the scope as its {@link ScopeListener} so
 * that the capture of a namespace starts the moment it exists, and ends when the scope closes.
 *
 * <p>The evidence of a test covers its own namespaces and those of enclosing scopes it used (a
 * class's static fixtures, a class-wide host side); for those, only frames seen since the test
 * began are written.
 */
public final class TestEvidence implements ScopeListener {

  private static final Logger LOG = Logger.getLogger(TestEvidence.class.getName());
  /** File names inside a test's directory. */
  public static final String STATE = "state.txt";
  public static final String SCRIPT = "repro.sh";
  public static final String PICTURE = "topology.svg";
  public static final String CAPTURE = "capture.pcapng";
  static final List<String> FILES = List.of(STATE, SCRIPT, PICTURE, CAPTURE);

  private final EvidenceSettings settings;
  private final long startMicros = System.currentTimeMillis() * 1000L;
  private final Capture capture;
  private volatile String captureError;

  private TestEvidence(EvidenceSettings settings, Backend backend) {
    this.settings = settings;
    // in-process capture needs the namespaces' files on this machine: the local kernel only
    this.capture = settings.capture() && backend.hostIsStandIn() ? new Capture(settings.captureBytes(), settings.snaplen()) : null;
  }

  /** Watches {@code scope} with these settings (nothing at all when evidence is off). */
  public static void watch(Scope scope, EvidenceSettings settings) {
    if (settings.mode() == EvidenceSettings.Mode.OFF) return;
    scope.listener(new TestEvidence(settings, scope.backend()));
  }

  /** The evidence watching {@code scope}, if any. */
  public static Optional<TestEvidence> of(Scope scope) {
    return scope != null && scope.listener() instanceof TestEvidence e ? Optional.of(e) : Optional.empty();
  }

  public EvidenceSettings settings() {
    return settings;
  }

  @Override
  public void namespacesCreated(Scope scope, List<String> names) {
    if (capture == null) return;
    try {
      Engine engine = scope.backend().engine();
      List<String> paths = new ArrayList<>();
      for (String n : names) paths.add(engine.pathOf(n));
      capture.add(names, paths);
    } catch (RuntimeException | LinkageError e) {
      // a capture that cannot start must never fail the fixture: the evidence says so instead
      captureError = "the packet capture could not start: " + e;
      LOG.fine(captureError);
    }
  }

  @Override
  public void closed(Scope scope) {
    if (capture != null) capture.close();
  }

  @Override
  public void namespaceRemoving(Scope scope, String name) {
    if (capture != null) capture.remove(name);
  }

  /** {@code dev.netns.FooTest.bar}, made safe as one file name: never a path, never {@code .} or {@code ..}. */
  public static String directoryName(String className, String methodName, String invocation) {
    String raw = className + "." + methodName + (invocation == null || invocation.isEmpty() ? "" : "-" + invocation);
    String clean = raw.replaceAll("[^A-Za-z0-9._$-]", "_").replaceAll("\\.{2,}", "_");
    while (clean.startsWith(".") || clean.startsWith("-")) clean = clean.substring(1);
    if (clean.length() > 150) clean = clean.substring(0, 150);
    return clean.isEmpty() ? "test" : clean;
  }

  /** Removes what an earlier run of the same test wrote there (only our own files). */
  public static void clear(Path dir) {
    for (String f : FILES) {
      try {
        Files.deleteIfExists(dir.resolve(f));
      } catch (IOException ignored) {
        // not ours to worry about: the next write replaces it
      }
    }
    try {
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // not empty: someone else's files are there too
    }
  }

  /**
   * Writes the evidence of the test whose scope is {@code scope} into {@code dir}; returns what
   * was written. Reads the kernel now: call it before the scope tears anything down.
   */
  public static Written write(Scope scope, Path dir, String testName, String failure) throws IOException {
    Map<String, String> labels = new LinkedHashMap<>();
    List<Capture> captures = new ArrayList<>();
    long since = of(scope).map(e -> e.startMicros).orElse(0L);
    List<String> notes = new ArrayList<>();
    for (Scope s = scope; s != null; s = s.parent()) {
      Map<String, String> logical = new HashMap<>();
      s.logicalNamespaces().forEach((l, ns) -> {
        if (ns instanceof NetnsImpl impl && impl.engineName() != null) logical.put(impl.engineName(), l);
      });
      NetnsImpl host = s.hostIfMade();
      if (host != null && host.engineName() != null) logical.putIfAbsent(host.engineName(), "host");
      for (String n : s.ownedNamespaces()) labels.putIfAbsent(n, logical.getOrDefault(n, n));
      Optional<TestEvidence> e = of(s);
      if (e.isPresent() && e.get().capture != null) {
        captures.add(e.get().capture);
      }
      if (e.isPresent() && e.get().captureError != null) notes.add(e.get().captureError);
    }
    if (labels.isEmpty()) return null;
    Engine engine = scope.backend().engine();
    for (Capture c : captures) c.drain(); // the last frames, still in the kernel's buffers
    Topology t = Topology.read(engine, labels);
    Files.createDirectories(dir);
    String state = StateText.render(testName, failure, t);
    if (!notes.isEmpty()) state += "\n" + String.join("\n", notes) + "\n";
    Files.writeString(dir.resolve(STATE), state, StandardCharsets.UTF_8);
    String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    Path script = dir.resolve(SCRIPT);
    Files.writeString(script, Reproducer.render(testName, t, id), StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException | IOException ignored) {
      // run it with bash then
    }
    Optional<ProbePath> path = ProbePath.of(failure, t);
    Files.writeString(dir.resolve(PICTURE), TopologySvg.render(testName, t, path), StandardCharsets.UTF_8);
    int packets = -1;
    if (!captures.isEmpty()) {
      List<Capture.Packet> all = new ArrayList<>();
      long dropped = 0;
      List<SentProbes.Sent> sent = new ArrayList<>();
      long keptSince = Long.MIN_VALUE;
      for (Capture c : captures) {
        List<Capture.Packet> kept = c.since(since);
        all.addAll(kept);
        sent.addAll(c.sentSince(since));
        if (c.dropped() > 0) {
          // frames were let go: probe packets older than what is left may have been seen and let go
          keptSince = Math.max(keptSince, kept.isEmpty() ? Long.MAX_VALUE : kept.get(0).frame().epochMicros());
        }
        dropped += c.dropped();
      }
      // what the probes sent that the kernel never put on a wire (e.g. held for ARP), marked
      all.addAll(ProbeFrames.missing(sent, all, t, keptSince));
      all.sort((a, b) -> Long.compare(a.frame().epochMicros(), b.frame().epochMicros()));
      Map<String, Map<Integer, String>> names = new HashMap<>();
      for (Topology.Ns n : t.namespaces()) {
        Map<Integer, String> m = new HashMap<>();
        for (LinkState l : n.links()) m.put(l.index(), l.name());
        names.put(n.name(), m);
      }
      Map<String, String> nsLabels = new HashMap<>();
      for (Topology.Ns n : t.namespaces()) nsLabels.put(n.name(), n.display());
      int snaplen = of(scope).map(e -> e.settings.snaplen()).orElse(2048);
      try (OutputStream out = Files.newOutputStream(dir.resolve(CAPTURE))) {
        Pcapng.write(out, all, names, nsLabels, snaplen);
      }
      packets = all.size();
      if (dropped > 0) {
        Files.writeString(dir.resolve(STATE), "\nthe capture ring was full: the " + dropped
            + " oldest frames were let go (raise " + EvidenceSettings.CAPTURE_BYTES + ")\n", StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.APPEND);
      }
    }
    List<Path> files = new ArrayList<>();
    for (String f : FILES) if (Files.exists(dir.resolve(f))) files.add(dir.resolve(f));
    return new Written(dir, files, packets, List.copyOf(labels.keySet()));
  }

  /**
   * What {@link #write} wrote.
   *
   * @param packets frames in the capture, or -1 when there is no capture
   */
  public record Written(Path dir, List<Path> files, int packets, List<String> namespaces) {

    /** One line for a failure message. */
    public String summary() {
      StringBuilder b = new StringBuilder("junit-netns evidence of this failure: ").append(dir);
      b.append("\n  ");
      List<String> parts = new ArrayList<>();
      for (Path f : files) {
        String n = f.getFileName().toString();
        parts.add(n.equals(CAPTURE) ? n + " (" + packets + " packets)" : n);
      }
      b.append(String.join(", ", parts)).append(" of ").append(namespaces.size()).append(" namespace(s)");
      return b.toString();
    }
  }
}
