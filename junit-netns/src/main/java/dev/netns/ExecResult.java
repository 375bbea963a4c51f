package dev.netns;

import java.util.List;

/**
 * The outcome of a program run inside a namespace with {@link Netns#exec(String...)}.
 *
 * <pre>{@code
 * ExecResult r = pod.exec("ip", "-4", "route");
 * assertEquals(0, r.exitCode(), r.stderr());
 * }</pre>
 *
 * @param argv     the program and its arguments as they were run
 * @param exitCode the exit status (128 + signal when killed, -1 when it timed out)
 * @param stdout   everything the program wrote to standard output (UTF-8)
 * @param stderr   everything the program wrote to standard error (UTF-8)
 */
public record ExecResult(List<String> argv, int exitCode, String stdout, String stderr) {

  public ExecResult {
    argv = List.copyOf(argv);
    stdout = stdout == null ? "" : stdout;
    stderr = stderr == null ? "" : stderr;
  }

  /** Convenience for code that only cares about the three documented values. */
  public ExecResult(int exitCode, String stdout, String stderr) {
    this(List.of(), exitCode, stdout, stderr);
  }

  /** {@code true} when the program exited with status 0. */
  public boolean isSuccess() {
    return exitCode == 0;
  }

  /**
   * Returns this result when the program succeeded, otherwise throws a {@link NetnsException}
   * that quotes the command line, the exit code and the program's stderr.
   */
  public ExecResult orThrow() {
    if (exitCode != 0) {
      throw new NetnsException("command " + argv + " exited with " + exitCode
          + (stderr.isBlank() ? "" : ": " + stderr.strip()));
    }
    return this;
  }
}
