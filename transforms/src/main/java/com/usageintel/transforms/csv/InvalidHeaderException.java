package com.usageintel.transforms.csv;

/**
 * A file whose header cannot be used; the message is one line naming the file and every problem.
 */
public final class InvalidHeaderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidHeaderException(String message) {
    super(message);
  }
}
