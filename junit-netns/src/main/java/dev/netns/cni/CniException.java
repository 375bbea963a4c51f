package dev.netns.cni;

import dev.netns.NetnsException;

/**
 * A CNI plugin failed: it printed an error result (and exited non-zero), or it broke the CNI
 * specification (a non-zero exit without an error result, a success without a valid result, a
 * result in another version than the configuration's, no answer before the timeout).
 *
 * <p>{@link #code()}, {@link #msg()} and {@link #details()} are the fields of the plugin's error
 * result exactly as it printed them. When the harness itself detected a violation of the
 * specification, {@link #code()} is one of the negative constants below (real error codes are
 * never negative) and {@link #isSpecViolation()} is {@code true}.
 *
 * <pre>{@code
 * CniException e = assertThrows(CniException.class,
 *     () -> cni.plugin("bridge").add(pod, "eth0", configWithBadIpamType));
 * assertEquals(999, e.code());
 * assertTrue(e.msg().contains("failed to find plugin"));
 * }</pre>
 *
 * <p>The message holds the plugin, the command, the container interface, the code, msg, details
 * and the plugin's standard error.
 */
public class CniException extends NetnsException {
  private static final long serialVersionUID = 1L;

  /** Spec violation: exit status 0, but standard output is not a valid result (not JSON, no or another {@code cniVersion}). */
  public static final int INVALID_RESULT = -1;
  /** Spec violation: a non-zero exit status without an error result (JSON with {@code code} and {@code msg}) on standard output. */
  public static final int EXIT_WITHOUT_ERROR_RESULT = -2;
  /** The plugin did not finish before the timeout and was killed. */
  public static final int TIMEOUT = -3;

  private final int code;
  private final String msg;
  private final String details;
  private final String plugin;
  private final String command;
  private final String ifName;
  private final int exitCode;
  private final String stdout;
  private final String stderr;

  /**
   * @param code     the error code of the plugin's error result, or one of the negative constants
   * @param msg      the error result's {@code msg}
   * @param details  the error result's {@code details} ({@code ""} when it had none)
   * @param plugin   the plugin's type (its file name)
   * @param command  {@code ADD}, {@code CHECK}, {@code DEL} or {@code VERSION}
   * @param ifName   the {@code CNI_IFNAME} of the call ({@code ""} for VERSION)
   * @param exitCode the plugin's exit status (-1 when it was killed after the timeout)
   * @param stdout   the plugin's standard output as it was
   * @param stderr   the plugin's standard error as it was
   */
  public CniException(int code, String msg, String details, String plugin, String command, String ifName,
                      int exitCode, String stdout, String stderr) {
    super(message(code, msg, details, plugin, command, ifName, exitCode, stderr));
    this.code = code;
    this.msg = msg == null ? "" : msg;
    this.details = details == null ? "" : details;
    this.plugin = plugin == null ? "" : plugin;
    this.command = command == null ? "" : command;
    this.ifName = ifName == null ? "" : ifName;
    this.exitCode = exitCode;
    this.stdout = stdout == null ? "" : stdout;
    this.stderr = stderr == null ? "" : stderr;
  }

  private static String message(int code, String msg, String details, String plugin, String command, String ifName,
                                int exitCode, String stderr) {
    StringBuilder b = new StringBuilder("CNI plugin ").append(plugin).append(' ').append(command);
    if (ifName != null && !ifName.isEmpty()) b.append(" (CNI_IFNAME=").append(ifName).append(')');
    if (code < 0) {
      b.append(" broke the CNI specification: ").append(msg);
    } else {
      b.append(" failed with code ").append(code).append(" (").append(describeCode(code)).append("): ").append(msg);
    }
    if (details != null && !details.isEmpty()) b.append("; details: ").append(details);
    b.append(" [exit status ").append(exitCode).append(']');
    if (stderr != null && !stderr.isBlank()) {
      String s = stderr.strip();
      if (s.length() > 2000) s = s.substring(0, 2000) + "...";
      b.append("\nplugin stderr:\n").append(s);
    }
    return b.toString();
  }

  /** The meaning the CNI specification gives a well-known error code, e.g. {@code invalid network config} for 7. */
  public static String describeCode(int code) {
    switch (code) {
      case 1: return "incompatible CNI version";
      case 2: return "unsupported field in network configuration";
      case 3: return "container unknown or does not exist";
      case 4: return "invalid necessary environment variables";
      case 5: return "I/O failure";
      case 6: return "failed to decode content";
      case 7: return "invalid network config";
      case 11: return "try again later";
      case 50: return "plugin not available";
      case 51: return "plugin not available, limited connectivity";
      case INVALID_RESULT: return "invalid result";
      case EXIT_WITHOUT_ERROR_RESULT: return "non-zero exit without an error result";
      case TIMEOUT: return "timed out";
      default: return code >= 100 ? "plugin-specific error" : "reserved code";
    }
  }

  /** The error code: the plugin's own (999 is common for generic failures), or a negative constant of this class. */
  public int code() {
    return code;
  }

  /** The error result's {@code msg}, exactly as the plugin printed it (or the harness's description of a violation). */
  public String msg() {
    return msg;
  }

  /** The error result's {@code details}; {@code ""} when there were none. */
  public String details() {
    return details;
  }

  /** The plugin's type (the binary's file name), e.g. {@code bridge}. */
  public String plugin() {
    return plugin;
  }

  /** The CNI command that failed: {@code ADD}, {@code CHECK}, {@code DEL} or {@code VERSION}. */
  public String command() {
    return command;
  }

  /** The {@code CNI_IFNAME} of the failed call ({@code ""} for VERSION). */
  public String ifName() {
    return ifName;
  }

  /** The plugin's exit status (-1 when it was killed after the timeout). */
  public int exitCode() {
    return exitCode;
  }

  /** The plugin's standard output as it was. */
  public String stdout() {
    return stdout;
  }

  /** The plugin's standard error as it was. */
  public String stderr() {
    return stderr;
  }

  /** Whether the harness detected a violation of the CNI specification (rather than the plugin reporting an error). */
  public boolean isSpecViolation() {
    return code < 0;
  }
}
