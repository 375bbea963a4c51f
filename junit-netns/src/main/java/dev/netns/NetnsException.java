package dev.netns;

/**
 * An operation on a namespace, link or target failed: the kernel refused it, a program exited
 * non-zero, or the environment lacks something (privileges, iproute2, Docker). The message says
 * what was attempted and what the kernel or program answered.
 */
public class NetnsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NetnsException(String message) {
    super(message);
  }

  public NetnsException(String message, Throwable cause) {
    super(message, cause);
  }
}
