package dev.netns.internal.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A program to run inside a namespace: argv (never a shell string), extra environment, optional
 * standard input, and a timeout after which the program is killed.
 */
public record ExecRequest(List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  public ExecRequest {
    if (argv == null || argv.isEmpty()) {
      throw new IllegalArgumentException("exec needs a program to run, got an empty argv");
    }
    for (String a : argv) {
      if (a == null) {
        throw new IllegalArgumentException("exec argv must not contain null: " + argv);
      }
    }
    argv = List.copyOf(argv);
    env = env == null ? Map.of() : Map.copyOf(env);
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  public static ExecRequest of(List<String> argv) {
    return new ExecRequest(argv, Map.of(), null, DEFAULT_TIMEOUT);
  }

  public static ExecRequest of(Duration timeout, List<String> argv) {
    return new ExecRequest(argv, Map.of(), null, timeout);
  }
}
