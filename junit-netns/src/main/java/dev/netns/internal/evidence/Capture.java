package dev.netns.internal.evidence;

import dev.netns.internal.netlink.PacketSocket;
import dev.netns.internal.spi.SentProbes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The packet capture of one fixture scope: one {@link PacketSocket} per namespace the scope made,
 * opened as soon as the namespace exists (before any of its links), and a ring of the frames seen,
 * bounded in bytes: when it is full the oldest frames go, so the end of a test (where it failed)
 * is what is kept. A single daemon thread ({@link Poller}) moves frames from the sockets' kernel
 * buffers into the rings; {@link #drain()} does the same at once, before evidence is written.
 *
 * <p>Memory: at most {@code bytes} of frames (each cut to the snap length) plus
 * {@value #OVERHEAD} bytes of bookkeeping per frame, per scope; plus up to 512 KiB of kernel receive
 * buffer per namespace (256 KiB asked, doubled by the kernel, capped by {@code net.core.rmem_max}).
 */
final class Capture implements AutoCloseable {

  static final int OVERHEAD = 64;
  private static final Logger LOG = Logger.getLogger(Capture.class.getName());

  /**
   * One frame and the namespace it was seen in; {@code comment} (else null) is written as the
   * packet's pcapng comment, for frames junit-netns made rather than saw ({@link ProbeFrames}).
   */
  record Packet(String namespace, PacketSocket.Frame frame, String comment) {
    Packet(String namespace, PacketSocket.Frame frame) {
      this(namespace, frame, null);
    }
  }

  /** At most this many packets sent by probes are remembered per scope (the newest are kept). */
  static final int SENT_LIMIT = 1024;

  private record Source(String namespace, PacketSocket socket) {
  }

  private final int limit;
  private final int snaplen;
  private final List<Source> sources = new CopyOnWriteArrayList<>();
  private final Deque<Packet> ring = new ArrayDeque<>();
  private final Deque<SentProbes.Sent> sent = new ArrayDeque<>();
  private final Consumer<SentProbes.Sent> sentSink = this::sent;
  private long bytes;
  private long dropped;
  private volatile boolean closed;

  Capture(int limit, int snaplen) {
    this.limit = limit;
    this.snaplen = snaplen;
  }

  /** Starts capturing in the given namespaces ({@code ip netns} names and their files). */
  void add(List<String> names, List<String> paths) {
    if (closed || names.isEmpty()) return;
    List<PacketSocket> sockets = PacketSocket.openAll(paths);
    for (int i = 0; i < names.size(); i++) {
      sources.add(new Source(names.get(i), sockets.get(i)));
      SentProbes.watch(names.get(i), sentSink);
    }
    Poller.INSTANCE.register(this);
  }

  /**
   * Stops capturing in one namespace, keeping what it saw. Its socket holds the namespace alive,
   * so it is handed to the closing thread before the namespace is deleted: the kernel tears the
   * namespace down a moment later, without the test's teardown waiting for the close.
   */
  void remove(String name) {
    for (Source s : sources) {
      if (!s.namespace().equals(name)) continue;
      s.socket().read(snaplen, f -> keep(new Packet(s.namespace(), f)));
      sources.remove(s);
      SentProbes.unwatch(name, sentSink);
      s.socket().closeSoon();
    }
  }

  List<PacketSocket> sockets() {
    List<PacketSocket> out = new ArrayList<>();
    for (Source s : sources) out.add(s.socket());
    return out;
  }

  /** Moves every frame waiting in the kernel into the ring. */
  void drain() {
    for (Source s : sources) {
      s.socket().read(snaplen, f -> keep(new Packet(s.namespace(), f)));
    }
  }

  private synchronized void keep(Packet p) {
    ring.addLast(p);
    bytes += p.frame().data().length + OVERHEAD;
    while (bytes > limit && !ring.isEmpty()) {
      Packet old = ring.removeFirst();
      bytes -= old.frame().data().length + OVERHEAD;
      dropped++;
    }
  }

  private synchronized void sent(SentProbes.Sent s) {
    if (closed) return;
    sent.addLast(s);
    while (sent.size() > SENT_LIMIT) sent.removeFirst();
  }

  /** The packets probes sent at or after {@code epochMicros} from the namespaces watched, oldest first. */
  synchronized List<SentProbes.Sent> sentSince(long epochMicros) {
    List<SentProbes.Sent> out = new ArrayList<>();
    for (SentProbes.Sent s : sent) if (s.epochMicros() >= epochMicros) out.add(s);
    return out;
  }

  /** The frames kept that were seen at or after {@code epochMicros}, oldest first. */
  synchronized List<Packet> since(long epochMicros) {
    List<Packet> out = new ArrayList<>();
    for (Packet p : ring) {
      if (p.frame().epochMicros() >= epochMicros) out.add(p);
    }
    return out;
  }

  /** How many frames the ring let go because it was full. */
  synchronized long dropped() {
    return dropped;
  }

  /** The namespaces this capture watches. */
  List<String> namespaces() {
    List<String> out = new ArrayList<>();
    for (Source s : sources) out.add(s.namespace());
    return out;
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    Poller.INSTANCE.unregister(this);
    for (Source s : sources) {
      SentProbes.unwatch(s.namespace(), sentSink);
      s.socket().closeSoon();
    }
    synchronized (this) {
      ring.clear();
      sent.clear();
      bytes = 0;
    }
  }

  /** The one thread that empties every capture's sockets while tests run. */
  static final class Poller {
    static final Poller INSTANCE = new Poller();
    /** How long frames may gather before a drain; far below what fills a socket's buffer at test traffic rates. */
    static final int COALESCE_MS = 20;
    private final List<Capture> captures = new CopyOnWriteArrayList<>();
    private Thread thread;

    synchronized void register(Capture c) {
      if (!captures.contains(c)) captures.add(c);
      if (thread == null) {
        thread = new Thread(this::run, "netns-capture");
        thread.setDaemon(true);
        thread.start();
      }
      notifyAll();
    }

    void unregister(Capture c) {
      captures.remove(c);
    }

    private void run() {
      while (true) {
        try {
          List<PacketSocket> all = new ArrayList<>();
          synchronized (this) {
            while (captures.isEmpty()) wait();
          }
          for (Capture c : captures) all.addAll(c.sockets());
          if (PacketSocket.awaitReadable(all, 50)) {
            // let frames gather: the sockets' kernel buffers hold them, and one drain for a burst
            // (a ping's request and reply in two namespaces) wakes this thread once, not per frame,
            // which on a 2-core machine is time taken from the test
            Thread.sleep(COALESCE_MS);
          }
          for (Capture c : captures) {
            if (!c.isClosed()) c.drain();
          }
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          LOG.fine("capture poll: " + e);
        }
      }
    }
  }
}
