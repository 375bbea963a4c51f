package dev.netns.internal.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What this JVM may do on the local kernel, read from {@code /proc}: whether it runs as root of a
 * user namespace (rootless), which capabilities it holds, and, when it cannot create namespaces,
 * the message that names the exact fix for this machine.
 *
 * <p>The decisions are pure functions of a {@link View} (the text of a few {@code /proc} files), so
 * that every message can be tested without the situation it describes.
 */
public final class Privileges {

  /** CAP_NET_ADMIN is bit 12 and CAP_SYS_ADMIN bit 21 of the effective capability set. */
  static final int CAP_NET_ADMIN = 12;
  static final int CAP_SYS_ADMIN = 21;
  /** The identity mapping of the initial user namespace, as {@code /proc/self/uid_map} prints it. */
  private static final String INITIAL_UID_MAP = "0 0 4294967295";
  static final String SKIP_HINT = "or opt into skipping with @NetnsTest(disabledWithoutPrivileges = true)"
      + " or -Dnetns.disabledWithoutPrivileges=true";
  static final String ROOTLESS_HINT = "run the forked test JVM rootless: mvn test -Prootless (junit-netns' profile;"
      + " in your own pom, surefire's <jvm> set to the launcher script tools/rootless/bin/java, see README \"Rootless\")";

  /**
   * The {@code /proc} files the decisions read. A sysctl that this kernel does not have is
   * {@code null} (for example {@code kernel.unprivileged_userns_clone} exists only on Debian and
   * Ubuntu kernels).
   *
   * @param status the text of {@code /proc/self/status}
   * @param uidMap the text of {@code /proc/self/uid_map}
   * @param maxUserNamespaces {@code /proc/sys/user/max_user_namespaces}
   * @param unprivilegedUsernsClone {@code /proc/sys/kernel/unprivileged_userns_clone}
   * @param apparmorRestrictUserns {@code /proc/sys/kernel/apparmor_restrict_unprivileged_userns}
   * @param container whether this looks like a container ({@code /.dockerenv}, {@code /run/.containerenv})
   */
  public record View(String status, String uidMap, String maxUserNamespaces, String unprivilegedUsernsClone,
                     String apparmorRestrictUserns, boolean container) {

    /** This process's view. */
    public static View current() throws IOException {
      return new View(read("/proc/self/status"), read("/proc/self/uid_map"),
          readOrNull("/proc/sys/user/max_user_namespaces"), readOrNull("/proc/sys/kernel/unprivileged_userns_clone"),
          readOrNull("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"),
          Files.exists(Path.of("/.dockerenv")) || Files.exists(Path.of("/run/.containerenv")));
    }

    private static String read(String file) throws IOException {
      return dev.netns.internal.ProcFiles.read(Path.of(file));
    }

    private static String readOrNull(String file) {
      try {
        return read(file);
      } catch (IOException | SecurityException e) {
        return null;
      }
    }

    /** The effective uid (second field of {@code Uid:}). */
    long uid() {
      String u = field("Uid:");
      return u == null ? -1 : Long.parseLong(u.split("\\s+")[1]);
    }

    /** The effective capability set. */
    long capEff() {
      String c = field("CapEff:");
      return c == null ? 0 : Long.parseUnsignedLong(c, 16);
    }

    boolean has(int cap) {
      return (capEff() & (1L << cap)) != 0;
    }

    /**
     * Runs in a user namespace other than the machine's: its uid map is not the identity over all
     * uids.
     */
    boolean inUserNamespace() {
      String m = uidMap == null ? "" : uidMap.strip().replaceAll("\\s+", " ");
      return !m.isEmpty() && !m.equals(INITIAL_UID_MAP);
    }

    /** The uid outside that uid 0 inside maps to, or -1 when uid 0 is not mapped. */
    long outerRootUid() {
      for (String line : (uidMap == null ? "" : uidMap).split("\n")) {
        String[] f = line.strip().split("\\s+");
        if (f.length == 3 && f[0].equals("0")) return Long.parseLong(f[1]);
      }
      return -1;
    }

    private String field(String name) {
      for (String l : (status == null ? "" : status).split("\n")) {
        if (l.startsWith(name)) return l.substring(name.length()).strip();
      }
      return null;
    }
  }

  private Privileges() {
  }

  /** Root of a user namespace with the capabilities namespaces need: the rootless mode. */
  public static boolean rootless(View v) {
    return v.inUserNamespace() && v.uid() == 0 && v.has(CAP_NET_ADMIN) && v.has(CAP_SYS_ADMIN);
  }

  /**
   * Why this JVM cannot create network namespaces, with the fix for this machine; empty when it
   * has what it needs. Every message names the missing capability, one way to get it, and the
   * opt-in skip.
   */
  public static Optional<String> missing(View v) {
    List<String> caps = new ArrayList<>();
    if (!v.has(CAP_NET_ADMIN)) caps.add("CAP_NET_ADMIN");
    if (!v.has(CAP_SYS_ADMIN)) caps.add("CAP_SYS_ADMIN");
    if (caps.isEmpty()) return Optional.empty();
    String lacks = String.join(" and ", caps);
    long uid = v.uid();
    if (v.inUserNamespace()) {
      // unshare worked (we are inside), yet the capabilities are gone: something dropped them
      String outer = v.outerRootUid() >= 0 ? " (uid " + v.outerRootUid() + " outside)" : "";
      String why = userNamespaceBlocker(v).map(b -> " " + b + ";").orElse(
          " something between the launcher and this JVM dropped them (setpriv, capsh, a seccomp or LSM policy);");
      return Optional.of("this JVM runs as uid " + uid + " of a user namespace" + outer + " but lacks " + lacks
          + ", which creating network namespaces needs:" + why + " start the JVM directly through"
          + " unshare --map-root-user --mount (mvn test -Prootless), or run as root; " + SKIP_HINT);
    }
    if (uid == 0) {
      String flags = caps.stream().map(c -> "--cap-add " + c.substring(4)).reduce((a, b) -> a + " " + b).orElse("");
      return Optional.of("this JVM runs as uid 0 but lacks " + lacks + ", which creating network namespaces needs"
          + (v.container() ? " (this looks like a container started without " + (caps.size() == 1 ? "it" : "them") + ")" : "")
          + ": start the container with " + flags + " (docker/podman run; Kubernetes: securityContext.capabilities.add "
          + caps.stream().map(c -> c.substring(4)).toList() + "), or grant them to the JVM (setpriv/capsh --inh-caps and"
          + " --ambient-caps +net_admin,+sys_admin); " + SKIP_HINT);
    }
    Optional<String> blocker = userNamespaceBlocker(v);
    String rootless = blocker.isPresent()
        ? "rootless would work, but " + blocker.get() + "; then " + ROOTLESS_HINT
        : ROOTLESS_HINT;
    return Optional.of("this JVM (uid " + uid + ") lacks " + lacks + ", which creating network namespaces needs."
        + " Either " + rootless + ", or run the tests as root (sudo -E mvn test), or in a container started with"
        + " --cap-add NET_ADMIN --cap-add SYS_ADMIN; " + SKIP_HINT);
  }

  /**
   * The setting that stops an ordinary user from creating a user namespace here, with the command
   * that changes it; empty when none of the known ones does.
   */
  public static Optional<String> userNamespaceBlocker(View v) {
    List<String> b = new ArrayList<>();
    if ("0".equals(v.maxUserNamespaces())) {
      b.add("user.max_user_namespaces=0 allows no user namespaces (fix: sudo sysctl -w user.max_user_namespaces=15000)");
    }
    if ("0".equals(v.unprivilegedUsernsClone())) {
      b.add("kernel.unprivileged_userns_clone=0 forbids them to ordinary users"
          + " (fix: sudo sysctl -w kernel.unprivileged_userns_clone=1)");
    }
    if ("1".equals(v.apparmorRestrictUserns())) {
      b.add("kernel.apparmor_restrict_unprivileged_userns=1 denies capabilities in them"
          + " (fix: sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0, or an AppArmor profile with"
          + " \"userns,\" for unshare)");
    }
    return b.isEmpty() ? Optional.empty() : Optional.of("on this machine " + String.join("; ", b));
  }
}
