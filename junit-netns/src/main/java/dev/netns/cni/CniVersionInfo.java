package dev.netns.cni;

import java.util.List;

/**
 * A plugin's answer to the {@code VERSION} command.
 *
 * @param cniVersion        the version of the answer itself
 * @param supportedVersions the spec versions the plugin accepts in a configuration
 */
public record CniVersionInfo(String cniVersion, List<String> supportedVersions) {

  /** The newest spec version this harness speaks. */
  public static final String LATEST = "1.0.0";

  public CniVersionInfo {
    supportedVersions = List.copyOf(supportedVersions);
  }

  /** Whether the plugin accepts configurations of that version. */
  public boolean supports(String version) {
    return supportedVersions.contains(version);
  }
}
