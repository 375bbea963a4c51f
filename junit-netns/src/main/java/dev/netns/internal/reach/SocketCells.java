package dev.netns.internal.reach;

import dev.netns.ProbeResult;
import dev.netns.internal.netlink.NsThread;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * TCP and UDP cells of a grid on the local kernel, all in flight at once on one selector: each
 * source namespace's sockets are opened by a thread that entered it (one per source) and bound
 * to the source address the kernel would pick, so every probe's exact flow is known before its
 * first packet; then every connect (or datagram) leaves together and one thread waits for all
 * answers. A cell the denial watch ends is closed at once: nothing outlives {@link #run}.
 */
final class SocketCells {

  private SocketCells() {
  }

  private static final class Io {
    final Cell cell;
    SelectableChannel ch;
    byte[] token;

    Io(Cell cell) {
      this.cell = cell;
    }
  }

  static void run(List<Cell> cells, Duration timeout, DenialWatch watch) {
    boolean tcp = cells.get(0).proto.equals("tcp");
    Map<String, List<Io>> bySource = new LinkedHashMap<>();
    for (Cell c : cells) bySource.computeIfAbsent(c.source.name(), k -> new ArrayList<>()).add(new Io(c));
    List<Io> all = new ArrayList<>();
    bySource.values().forEach(all::addAll);
    try {
      List<CompletableFuture<Void>> opens = new ArrayList<>();
      for (List<Io> ios : bySource.values()) {
        String path = ios.get(0).cell.sourcePath;
        opens.add(CompletableFuture.runAsync(() -> NsThread.callIn(path, "open grid sockets", () -> {
          for (Io io : ios) open(io, tcp);
          return null;
        }), GridRunner.THREADS));
      }
      for (CompletableFuture<Void> f : opens) f.join();
      for (Io io : all) {
        if (!io.cell.done()) watch.prepare(io.cell);
      }
      watch.start();
      try (Selector sel = Selector.open()) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<SelectionKey, Io> keys = new HashMap<>();
        for (Io io : all) {
          if (io.cell.done()) continue;
          try {
            io.ch.configureBlocking(false);
            io.cell.launched();
            if (tcp) {
              SocketChannel s = (SocketChannel) io.ch;
              if (s.connect(remote(io.cell))) {
                watch.settle(io.cell, ok(io.cell, "connected"));
                continue;
              }
              keys.put(s.register(sel, SelectionKey.OP_CONNECT), io);
            } else {
              DatagramChannel d = (DatagramChannel) io.ch;
              keys.put(d.register(sel, SelectionKey.OP_READ), io);
              d.write(ByteBuffer.wrap(io.token));
            }
          } catch (IOException e) {
            watch.settle(io.cell, fail(io.cell, reason(e)));
          }
        }
        ByteBuffer in = ByteBuffer.allocate(2048);
        while (true) {
          boolean pending = false;
          for (var e : keys.entrySet()) {
            Io io = e.getValue();
            if (io.cell.done() || io.cell.awaitingExplanation != null) {
              if (e.getKey().isValid()) {
                e.getKey().cancel();
                closeQuietly(io);
              }
            } else {
              pending = true;
            }
          }
          long left = deadline - System.nanoTime();
          if (!pending || left <= 0) break;
          sel.select(Math.max(1, Math.min(10, left / 1_000_000)));
          for (SelectionKey k : sel.selectedKeys()) {
            Io io = keys.get(k);
            if (io == null || io.cell.done() || io.cell.awaitingExplanation != null) continue;
            try {
              if (tcp) {
                if (((SocketChannel) io.ch).finishConnect()) watch.settle(io.cell, ok(io.cell, "connected"));
              } else {
                in.clear();
                int n = ((DatagramChannel) io.ch).read(in);
                if (n > 0) {
                  in.flip();
                  if (in.equals(ByteBuffer.wrap(io.token))) watch.settle(io.cell, ok(io.cell, n + " bytes echoed"));
                }
              }
            } catch (PortUnreachableException e) {
              watch.settle(io.cell, fail(io.cell, "Connection refused (ICMP port unreachable)"));
            } catch (IOException e) {
              watch.settle(io.cell, fail(io.cell, reason(e)));
            }
          }
          sel.selectedKeys().clear();
        }
        for (Io io : all) {
          if (!io.cell.done() && io.cell.awaitingExplanation == null) {
            watch.settle(io.cell, fail(io.cell, tcp ? "timed out after " + timeout.toMillis() + " ms"
                : "no echo within " + timeout.toMillis() + " ms"));
          }
        }
      }
    } catch (IOException e) {
      throw new dev.netns.NetnsException("cannot run the grid's probes: " + e.getMessage(), e);
    } finally {
      for (Io io : all) closeQuietly(io);
    }
  }

  /** Runs on a thread inside the source namespace: learns the source address, opens and binds the socket. */
  private static void open(Io io, boolean tcp) {
    Cell c = io.cell;
    try {
      InetAddress dst = InetAddress.getByAddress(GridRunner.literal(c.dst));
      StandardProtocolFamily fam = c.dst.contains(":") ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
      InetAddress src;
      try (DatagramChannel route = DatagramChannel.open(fam)) {
        route.connect(new InetSocketAddress(dst, c.port)); // a route lookup only: no packet leaves
        src = ((InetSocketAddress) route.getLocalAddress()).getAddress();
      }
      c.src = src.getHostAddress().replaceAll("%.*$", "");
      if (tcp) {
        SocketChannel s = SocketChannel.open(fam);
        io.ch = s;
        s.bind(new InetSocketAddress(src, 0));
        c.sport = ((InetSocketAddress) s.getLocalAddress()).getPort();
      } else {
        DatagramChannel d = DatagramChannel.open(fam);
        io.ch = d;
        d.bind(new InetSocketAddress(src, 0));
        d.connect(new InetSocketAddress(dst, c.port));
        c.sport = ((InetSocketAddress) d.getLocalAddress()).getPort();
        io.token = ("junit-netns grid " + c.from + " -> " + c.to + " " + System.nanoTime())
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      c.complete(fail(c, reason(e))); // no route: nothing leaves, nothing to blame
      closeQuietly(io);
    }
  }

  /** The source address the kernel picks toward {@code c}'s destination, learned inside the source namespace. */
  static void learnSource(Cell c) {
    try {
      InetAddress dst = InetAddress.getByAddress(GridRunner.literal(c.dst));
      try (DatagramChannel route = DatagramChannel.open(c.dst.contains(":") ? StandardProtocolFamily.INET6
          : StandardProtocolFamily.INET)) {
        route.connect(new InetSocketAddress(dst, 9));
        c.src = ((InetSocketAddress) route.getLocalAddress()).getAddress().getHostAddress().replaceAll("%.*$", "");
      }
    } catch (IOException e) {
      c.src = null; // no route: the probe will say so
    }
  }

  private static InetSocketAddress remote(Cell c) throws IOException {
    return new InetSocketAddress(InetAddress.getByAddress(GridRunner.literal(c.dst)), c.port);
  }

  private static ProbeResult ok(Cell c, String detail) {
    return new ProbeResult(true, c.target(), Duration.ofNanos(System.nanoTime() - c.start), detail);
  }

  static ProbeResult fail(Cell c, String detail) {
    return new ProbeResult(false, c.target(), Duration.ofNanos(System.nanoTime() - c.start), detail);
  }

  private static String reason(IOException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace(" (connect failed)", "").strip();
  }

  private static void closeQuietly(Io io) {
    if (io.ch == null) return;
    try {
      io.ch.close();
    } catch (IOException ignored) {
      // closing a probe socket cannot fail in a way that matters
    }
  }
}
