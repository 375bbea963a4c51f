package dev.netns.junit;

import dev.netns.NetnsSettings;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Where the extension keeps its state: the run's settings in the root store, the rest per context. */
final class Stores {

  static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NetnsExtension.class);

  private Stores() {
  }

  /**
   * The run's settings, parsed once from JUnit configuration parameters (which fall back to
   * system properties) and kept in the root store, so every test of the run sees the same ones.
   */
  @SuppressWarnings("deprecation") // getOrComputeIfAbsent: the one that JUnit 5.10 to 6.x all have
  static NetnsSettings settings(ExtensionContext context) {
    ExtensionContext root = context.getRoot();
    return root.getStore(NS).getOrComputeIfAbsent(NetnsSettings.class,
        k -> NetnsSettings.from(key -> root.getConfigurationParameter(key).orElse(null)), NetnsSettings.class);
  }
}
