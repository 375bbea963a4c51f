package dev.netns.internal.kind;

import dev.netns.internal.spi.ExecRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exec channel's wire protocol, apart from any transport (Docker, or a local bash in tests):
 * the fixed server script and its bootstrap line, how one request is encoded (NUL-terminated
 * fields: token, argc, argv..., envc, NAME=VALUE..., stdin length, stdin bytes), the quit request,
 * and how the server's answers are found in its output streams (markers
 * {@code \0 \1 J N <token> SP p <pid> LF} and {@code \0 \1 J N <token> SP = <status> LF}).
 * Pure functions and a byte buffer: unit-tested without Docker.
 */
final class ChannelProtocol {

  /** The server script (comments stripped), sent first on stdin, NUL-terminated. */
  static final String SERVER = loadServer();
  /**
   * The session's command line: it reads the fixed server script (our own resource, sent first on
   * stdin) and runs it, so that {@code ps} in the node shows a short line, not the whole script.
   */
  static final String BOOTSTRAP = "IFS= read -r -d '' server && eval \"$server\"";
  /** The token of the server's ready line. */
  static final String READY = "ready";
  private static final byte[] MARK = {0, 1, 'J', 'N'};
  private static final AtomicLong TOKENS = new AtomicLong();

  private ChannelProtocol() {
  }

  /** A token no other request of this JVM uses (letters and digits, as the server requires). */
  static String newToken() {
    return Long.toString(TOKENS.incrementAndGet(), 36) + "x" + Long.toString(System.nanoTime() & 0xffffff, 36);
  }

  /** What the session sends first: the server script, NUL-terminated. */
  static byte[] hello() {
    return (SERVER + "\0").getBytes(StandardCharsets.UTF_8);
  }

  /** The request that ends the server: argc 0. */
  static byte[] quit() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    field(b, "quit");
    field(b, "0");
    return b.toByteArray();
  }

  /**
   * The programs the node lacks, from the ready line's status ({@code ok} followed by their names),
   * or {@code null} when the status is not {@code ok...}.
   */
  static List<String> missingTools(String readyStatus) {
    if (!readyStatus.startsWith("ok")) return null;
    List<String> out = new ArrayList<>();
    for (String t : readyStatus.substring(2).strip().split("\\s+")) {
      if (!t.isEmpty()) out.add(t);
    }
    return out;
  }

  /** The exit status a request's end marker carries, or -1 when it is not a number (a broken server). */
  static int exitStatus(String status) {
    try {
      int code = Integer.parseInt(status);
      return code < 0 ? -1 : code;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static byte[] encode(String token, ExecRequest request) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(256);
    field(b, token);
    field(b, Integer.toString(request.argv().size()));
    for (String a : request.argv()) field(b, requireNoNul(a, "argument"));
    field(b, Integer.toString(request.env().size()));
    for (Map.Entry<String, String> e : request.env().entrySet()) {
      String name = e.getKey();
      if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("environment variable name \"" + name + "\" is not valid; use letters,"
            + " digits and '_', not starting with a digit");
      }
      field(b, name + "=" + requireNoNul(e.getValue() == null ? "" : e.getValue(), "value of " + name));
    }
    byte[] in = request.stdin() == null ? new byte[0] : request.stdin();
    field(b, (isText(in) ? "t" : "") + in.length);
    b.write(in, 0, in.length);
    return b.toByteArray();
  }

  /** Small stdin without NUL bytes is read by the server's bash itself (one process less than head). */
  static boolean isText(byte[] in) {
    if (in.length == 0 || in.length > 65536) return false;
    for (byte x : in) {
      if (x == 0) return false;
    }
    return true;
  }

  private static void field(ByteArrayOutputStream b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.write(bytes, 0, bytes.length);
    b.write(0);
  }

  private static String requireNoNul(String s, String what) {
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("exec " + what + " contains a NUL character, which a program's argv"
          + " or environment cannot hold: " + s.replace("\0", "\\0"));
    }
    return s;
  }

  static byte[] pattern(String token, char kind) {
    return (new String(MARK, StandardCharsets.ISO_8859_1) + token + " " + kind).getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String loadServer() {
    try (InputStream in = ChannelProtocol.class.getResourceAsStream("channel-server.bash")) {
      if (in == null) throw new IllegalStateException("channel-server.bash is missing from the junit-netns jar");
      // comments stay in the resource; the node gets the code
      StringBuilder code = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.strip().startsWith("#") && !line.isBlank()) code.append(line).append('\n');
      }
      return code.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes of one stream, with marker search from where the last search stopped. */
  static final class Stream {
    private byte[] buf = new byte[8192];
    private int len;
    private int scanned;

    void append(byte[] b) {
      if (len + b.length > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + b.length));
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
    }

    void reset() {
      len = 0;
      scanned = 0;
    }

    String text() {
      return new String(buf, 0, len, StandardCharsets.UTF_8).replace("\0\1JN", " ").replaceAll("\\s+", " ");
    }

    /** {status text, content before the marker} once the marker line is complete, else null. */
    String[] marker(byte[] pattern) {
      int from = Math.max(0, scanned - pattern.length);
      int at = indexOf(pattern, from);
      if (at < 0) {
        scanned = len;
        return null;
      }
      int nl = newlineFrom(at + pattern.length);
      if (nl < 0) return null;
      String status = new String(buf, at + pattern.length, nl - at - pattern.length, StandardCharsets.UTF_8);
      String content = new String(buf, 0, at, StandardCharsets.UTF_8);
      return new String[] {status, content};
    }

    /** The index of the first newline at or after {@code from}, or -1. */
    private int newlineFrom(int from) {
      for (int i = from; i < len; i++) {
        if (buf[i] == '\n') return i;
      }
      return -1;
    }

    /**
     * Removes the first complete marker line starting with {@code pattern} and returns what
     * followed the pattern on that line, or {@code null} when there is none yet.
     */
    String cut(byte[] pattern) {
      int at = indexOf(pattern, 0);
      if (at < 0) return null;
      int nl = newlineFrom(at + pattern.length);
      if (nl < 0) return null;
      String value = new String(buf, at + pattern.length, nl - at - pattern.length, StandardCharsets.UTF_8);
      System.arraycopy(buf, nl + 1, buf, at, len - nl - 1);
      len -= nl + 1 - at;
      scanned = Math.min(scanned, at);
      return value;
    }

    private int indexOf(byte[] p, int from) {
      outer:
      for (int i = from; i <= len - p.length; i++) {
        for (int j = 0; j < p.length; j++) {
          if (buf[i + j] != p[j]) continue outer;
        }
        return i;
      }
      return -1;
    }
  }

}
