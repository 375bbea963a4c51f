package dev.netns.internal.ip;

import dev.netns.ExecResult;
import dev.netns.NetnsException;
import dev.netns.internal.spi.CommandRunner;

/** Turns "program not found" answers into messages that name the package to install. */
final class LocalHints {
  private LocalHints() {
  }

  static void requirePing(CommandRunner runner, ExecResult r) {
    throw new NetnsException("'ping' is not installed on the " + runner.describe()
        + " (install it with: apt-get install -y iputils-ping): " + r.stderr().strip());
  }
}
