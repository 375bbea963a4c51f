package dev.netns.assertj;

import dev.netns.cni.CniException;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link CniException}: the plugin's error code, msg and details, the command. */
public class CniExceptionAssert extends AbstractAssert<CniExceptionAssert, CniException> {

  /** Assertions on {@code actual}; prefer {@link CniAssertions#assertThatCniError}. */
  public CniExceptionAssert(CniException actual) {
    super(actual, CniExceptionAssert.class);
  }

  /** The error code is {@code code} (e.g. 7 for an invalid network config, 999 for a generic failure). */
  public CniExceptionAssert hasCode(int code) {
    isNotNull();
    if (actual.code() != code) {
      failWithMessage("Expecting the CNI error to have code %s (%s) but it has %s (%s):%n  %s", code,
          CniException.describeCode(code), actual.code(), CniException.describeCode(actual.code()), actual.getMessage());
    }
    return this;
  }

  /** The error's {@code msg} contains {@code text}. */
  public CniExceptionAssert hasMsgContaining(String text) {
    isNotNull();
    if (!actual.msg().contains(text)) {
      failWithMessage("Expecting the CNI error's msg to contain%n  \"%s\"%nbut it is%n  \"%s\"%n(%s)", text, actual.msg(),
          actual.getMessage());
    }
    return this;
  }

  /** The error's {@code msg} is exactly {@code msg}. */
  public CniExceptionAssert hasMsg(String msg) {
    isNotNull();
    if (!actual.msg().equals(msg)) {
      failWithMessage("Expecting the CNI error's msg to be%n  \"%s\"%nbut it is%n  \"%s\"", msg, actual.msg());
    }
    return this;
  }

  /** The error's {@code details} contain {@code text}. */
  public CniExceptionAssert hasDetailsContaining(String text) {
    isNotNull();
    if (!actual.details().contains(text)) {
      failWithMessage("Expecting the CNI error's details to contain%n  \"%s\"%nbut they are%n  \"%s\"", text,
          actual.details());
    }
    return this;
  }

  /** The failed command was {@code command} ({@code ADD}, {@code CHECK}, {@code DEL}, {@code VERSION}). */
  public CniExceptionAssert isFromCommand(String command) {
    isNotNull();
    if (!actual.command().equals(command)) {
      failWithMessage("Expecting the CNI error to come from %s but it came from %s:%n  %s", command, actual.command(),
          actual.getMessage());
    }
    return this;
  }

  /** The harness found a violation of the CNI specification (no JSON, wrong version, exit without error result). */
  public CniExceptionAssert isSpecViolation() {
    isNotNull();
    if (!actual.isSpecViolation()) {
      failWithMessage("Expecting a violation of the CNI specification but the plugin reported a regular error:%n  %s",
          actual.getMessage());
    }
    return this;
  }

  /** The plugin reported a regular error result (not a violation of the specification). */
  public CniExceptionAssert isPluginError() {
    isNotNull();
    if (actual.isSpecViolation()) {
      failWithMessage("Expecting a regular CNI error result but the plugin broke the specification:%n  %s",
          actual.getMessage());
    }
    return this;
  }
}
