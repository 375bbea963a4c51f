package dev.netns.internal.spi;

import dev.netns.ExecResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a program inside a namespace the way both engines do it, through {@code ip netns exec}
 * (which also gives the program the namespace's {@code /etc/netns} files and a fresh
 * {@code /sys}): one place, so that neither engine borrows the other for it.
 */
public final class NamespacePrograms {

  private NamespacePrograms() {
  }

  /** Runs {@code request} in namespace {@code ns} ({@code null}: the runner's own namespace). */
  public static ExecResult exec(CommandRunner runner, String ns, ExecRequest request) {
    if (ns == null) {
      return runner.run(request);
    }
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    argv.addAll(request.argv());
    ExecResult r = runner.run(new ExecRequest(argv, request.env(), request.stdin(), request.timeout()));
    return new ExecResult(request.argv(), exitCode(request.argv().get(0), r), r.stdout(), r.stderr());
  }

  /**
   * {@code ip netns exec} exits 1 when it cannot start the program, as the program itself might;
   * reported here as a shell would: 127 for a program that is not there, 126 for one that cannot
   * be run. Its message ({@code exec of "x" failed: No such file or directory}) stays in stderr.
   */
  public static int exitCode(String program, ExecResult r) {
    String failed = "exec of \"" + program + "\" failed: ";
    if (r.exitCode() != 1 || !r.stdout().isEmpty() || !r.stderr().startsWith(failed)) return r.exitCode();
    return r.stderr().startsWith(failed + "No such file or directory") ? 127 : 126;
  }
}
