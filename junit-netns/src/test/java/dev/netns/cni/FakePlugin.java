package dev.netns.cni;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A shell-script CNI plugin that records every call (environment, stdin, the namespace it ran
 * in, whether CNI_NETNS existed) and answers according to FAKE_MODE, so that tests can see
 * exactly what the harness sends and how it reads each kind of answer.
 */
final class FakePlugin {

  static final String SCRIPT = """
      #!/bin/sh
      d=$(dirname "$0"); t=$(basename "$0")
      n=$(cat "$d/seq" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$d/seq"
      p="$d/call-$(printf %03d $n)-$t-$CNI_COMMAND"
      env | grep '^CNI_' | sort > "$p.env"
      readlink /proc/self/ns/net > "$p.netns"
      if [ -n "$CNI_NETNS" ] && [ -e "$CNI_NETNS" ]; then echo yes > "$p.sandbox"; else echo no > "$p.sandbox"; fi
      cat > "$p.stdin"
      mode="${FAKE_MODE:-ok}"
      case "$CNI_COMMAND" in
        VERSION) printf '{"cniVersion":"1.0.0","supportedVersions":["0.4.0","1.0.0"]}'; exit 0 ;;
      esac
      case "$mode" in
        nojson) [ "$CNI_COMMAND" = ADD ] && echo "hello, not json"; exit 0 ;;
        noversion) [ "$CNI_COMMAND" = ADD ] && printf '{"ips":[]}'; exit 0 ;;
        wrongversion) [ "$CNI_COMMAND" = ADD ] && printf '{"cniVersion":"0.4.0","ips":[]}'; exit 0 ;;
        fail) printf '{"cniVersion":"1.0.0","code":7,"msg":"bad config","details":"field mtu"}'; echo "oops on stderr" >&2; exit 1 ;;
        failnojson) echo "panic: nil pointer" >&2; exit 2 ;;
        errorexit0) printf '{"code":7,"msg":"bad config"}'; exit 0 ;;
        hang) sleep 20; exit 0 ;;
        faildel) if [ "$CNI_COMMAND" = DEL ]; then printf '{"code":11,"msg":"try again"}'; exit 1; fi ;;
      esac
      if [ "$CNI_COMMAND" = ADD ]; then
        printf '{"cniVersion":"1.0.0","interfaces":[{"name":"%s-host"},{"name":"%s","sandbox":"%s"}],"ips":[{"address":"10.9.0.5/24","gateway":"10.9.0.1","interface":1}],"routes":[{"dst":"0.0.0.0/0","gw":"10.9.0.1"}],"dns":{"nameservers":["10.9.0.53"]}}' "$t" "$CNI_IFNAME" "$CNI_NETNS"
      fi
      exit 0
      """;

  final Path dir;

  private FakePlugin(Path dir) {
    this.dir = dir;
  }

  /** Installs the script as each of {@code types} in {@code dir}. */
  static FakePlugin install(Path dir, String... types) {
    try {
      for (String t : types) {
        Path p = dir.resolve(t);
        Files.writeString(p, SCRIPT);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new FakePlugin(dir);
  }

  Path path(String type) {
    return dir.resolve(type);
  }

  /** One recorded call. */
  record Call(String type, String command, Map<String, String> env, String stdin, String netns, boolean sandboxExisted) {
  }

  List<Call> calls() {
    List<Call> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(x -> x.getFileName().toString().startsWith("call-") && x.toString().endsWith(".env"))
          .sorted().toList()) {
        String base = p.getFileName().toString().replace(".env", "");
        String[] parts = base.split("-", 3);
        String rest = parts[2];
        String command = rest.substring(rest.lastIndexOf('-') + 1);
        String type = rest.substring(0, rest.lastIndexOf('-'));
        Map<String, String> env = new LinkedHashMap<>();
        for (String l : Files.readAllLines(p)) {
          int eq = l.indexOf('=');
          if (eq > 0) env.put(l.substring(0, eq), l.substring(eq + 1));
        }
        out.add(new Call(type, command, env, Files.readString(dir.resolve(base + ".stdin")),
            Files.readString(dir.resolve(base + ".netns")).strip(),
            Files.readString(dir.resolve(base + ".sandbox")).strip().equals("yes")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  Call last() {
    List<Call> c = calls();
    return c.get(c.size() - 1);
  }
}
