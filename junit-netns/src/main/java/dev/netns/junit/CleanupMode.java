package dev.netns.junit;

/**
 * When fixtures are deleted, as JUnit's {@code @TempDir} cleanup modes. Configuration parameter
 * {@code netns.cleanup}: {@code always} (the default), {@code on-success}, {@code never}.
 */
public enum CleanupMode {
  /** Use the configuration parameter {@code netns.cleanup}, {@code always} when unset. */
  DEFAULT,
  /** Delete after every test. */
  ALWAYS,
  /** Keep a failed test's namespaces for inspection; the failure says how to inspect and remove them. */
  ON_SUCCESS,
  /** Never delete (debugging only: a later run reaps them once this JVM is gone). */
  NEVER;

  static CleanupMode parse(String value) {
    switch (value.strip().toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
      case "always": return ALWAYS;
      case "on-success": return ON_SUCCESS;
      case "never": return NEVER;
      case "default": return DEFAULT;
      default:
        throw new org.junit.jupiter.api.extension.ExtensionConfigurationException(
            "netns.cleanup=" + value + " is not known; allowed: always, on-success, never");
    }
  }
}
