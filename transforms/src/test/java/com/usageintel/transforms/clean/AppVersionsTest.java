package com.usageintel.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.usageintel.schemas.IssueCode;
import com.usageintel.schemas.UsageEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract section 2, app_version, and INVALID_APP_VERSION of section 7. */
class AppVersionsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          5_5                   | v5.5
          V5-5                  | v5.5
          version 5.5           | v5.5
          5.5.1                 | v5.5
          05.05                 | v5.5
          5                     | v5.0
          v5                    | v5.0
          '5 5'                 | v5.5
          '5   5'               | v5.5
          v 5.5                 | v5.5
          10.12                 | v10.12
          v1.10                 | v1.10
          0.0                   | v0.0
          00.007                | v0.7
          app 3.4 beta 7        | v3.4
          release-2024          | v2024.0
          # exactly one separator before the minor
          5..5                  | v5.0
          5.-5                  | v5.0
          '5 . 5'               | v5.0
          5/5                   | v5.0
          5.x                   | v5.0
          5.                    | v5.0
          # leading zeros do not count towards the size of a number
          0000000000005.1       | v5.1
          2147483647.2147483647 | v2147483647.2147483647
          """)
  void normalisesToMajorDotMinor(String raw, String canonical) {
    assertEquals(FieldResult.ok(canonical), AppVersions.clean(raw));
  }

  @Test
  void aTabSeparatesLikeASpace() {
    assertEquals(FieldResult.ok("v5.5"), AppVersions.clean("5\t5"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "n/a", "Unknown", "NULL", "NaN", "-", "?"})
  void nullLikeIsMissing(String raw) {
    assertEquals(
        FieldResult.withIssue(UsageEvent.UNKNOWN, IssueCode.MISSING_APP_VERSION),
        AppVersions.clean(raw));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"beta", "v.", "vX", "latest", "\u0665.\u0665", "2147483648", "99999999999.1",
          "1.99999999999", "1.2147483648"})
  void noDigitOrANumberTooLargeIsInvalid(String raw) {
    assertEquals(
        FieldResult.withIssue(UsageEvent.UNKNOWN, IssueCode.INVALID_APP_VERSION),
        AppVersions.clean(raw));
  }

  @Test
  void parsesRawAndCanonicalVersionsToNumbers() {
    assertEquals(new AppVersion(5, 5), AppVersions.parse("V5-5"));
    assertEquals(new AppVersion(1, 10), AppVersions.parse("v1.10"));
    assertEquals(new AppVersion(5, 0), AppVersions.parse(" 5 "));
    assertNull(AppVersions.parse(UsageEvent.UNKNOWN));
    assertEquals("v1.10", new AppVersion(1, 10).canonical());
  }

  @Test
  void ordersVersionsByNumber() {
    List<AppVersion> versions =
        new ArrayList<>(
            List.of(new AppVersion(1, 10), new AppVersion(2, 0), new AppVersion(1, 9),
                new AppVersion(1, 0)));
    versions.sort(null);
    assertEquals(
        List.of(new AppVersion(1, 0), new AppVersion(1, 9), new AppVersion(1, 10),
            new AppVersion(2, 0)),
        versions);
  }
}
