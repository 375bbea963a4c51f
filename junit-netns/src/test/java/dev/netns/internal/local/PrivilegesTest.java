package dev.netns.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decisions and messages of {@link Privileges}, fed with fake {@code /proc} contents. */
class PrivilegesTest {

  private static final String ALL_CAPS = "000001ffffffffff";
  private static final String NO_CAPS = "0000000000000000";
  /** CAP_NET_ADMIN (bit 12) only. */
  private static final String NET_ADMIN_ONLY = "0000000000001000";
  private static final String INITIAL_MAP = "         0          0 4294967295\n";
  private static final String USERNS_MAP = "         0       1000          1\n";

  private static String status(int uid, String capEff) {
    return "Name:\tjava\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\nCapInh:\t0000000000000000\n"
        + "CapPrm:\t" + capEff + "\nCapEff:\t" + capEff + "\n";
  }

  private static Privileges.View view(int uid, String caps, String map) {
    return new Privileges.View(status(uid, caps), map, "15000", null, null, false);
  }

  @Test
  void realRootWithCapabilitiesIsFineAndNotRootless() {
    Privileges.View v = view(0, ALL_CAPS, INITIAL_MAP);
    assertThat(Privileges.missing(v)).isEmpty();
    assertThat(Privileges.rootless(v)).isFalse();
  }

  @Test
  void rootOfAUserNamespaceWithCapabilitiesIsRootless() {
    Privileges.View v = view(0, ALL_CAPS, USERNS_MAP);
    assertThat(Privileges.missing(v)).isEmpty();
    assertThat(Privileges.rootless(v)).isTrue();
    assertThat(v.outerRootUid()).isEqualTo(1000);
  }

  @Test
  void aUserNamespaceThatMapsAnotherUidThanZeroIsNotRootless() {
    Privileges.View v = view(1000, NO_CAPS, "      1000       1000          1\n");
    assertThat(Privileges.rootless(v)).isFalse();
    assertThat(Privileges.missing(v)).isPresent();
  }

  @Test
  void plainUserIsToldAboutTheRootlessProfileRootAndTheSkip() {
    String m = Privileges.missing(view(1000, NO_CAPS, INITIAL_MAP)).orElseThrow();
    assertThat(m).startsWith("this JVM (uid 1000) lacks CAP_NET_ADMIN and CAP_SYS_ADMIN")
        .contains("mvn test -Prootless").contains("README \"Rootless\"")
        .contains("sudo -E mvn test")
        .contains("disabledWithoutPrivileges")
        .doesNotContain("sysctl");
  }

  @Test
  void plainUserOnAKernelWithoutUserNamespacesIsToldTheSysctl() {
    Privileges.View v = new Privileges.View(status(1000, NO_CAPS), INITIAL_MAP, "0", null, null, false);
    String m = Privileges.missing(v).orElseThrow();
    assertThat(m).contains("user.max_user_namespaces=0")
        .contains("sudo sysctl -w user.max_user_namespaces=15000")
        .contains("mvn test -Prootless");
  }

  @Test
  void plainUserOnDebianWithUnprivilegedCloneOffIsToldTheSysctl() {
    Privileges.View v = new Privileges.View(status(1000, NO_CAPS), INITIAL_MAP, "15000", "0", null, false);
    assertThat(Privileges.missing(v).orElseThrow())
        .contains("kernel.unprivileged_userns_clone=0")
        .contains("sudo sysctl -w kernel.unprivileged_userns_clone=1");
  }

  @Test
  void plainUserOnUbuntu2404IsToldTheAppArmorSetting() {
    Privileges.View v = new Privileges.View(status(1000, NO_CAPS), INITIAL_MAP, "15000", "1", "1", false);
    String m = Privileges.missing(v).orElseThrow();
    assertThat(m).contains("kernel.apparmor_restrict_unprivileged_userns=1")
        .contains("sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0")
        .doesNotContain("unprivileged_userns_clone=");
  }

  @Test
  void settingsThatAllowUserNamespacesAreNotBlamed() {
    Privileges.View v = new Privileges.View(status(1000, NO_CAPS), INITIAL_MAP, "15000", "1", "0", false);
    assertThat(Privileges.userNamespaceBlocker(v)).isEmpty();
  }

  @Test
  void rootInAContainerWithoutCapabilitiesIsToldTheCapAddFlags() {
    Privileges.View v = new Privileges.View(status(0, NO_CAPS), INITIAL_MAP, "15000", null, null, true);
    String m = Privileges.missing(v).orElseThrow();
    assertThat(m).startsWith("this JVM runs as uid 0 but lacks CAP_NET_ADMIN and CAP_SYS_ADMIN")
        .contains("looks like a container")
        .contains("--cap-add NET_ADMIN --cap-add SYS_ADMIN")
        .contains("disabledWithoutPrivileges")
        .doesNotContain("run the tests as root");
  }

  @Test
  void rootInAContainerNamesOnlyTheMissingCapability() {
    Privileges.View v = new Privileges.View(status(0, NET_ADMIN_ONLY), INITIAL_MAP, "15000", null, null, true);
    String m = Privileges.missing(v).orElseThrow();
    assertThat(m).contains("lacks CAP_SYS_ADMIN,").contains("--cap-add SYS_ADMIN")
        .doesNotContain("CAP_NET_ADMIN").doesNotContain("NET_ADMIN");
  }

  @Test
  void rootOfAUserNamespaceWhoseCapabilitiesWereDroppedIsToldWhy() {
    Privileges.View dropped = view(0, NO_CAPS, USERNS_MAP);
    assertThat(Privileges.rootless(dropped)).isFalse();
    assertThat(Privileges.missing(dropped).orElseThrow())
        .contains("uid 0 of a user namespace (uid 1000 outside)")
        .contains("CAP_NET_ADMIN and CAP_SYS_ADMIN")
        .contains("unshare --map-root-user --mount")
        .contains("disabledWithoutPrivileges");
    Privileges.View apparmor = new Privileges.View(status(0, NO_CAPS), USERNS_MAP, "15000", null, "1", false);
    assertThat(Privileges.missing(apparmor).orElseThrow())
        .contains("kernel.apparmor_restrict_unprivileged_userns=1");
  }

  @Test
  void missingSysctlFilesAreNotBlockers() {
    Privileges.View v = new Privileges.View(status(1000, NO_CAPS), INITIAL_MAP, null, null, null, false);
    assertThat(Privileges.userNamespaceBlocker(v)).isEqualTo(Optional.empty());
  }
}
