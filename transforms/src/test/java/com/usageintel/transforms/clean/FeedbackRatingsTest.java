package com.usageintel.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.usageintel.schemas.IssueCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract section 2, feedback_rating, and the number fine print of section 7. */
class FeedbackRatingsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          1        | 1.0
          5        | 5.0
          4.5      | 4.5
          3.       | 3.0
          +3       | 3.0
          1.0      | 1.0
          5.000    | 5.0
          one      | 1.0
          TWO      | 2.0
          Three    | 3.0
          four     | 4.0
          FIVE     | 5.0
          ' five ' | 5.0
          """)
  void readsDecimalsAndWordsFromOneToFive(String raw, double rating) {
    assertEquals(FieldResult.ok(rating), FeedbackRatings.clean(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.5", "5.5", "0", "-3", "6", "5.0001", "0.9999", "100", ".5"})
  void outsideOneToFiveIsNull(String raw) {
    assertEquals(
        FieldResult.withIssue(null, IssueCode.RATING_OUT_OF_RANGE), FeedbackRatings.clean(raw));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"4,5", "1,0", "zero", "six", "Zero", "SIX", "1e0", "Infinity", "0x3",
          "four and a half", "4 stars", "\u2605\u2605\u2605"})
  void notANumberIsInvalid(String raw) {
    assertEquals(FieldResult.withIssue(null, IssueCode.INVALID_RATING), FeedbackRatings.clean(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "NaN", "n/a", "none", "null", "?", "-"})
  void nullLikeIsMissing(String raw) {
    assertEquals(FieldResult.withIssue(null, IssueCode.MISSING_RATING), FeedbackRatings.clean(raw));
  }
}
