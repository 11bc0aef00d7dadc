package com.usageintel.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.usageintel.schemas.IssueCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract section 2, session_duration_min, and the number fine print of section 7. */
class SessionDurationsTest {
  private static final SessionDurations DEFAULT_CAP =
      new SessionDurations(SessionDurations.DEFAULT_CAP_MINUTES);

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          12         | 12.0
          12.5       | 12.5
          .5         | 0.5
          5.         | 5.0
          +3         | 3.0
          007        | 7.0
          '  42 '    | 42.0
          # a single comma with no point is a decimal comma
          1,234      | 1.234
          ,5         | 0.5
          5,         | 5.0
          # equal to the cap is kept as is
          240        | 240.0
          240.000    | 240.0
          239.99     | 239.99
          """)
  void parsesDecimals(String raw, double minutes) {
    assertEquals(FieldResult.ok(minutes), DEFAULT_CAP.clean(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {"241", "240.0001", "240,5", "100000", "240.00000000000000000001"})
  void capsLongSessions(String raw) {
    assertEquals(
        FieldResult.withIssue(240.0, IssueCode.DURATION_CAPPED), DEFAULT_CAP.clean(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "-0", "+0", "0.0", ".0", "-0.5", "-1,5", "-300"})
  void zeroOrNegativeIsNull(String raw) {
    assertEquals(
        FieldResult.withIssue(null, IssueCode.NONPOSITIVE_DURATION), DEFAULT_CAP.clean(raw));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"1e3", "1E3", "1.5e2", "Infinity", "-Infinity", "inf", "0x10", "0x1p3", "1d",
          "1f", "1,234.5", "1.234,5", "1,2,3", "1.2.3", "12 min", "1 000", "+", "+-1", "--1",
          ".", ",", "+.", "½", "\u0661\u0662", "12abc"})
  void notANumberIsInvalid(String raw) {
    assertEquals(
        FieldResult.withIssue(null, IssueCode.INVALID_DURATION), DEFAULT_CAP.clean(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "NaN", "nan", "null", "N/A", "-", "?", "none"})
  void nullLikeIsMissing(String raw) {
    assertEquals(
        FieldResult.withIssue(null, IssueCode.MISSING_DURATION), DEFAULT_CAP.clean(raw));
  }

  @Test
  void capIsAnOption() {
    SessionDurations hourCap = new SessionDurations(60);
    assertEquals(FieldResult.ok(60.0), hourCap.clean("60"));
    assertEquals(FieldResult.withIssue(60.0, IssueCode.DURATION_CAPPED), hourCap.clean("61"));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
  void rejectsACapThatIsNotAPositiveNumber(double cap) {
    assertThrows(IllegalArgumentException.class, () -> new SessionDurations(cap));
  }
}
