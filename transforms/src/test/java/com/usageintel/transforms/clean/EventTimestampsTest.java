package com.usageintel.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.usageintel.schemas.IssueCode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract section 2, feature_used_at, and the timestamp fine print of section 7. */
class EventTimestampsTest {
  private static final EventTimestamps UTC = new EventTimestamps(ZoneOffset.UTC);
  private static final EventTimestamps BERLIN = new EventTimestamps(ZoneId.of("Europe/Berlin"));

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          # ISO-8601 with T or space, T and Z in either case
          2024-03-05T14:07:09Z              | 2024-03-05T14:07:09Z
          2024-03-05t14:07:09z              | 2024-03-05T14:07:09Z
          2024-03-05 14:07:09Z              | 2024-03-05T14:07:09Z
          2024-03-05T14:07:09               | 2024-03-05T14:07:09Z
          2024-03-05 14:07:09               | 2024-03-05T14:07:09Z
          # seconds optional
          2024-03-05T14:07                  | 2024-03-05T14:07:00Z
          2024-03-05 14:07Z                 | 2024-03-05T14:07:00Z
          2024-03-05T14:07+02:00            | 2024-03-05T12:07:00Z
          # offsets
          2024-03-05T14:07:09+01:00         | 2024-03-05T13:07:09Z
          2024-03-05T14:07:09+0130          | 2024-03-05T12:37:09Z
          2024-03-05T14:07:09+01            | 2024-03-05T13:07:09Z
          2024-03-05T14:07:09-05:00         | 2024-03-05T19:07:09Z
          2024-03-05T14:07:09-0530          | 2024-03-05T19:37:09Z
          2024-03-05T14:07:09-00:00         | 2024-03-05T14:07:09Z
          2024-03-05T14:07:09+18:00         | 2024-03-04T20:07:09Z
          2024-03-05T14:07:09-18            | 2024-03-06T08:07:09Z
          # fractions of 1 to 9 digits, truncated to microseconds
          2024-03-05T14:07:09.1             | 2024-03-05T14:07:09.100Z
          2024-03-05T14:07:09.12            | 2024-03-05T14:07:09.120Z
          2024-03-05T14:07:09.123           | 2024-03-05T14:07:09.123Z
          2024-03-05T14:07:09.1234          | 2024-03-05T14:07:09.123400Z
          2024-03-05T14:07:09.12345         | 2024-03-05T14:07:09.123450Z
          2024-03-05T14:07:09.123456        | 2024-03-05T14:07:09.123456Z
          2024-03-05T14:07:09.1234567       | 2024-03-05T14:07:09.123456Z
          2024-03-05T14:07:09.12345678      | 2024-03-05T14:07:09.123456Z
          2024-03-05T14:07:09.123456789     | 2024-03-05T14:07:09.123456Z
          2024-03-05T14:07:09.999999999Z    | 2024-03-05T14:07:09.999999Z
          2024-03-05 14:07:09.5+01:00       | 2024-03-05T13:07:09.500Z
          # year first with slashes, day first with dots or slashes
          2024/03/05 14:07:09               | 2024-03-05T14:07:09Z
          2024/03/05 14:07                  | 2024-03-05T14:07:00Z
          05.03.2024 14:07:09               | 2024-03-05T14:07:09Z
          05.03.2024 14:07                  | 2024-03-05T14:07:00Z
          05/03/2024 14:07:09               | 2024-03-05T14:07:09Z
          05/03/2024 14:07                  | 2024-03-05T14:07:00Z
          # calendar edges
          29.02.2024 00:00                  | 2024-02-29T00:00:00Z
          2000-02-29T23:59:59               | 2000-02-29T23:59:59Z
          2024-12-31T23:59:59               | 2024-12-31T23:59:59Z
          # epoch seconds (10 digits) and milliseconds (13 digits)
          1709647629                        | 2024-03-05T14:07:09Z
          1709647629123                     | 2024-03-05T14:07:09.123Z
          0000000000                        | 1970-01-01T00:00:00Z
          9999999999                        | 2286-11-20T17:46:39Z
          # trimmed and collapsed like every text field
          '  2024-03-05T14:07:09Z  '        | 2024-03-05T14:07:09Z
          '2024-03-05   14:07:09'           | 2024-03-05T14:07:09Z
          """)
  void parsesEveryAcceptedForm(String raw, Instant expected) {
    assertEquals(FieldResult.ok(expected), UTC.clean(raw));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // out-of-range fields
        "2024-03-05T14:07:60", "2024-03-05T24:00:00", "2024-03-05T24:00", "2024-03-05T14:60",
        "2024-13-01T10:00", "2024-00-10T10:00", "2024-01-00T10:00", "2024-01-32T10:00",
        // invalid calendar dates
        "2024-02-30T10:00", "2023-02-29T10:00", "1900-02-29T10:00", "2024-04-31T10:00",
        "31.04.2024 10:00",
        // a date without a time, or a time without minutes
        "2024-03-05", "2024/03/05", "05.03.2024", "05/03/2024", "2024-03-05T14",
        "2024-03-05T", "2024-03-05T14:",
        // one-digit or missing-digit fields
        "2024-3-05 14:07:09", "2024-03-5 14:07:09", "2024-03-05 4:07:09", "2024-03-05 14:7:09",
        "2024-03-05 14:07:9", "24-03-05 14:07:09", "5.03.2024 14:07", "05.3.2024 14:07",
        "05.03.24 14:07",
        // fractions: only after seconds, with '.', 1 to 9 digits
        "2024-03-05T14:07.5", "2024-03-05T14:07:09.", "2024-03-05T14:07:09.1234567890",
        "2024-03-05T14:07:09,5",
        // offsets: Z, +hh:mm, +hhmm, +hh, up to 18:00, right after the time
        "2024-03-05T14:07:09+19:00", "2024-03-05T14:07:09+18:01", "2024-03-05T14:07:09-19",
        "2024-03-05T14:07:09+01:60", "2024-03-05T14:07:09+1", "2024-03-05T14:07:09+01:0",
        "2024-03-05T14:07:09+010", "2024-03-05T14:07:09+01:00:00", "2024-03-05T14:07:09 +01:00",
        "2024-03-05T14:07:09 Z", "2024-03-05T14:07:09UTC", "2024-03-05T14:07:09ZZ",
        "2024-03-05T14:07:09Z+01:00", "2024-03-05T14:07:09+",
        // only the ISO form takes a T, a fraction or an offset
        "2024/03/05T14:07:09", "2024/03/05 14:07:09.5", "2024/03/05 14:07:09Z",
        "05.03.2024 14:07:09+01:00", "05/03/2024T14:07", "05.03.2024 14:07:09.123",
        // separators the contract does not list
        "05-03-2024 14:07", "2024.03.05 14:07", "05.03/2024 14:07", "2024/03-05 14:07",
        "2024-03/05 14:07", "2024-03-05_14:07", "2024-03-05T14.07",
        // epoch values other than exactly 10 or 13 digits
        "17096476290", "170964762", "170964762912", "17096476291234", "-1709647629",
        "+1709647629", "1709647629.5",
        // not a time at all
        "yesterday", "2024-03-05T14:07:09Zjunk", "\uFF12\uFF10\uFF12\uFF14-03-05T14:07"
      })
  void rejectsAnythingElseAsInvalid(String raw) {
    assertEquals(FieldResult.withIssue(null, IssueCode.INVALID_TIMESTAMP), UTC.clean(raw));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "  ", "null", "NULL", "NaN", "N/A", "na", "-", "?", "unknown", "None"})
  void nullLikeIsMissing(String raw) {
    assertEquals(FieldResult.withIssue(null, IssueCode.MISSING_TIMESTAMP), UTC.clean(raw));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          # naive times are in the source zone
          2024-01-15 12:00        | 2024-01-15T11:00:00Z
          2024-07-15 12:00        | 2024-07-15T10:00:00Z
          15.07.2024 12:00        | 2024-07-15T10:00:00Z
          2024/07/15 12:00:30     | 2024-07-15T10:00:30Z
          # gap (clocks 02:00 -> 03:00): the offset before the transition, +01:00
          2024-03-31 02:30        | 2024-03-31T01:30:00Z
          2024-03-31 02:00        | 2024-03-31T01:00:00Z
          # overlap (clocks 03:00 -> 02:00): the offset before the transition, +02:00
          2024-10-27 02:30        | 2024-10-27T00:30:00Z
          2024-10-27 02:00        | 2024-10-27T00:00:00Z
          # an offset or an epoch value ignores the source zone
          2024-07-15T12:00Z       | 2024-07-15T12:00:00Z
          2024-10-27 02:30+01:00  | 2024-10-27T01:30:00Z
          1709647629              | 2024-03-05T14:07:09Z
          """)
  void naiveTimesAreInTheSourceZoneWithTheEarlierOffset(String raw, Instant expected) {
    assertEquals(FieldResult.ok(expected), BERLIN.clean(raw));
  }
}
