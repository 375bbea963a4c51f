package dev.netns.internal.kind;

/**
 * How an {@link ExecChannel} reaches its server: bytes to the server's stdin, a signal to one of
 * its programs (the timeout path), and the end of the connection. The server's stdout and stderr
 * come back through {@link ExecChannel#onOutput} and its end through {@link ExecChannel#onEnd}.
 * In production the transport is a Docker exec session ({@link DockerTransport}); tests use a
 * local bash, so the channel's whole request cycle is tested without Docker.
 */
interface ChannelTransport extends AutoCloseable {

  /** Queues bytes for the server's stdin (never blocks on the server). */
  void send(byte[] bytes);

  /** Sends {@code signal} (e.g. {@code TERM}) to the process group of the program {@code pid}, and the program. */
  void signal(String signal, String pid);

  /** Ends the connection; the server then sees the end of its stdin. Never throws. */
  @Override
  void close();
}
