package com.usageintel.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.usageintel.schemas.IssueCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract section 2, user_id; section 7: whitespace collapsed, not removed; Unicode upper case. */
class UserIdsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          u00123          | U00123
          '  u 00123 '    | U 00123
          'u   00123'     | U 00123
          ABC-7           | ABC-7
          straße          | STRASSE
          émile           | ÉMILE
          """)
  void cleansAndUpperCases(String raw, String userId) {
    assertEquals(FieldResult.ok(userId), UserIds.clean(raw));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          'u\u00A0\u00A000123' | U 00123
          '\tu00123\t'         | U00123
          """)
  void unicodeWhitespaceCollapses(String raw, String userId) {
    assertEquals(FieldResult.ok(userId), UserIds.clean(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "null", "N/A", "unknown", "-", "NaN"})
  void nullLikeIsMissing(String raw) {
    assertEquals(FieldResult.withIssue(null, IssueCode.MISSING_USER_ID), UserIds.clean(raw));
  }
}
