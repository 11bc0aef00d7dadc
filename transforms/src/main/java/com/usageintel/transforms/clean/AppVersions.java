package com.usageintel.transforms.clean;

import com.usageintel.schemas.IssueCode;
import com.usageintel.schemas.UsageEvent;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Normalises {@code app_version} (contract section 2): the first run of digits is the major
 * version; the digits right after exactly one of {@code . _ -} or a space are the minor (0 when
 * there are none). {@code 5_5}, {@code V5-5}, {@code version 5.5}, {@code 5.5.1} and {@code
 * 05.05} are all {@code v5.5}; {@code 5} is {@code v5.0}.
 */
public final class AppVersions {
  private AppVersions() {}

  /** The canonical version, or {@code Unknown} with MISSING_ or INVALID_APP_VERSION. */
  public static FieldResult<String> clean(String raw) {
    String text = CleanText.clean(raw);
    if (CleanText.isNullLike(text)) {
      return FieldResult.withIssue(UsageEvent.UNKNOWN, IssueCode.MISSING_APP_VERSION);
    }
    AppVersion version = parse(text);
    return version == null
        ? FieldResult.withIssue(UsageEvent.UNKNOWN, IssueCode.INVALID_APP_VERSION)
        : FieldResult.ok(version.canonical());
  }

  /**
   * The version in a text, raw or canonical ({@code v5.5} parses to 5.5); NULL when it has no
   * digit, or when a number does not fit an int: such a run of digits is garbage, not a version.
   */
  public static @Nullable AppVersion parse(String raw) {
    String text = CleanText.clean(raw);
    int length = text.length();
    int majorStart = 0;
    while (majorStart < length && !isDigit(text.charAt(majorStart))) {
      majorStart++;
    }
    if (majorStart == length) {
      return null;
    }
    int majorEnd = endOfDigits(text, majorStart);
    long major = digitsValue(text, majorStart, majorEnd);
    long minor = 0;
    if (majorEnd + 1 < length
        && isSeparator(text.charAt(majorEnd))
        && isDigit(text.charAt(majorEnd + 1))) {
      minor = digitsValue(text, majorEnd + 1, endOfDigits(text, majorEnd + 1));
    }
    if (major > Integer.MAX_VALUE || minor > Integer.MAX_VALUE) {
      return null;
    }
    return new AppVersion((int) major, (int) minor);
  }

  private static int endOfDigits(String text, int start) {
    int end = start;
    while (end < text.length() && isDigit(text.charAt(end))) {
      end++;
    }
    return end;
  }

  /** The digits' value, or Long.MAX_VALUE once it passes Integer.MAX_VALUE. */
  private static long digitsValue(String text, int start, int end) {
    long value = 0;
    for (int i = start; i < end; i++) {
      value = value * 10 + (text.charAt(i) - '0');
      if (value > Integer.MAX_VALUE) {
        return Long.MAX_VALUE;
      }
    }
    return value;
  }

  private static boolean isSeparator(char c) {
    return c == '.' || c == '_' || c == '-' || c == ' ';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
