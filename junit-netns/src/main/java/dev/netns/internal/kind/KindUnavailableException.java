package dev.netns.internal.kind;

import dev.netns.NetnsException;

/** A kind node cannot be used: Docker unreachable, node missing or stopped, or a tool missing in it. */
final class KindUnavailableException extends NetnsException {
  private static final long serialVersionUID = 1L;

  KindUnavailableException(String message) {
    super(message);
  }

  KindUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
