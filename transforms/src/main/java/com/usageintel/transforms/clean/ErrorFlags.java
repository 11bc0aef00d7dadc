package com.usageintel.transforms.clean;

import com.usageintel.schemas.IssueCode;
import java.util.Locale;
import java.util.Map;

/**
 * Cleans {@code error_flag} (contract section 2): {@code 1 0 1.0 0.0 true false yes no y n t f},
 * in any case, are 1 or 0; anything else is NULL.
 */
public final class ErrorFlags {
  private static final Map<String, Integer> FLAG_BY_SPELLING =
      Map.ofEntries(
          Map.entry("1", 1), Map.entry("1.0", 1), Map.entry("true", 1),
          Map.entry("yes", 1), Map.entry("y", 1), Map.entry("t", 1),
          Map.entry("0", 0), Map.entry("0.0", 0), Map.entry("false", 0),
          Map.entry("no", 0), Map.entry("n", 0), Map.entry("f", 0));

  private ErrorFlags() {}

  public static FieldResult<Integer> clean(String raw) {
    String text = CleanText.clean(raw);
    if (CleanText.isNullLike(text)) {
      return FieldResult.withIssue(null, IssueCode.MISSING_ERROR_FLAG);
    }
    Integer flag = FLAG_BY_SPELLING.get(text.toLowerCase(Locale.ROOT));
    return flag == null
        ? FieldResult.withIssue(null, IssueCode.INVALID_ERROR_FLAG)
        : FieldResult.ok(flag);
  }
}
