package dev.netns;

/**
 * A TCP listener inside a namespace, made with {@link Netns#listen(String, int)}: it accepts every
 * connection (and closes it at once) until closed. Use it as the "server pod" of a reachability test.
 *
 * <pre>{@code
 * try (TcpListener web = server.listen("10.0.0.2", 80)) {
 *   assertThat(client).canConnect("10.0.0.2", 80);
 * }
 * }</pre>
 */
public interface TcpListener extends AutoCloseable {

  /** The address the listener is bound to. */
  String address();

  /** The bound port (the kernel's choice when 0 was asked for). */
  int port();

  /** How many connections were accepted so far. */
  int accepted();

  /** Stops listening. */
  @Override
  void close();
}
