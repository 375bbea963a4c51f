package dev.netns.internal.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Direct buffers for socket I/O, reused across sockets: allocating (and first touching) 64 KiB of
 * fresh native memory costs more than a whole netlink request, so each request borrows a pair
 * that an earlier one already paged in.
 */
final class IoBuffers {

  static final int RX_SIZE = 1 << 16;
  static final int TX_SIZE = 8192;
  private static final int KEEP = 16;
  private static final ConcurrentLinkedQueue<IoBuffers> FREE = new ConcurrentLinkedQueue<>();

  final ByteBuffer rx = ByteBuffer.allocateDirect(RX_SIZE).order(ByteOrder.nativeOrder());
  ByteBuffer tx = ByteBuffer.allocateDirect(TX_SIZE).order(ByteOrder.nativeOrder());

  private IoBuffers() {
  }

  static IoBuffers take() {
    IoBuffers b = FREE.poll();
    return b != null ? b : new IoBuffers();
  }

  static void give(IoBuffers b) {
    if (FREE.size() < KEEP) FREE.add(b);
  }

  /** A transmit buffer of at least {@code size} bytes, cleared. */
  ByteBuffer tx(int size) {
    if (tx.capacity() < size) tx = ByteBuffer.allocateDirect(size * 2).order(ByteOrder.nativeOrder());
    tx.clear();
    return tx;
  }
}
