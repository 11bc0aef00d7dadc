package com.usageintel.transforms.clean;

import com.usageintel.schemas.IssueCode;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * Cleans {@code feedback_rating} (contract sections 2 and 7): a decimal in [1, 5], the words
 * {@code one} to {@code five} being numbers too. Unlike durations, a rating takes no decimal
 * comma, and {@code zero} and {@code six} are not numbers.
 */
public final class FeedbackRatings {
  private static final BigDecimal LOWEST = BigDecimal.ONE;
  private static final BigDecimal HIGHEST = BigDecimal.valueOf(5);
  private static final Map<String, Double> RATING_BY_WORD =
      Map.of("one", 1.0, "two", 2.0, "three", 3.0, "four", 4.0, "five", 5.0);

  private FeedbackRatings() {}

  public static FieldResult<Double> clean(String raw) {
    String text = CleanText.clean(raw);
    if (CleanText.isNullLike(text)) {
      return FieldResult.withIssue(null, IssueCode.MISSING_RATING);
    }
    Double word = RATING_BY_WORD.get(text.toLowerCase(Locale.ROOT));
    if (word != null) {
      return FieldResult.ok(word);
    }
    BigDecimal rating = Decimals.parse(text, false);
    if (rating == null) {
      return FieldResult.withIssue(null, IssueCode.INVALID_RATING);
    }
    if (rating.compareTo(LOWEST) < 0 || rating.compareTo(HIGHEST) > 0) {
      return FieldResult.withIssue(null, IssueCode.RATING_OUT_OF_RANGE);
    }
    return FieldResult.ok(rating.doubleValue());
  }
}
