package com.usageintel.transforms.clean;

import com.usageintel.schemas.IssueCode;
import java.util.Locale;

/**
 * Cleans {@code user_id} (contract sections 2 and 7): inner whitespace collapsed, not removed,
 * then Unicode upper-cased ({@code u 00123} is {@code U 00123}). Without one the row is rejected.
 */
public final class UserIds {
  private UserIds() {}

  public static FieldResult<String> clean(String raw) {
    String text = CleanText.clean(raw);
    if (CleanText.isNullLike(text)) {
      return FieldResult.withIssue(null, IssueCode.MISSING_USER_ID);
    }
    return FieldResult.ok(text.toUpperCase(Locale.ROOT));
  }
}
