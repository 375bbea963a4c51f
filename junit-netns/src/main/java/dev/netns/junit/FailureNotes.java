package dev.netns.junit;

/**
 * Adds what the framework has to say about a failed test (kept namespaces, evidence) to the
 * failure's own message, so that it shows where people look: surefire's summary, an IDE's failure
 * pane, a CI log's first lines. A suppressed exception would only show at the end of a stack trace.
 *
 * <p>The amended failure is of the same family (an {@link AssertionError} stays one), has the
 * original as its cause and the original's stack trace and suppressed exceptions, so that the
 * reported line is the test's own.
 */
final class FailureNotes {

  private FailureNotes() {
  }

  /** {@code original} with {@code note} appended to its message, after a blank line. */
  static Throwable amend(Throwable original, String note) {
    String msg = original instanceof AssertionError || original instanceof NoteCarrier
        ? String.valueOf(original.getMessage()) : original.toString();
    String text = msg + System.lineSeparator() + System.lineSeparator() + note;
    Throwable amended = original instanceof AssertionError
        ? new AmendedAssertionError(text, original) : new AmendedFailure(text, original);
    amended.setStackTrace(original.getStackTrace());
    for (Throwable s : original.getSuppressed()) amended.addSuppressed(s);
    return amended;
  }

  /** Marks the amended types: a second note is appended to the same message. */
  private interface NoteCarrier {
  }

  /** A failed assertion with the framework's notes appended. */
  static final class AmendedAssertionError extends AssertionError implements NoteCarrier {
    private static final long serialVersionUID = 1L;

    AmendedAssertionError(String message, Throwable original) {
      super(message, original);
    }
  }

  /** Any other failure of a test, with the framework's notes appended; the cause is the original. */
  static final class AmendedFailure extends RuntimeException implements NoteCarrier {
    private static final long serialVersionUID = 1L;

    AmendedFailure(String message, Throwable original) {
      super(message, original);
    }
  }
}
