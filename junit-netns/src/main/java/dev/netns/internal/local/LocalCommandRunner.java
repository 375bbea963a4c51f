package dev.netns.internal.local;

import dev.netns.ExecResult;
import dev.netns.NetnsException;
import dev.netns.internal.spi.CommandRunner;
import dev.netns.internal.spi.ExecRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Runs programs as child processes of this JVM (argv only, never through a shell). */
public final class LocalCommandRunner implements CommandRunner {

  private static final List<String> SYSTEM_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
      "/usr/bin", "/sbin", "/bin");
  private static final Map<String, String> PACKAGES = Map.of(
      "ip", "iproute2", "ping", "iputils-ping", "nsenter", "util-linux", "sysctl", "procps",
      "bash", "bash", "timeout", "coreutils");
  private static final Map<String, String> RESOLVED = new ConcurrentHashMap<>();

  public static final LocalCommandRunner INSTANCE = new LocalCommandRunner();

  private LocalCommandRunner() {
  }

  /**
   * Finds a program on {@code PATH} or in the usual system directories (non-login shells often
   * lack {@code /usr/sbin}); fails with a message naming the Debian/Ubuntu package to install.
   */
  public static String which(String program) {
    if (program.contains("/")) {
      return program;
    }
    return RESOLVED.computeIfAbsent(program, p -> {
      List<String> dirs = new ArrayList<>();
      String path = System.getenv("PATH");
      if (path != null) {
        dirs.addAll(List.of(path.split(":")));
      }
      dirs.addAll(SYSTEM_DIRS);
      for (String d : dirs) {
        if (d.isEmpty()) continue;
        Path candidate = Path.of(d, p);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
      String pkg = PACKAGES.get(p);
      throw new NetnsException("'" + p + "' was not found on PATH or in " + SYSTEM_DIRS
          + (pkg == null ? "" : "; install it with: apt-get install -y " + pkg));
    });
  }

  @Override
  public ExecResult run(ExecRequest request) {
    List<String> argv = new ArrayList<>(request.argv());
    argv.set(0, which(argv.get(0)));
    ProcessBuilder pb = new ProcessBuilder(argv);
    if (Rootless.active() && !request.env().containsKey("PATH")) {
      // rootless, directories of root's on PATH (/root/bin) cannot be searched; execvp would then
      // report a missing program as "Permission denied" (126) instead of "not found" (127)
      pb.environment().put("PATH", Rootless.searchablePath(System.getenv("PATH")));
    }
    pb.environment().putAll(request.env());
    if (request.stdin() == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new NetnsException("could not start " + request.argv() + ": " + e.getMessage(), e);
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread errPump = daemon("netns-stderr", () -> pump(p.getErrorStream(), err));
    Thread inPump = null;
    if (request.stdin() != null) {
      byte[] in = request.stdin();
      inPump = daemon("netns-stdin", () -> {
        try (OutputStream os = p.getOutputStream()) {
          os.write(in);
        } catch (IOException ignored) {
          // the program closed its stdin early: its exit status tells the story
        }
      });
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread outPump = daemon("netns-stdout", () -> pump(p.getInputStream(), out));
    try {
      boolean done = p.waitFor(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        outPump.join(1000);
        errPump.join(1000);
        return new ExecResult(request.argv(), -1, out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8) + "\n(killed: timed out after " + request.timeout().toMillis() + " ms)");
      }
      outPump.join();
      errPump.join();
      if (inPump != null) inPump.join(1000);
      return new ExecResult(request.argv(), p.exitValue(), out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new NetnsException("interrupted while running " + request.argv(), e);
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void pump(InputStream in, ByteArrayOutputStream sink) {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (sink) {
          sink.write(buf, 0, n);
        }
      }
    } catch (IOException ignored) {
      // process went away; what we read so far is returned
    }
  }

  @Override
  public String describe() {
    return "local kernel";
  }

  @Override
  public boolean isLocal() {
    return true;
  }
}
