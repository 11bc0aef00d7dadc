package com.usageintel.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.usageintel.schemas.IssueCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract section 2, error_flag. */
class ErrorFlagsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          1     | 1
          0     | 0
          1.0   | 1
          0.0   | 0
          true  | 1
          false | 0
          yes   | 1
          no    | 0
          y     | 1
          n     | 0
          t     | 1
          f     | 0
          TRUE  | 1
          True  | 1
          FALSE | 0
          False | 0
          YES   | 1
          Yes   | 1
          NO    | 0
          No    | 0
          Y     | 1
          N     | 0
          T     | 1
          F     | 0
          ' 1 ' | 1
          """)
  void readsEverySpellingInAnyCase(String raw, int flag) {
    assertEquals(FieldResult.ok(flag), ErrorFlags.clean(raw));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"2", "-1", "1.00", "01", "0.5", "1.", "+1", "maybe", "on", "off", "ja",
          "truee", "yes!", "error"})
  void anythingElseIsInvalid(String raw) {
    assertEquals(FieldResult.withIssue(null, IssueCode.INVALID_ERROR_FLAG), ErrorFlags.clean(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "NaN", "null", "N/A", "-", "?", "none", "Unknown"})
  void nullLikeIsMissing(String raw) {
    assertEquals(FieldResult.withIssue(null, IssueCode.MISSING_ERROR_FLAG), ErrorFlags.clean(raw));
  }
}
