package com.usageintel.transforms.clean;

/**
 * The common first steps for every field (contract sections 2 and 7): trim, collapse inner
 * whitespace, and recognise null-like values. Whitespace is Unicode whitespace, NBSP included.
 */
public final class CleanText {
  private static final String[] NULL_LIKE = {
    "nan", "na", "n/a", "null", "none", "unknown", "-", "?"
  };

  private CleanText() {}

  /** Like {@link String#strip()}, but NBSP and the other Unicode space separators count too. */
  public static String trim(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  /** The text trimmed, with every inner run of whitespace replaced by one space. */
  public static String clean(String text) {
    String trimmed = trim(text);
    if (isCollapsed(trimmed, 0, trimmed.length())) {
      return trimmed;
    }
    StringBuilder cleaned = new StringBuilder(trimmed.length());
    boolean inWhitespace = false;
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (isWhitespace(c)) {
        inWhitespace = true;
      } else {
        if (inWhitespace) {
          cleaned.append(' ');
          inWhitespace = false;
        }
        cleaned.append(c);
      }
    }
    return cleaned.toString();
  }

  /** Whether the text, once trimmed, is one of the contract's null-like spellings, in any case. */
  public static boolean isNullLike(String text) {
    String cleaned = clean(text);
    if (cleaned.isEmpty()) {
      return true;
    }
    for (String nullLike : NULL_LIKE) {
      if (nullLike.equalsIgnoreCase(cleaned)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWhitespace(char c) {
    // Every whitespace character (all in the BMP) is either below '!' or above '~'.
    if (c > ' ' && c < 0x7F) {
      return false;
    }
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** True when the trimmed range holds no whitespace but single plain spaces. */
  private static boolean isCollapsed(String text, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (isWhitespace(c) && (c != ' ' || isWhitespace(text.charAt(i - 1)))) {
        return false;
      }
    }
    return true;
  }
}
