package dev.netns.junit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Registered through {@code META-INF/services}: when a JUnit Platform launcher session opens
 * (before discovery), starts the {@link WarmUp} in the background. It does nothing else.
 */
public class NetnsLauncherSessionListener implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (!Boolean.getBoolean("netns.warmup.disabled")) WarmUp.start();
  }
}
