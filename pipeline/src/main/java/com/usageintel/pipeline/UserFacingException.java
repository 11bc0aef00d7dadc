package com.usageintel.pipeline;

/**
 * A failure the user can act on: its message is the one line the command line prints (a stack
 * trace only with --verbose).
 */
public final class UserFacingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserFacingException(String message) {
    super(message);
  }

  public UserFacingException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The first line of the most telling message in a cause chain: ours or the database's if there
   * is one (wrappers such as Beam's add only class names), else the innermost.
   */
  public static String firstLine(Throwable error) {
    String innermost = null;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message == null || message.isBlank()) {
        continue;
      }
      if (t instanceof java.sql.BatchUpdateException batch && batch.getNextException() != null) {
        // Its own message quotes the whole statement with its data; the server's error follows.
        return firstLine(batch.getNextException());
      }
      if (t instanceof UserFacingException || t instanceof java.sql.SQLException) {
        return lineOf(message);
      }
      innermost = message;
    }
    return innermost == null ? error.getClass().getSimpleName() : lineOf(innermost);
  }

  private static String lineOf(String message) {
    return message.strip().lines().findFirst().orElse("").strip();
  }
}
