package com.usageintel.transforms.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.schemas.VersionStability;
import com.usageintel.schemas.VersionStats;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * agg_app_version_stability (contract sections 4 and 7). Notation: version 1 is the row's own,
 * version 2 its predecessor; e errors among k known flags; p = (e1 + e2) / (k1 + k2);
 * z = (e1/k1 - e2/k2) / sqrt(p (1 - p) (1/k1 + 1/k2)).
 */
class VersionStabilitiesTest {
  private static final double EXACT_ENOUGH = 1e-6;

  /** A version whose flag is known on every event, seen by one user. */
  private static VersionStats version(String os, int major, int minor, long errors, long known) {
    return VersionStats.create(
        os, "v" + major + "." + minor, major, minor, 20250101, known, 1, errors, known);
  }

  @Test
  void twoOperatingSystemsSortedWithARegressionAndANoise() {
    VersionStats android49 = version("Android", 4, 9, 10, 100);
    VersionStats android50 = version("Android", 5, 0, 30, 100);
    VersionStats ios10 = version("iOS", 1, 0, 1, 10);
    VersionStats ios11 = version("iOS", 1, 1, 2, 10);

    List<VersionStability> rows =
        VersionStabilities.compute(List.of(ios11, android50, ios10, android49));

    assertEquals(
        List.of(android49, android50, ios10, ios11),
        rows.stream().map(VersionStability::getStats).toList());
    // The lowest version on each OS has no predecessor: 10/100 = 10.00, 1/10 = 10.00.
    assertStability(rows.get(0), "10.00", null, null, null, null, false);
    // 30/100 after 10/100: diff 30 - 10 = 20.00 points; p = 40/200 = 0.2;
    // z = 0.2 / sqrt(0.2 × 0.8 × (1/100 + 1/100)) = 0.2 / sqrt(0.0032) = 0.2 / (0.04 √2)
    //   = 5/√2 = 3.5355339 > 1.96, and 20 points > 1: a regression.
    assertStability(rows.get(1), "30.00", "v4.9", "10.00", "20.00", 3.5355339, true);
    assertStability(rows.get(2), "10.00", null, null, null, null, false);
    // 2/10 after 1/10: 10 points worse but on ten events each; p = 3/20 = 0.15;
    // z = 0.1 / sqrt(0.15 × 0.85 × 0.2) = 0.1 / sqrt(0.0255) = 0.1 / 0.15968719 = 0.6262243,
    // not above 1.96: no regression.
    assertStability(rows.get(3), "20.00", "v1.0", "10.00", "10.00", 0.6262243, false);
  }

  @Test
  void significantlyWorseByExactlyOnePointIsNoRegression() {
    // 110000/1e6 = 11% after 100000/1e6 = 10%: exactly 1 point, which is not more than 1.
    // p = 210000/2e6 = 0.105; z = 0.01 / sqrt(0.105 × 0.895 × 2e-6) = 0.01 / sqrt(1.8795e-7)
    //   = 0.01 / 0.000433532 = 23.066348.
    List<VersionStability> rows =
        VersionStabilities.compute(
            List.of(version("Android", 2, 0, 100_000, 1_000_000),
                version("Android", 2, 1, 110_000, 1_000_000)));

    assertStability(rows.get(1), "11.00", "v2.0", "10.00", "1.00", 23.066348, false);
  }

  @ParameterizedTest(name = "{0} errors in 1e6 after 10% -> regression {1}")
  @CsvSource({
    // 11.0001% - 10% = 1.0001 points: shown as 1.00, yet more than 1 point.
    "110001, true",
    // 10.9999% - 10% = 0.9999 points: shown as 1.00 too, but not more than 1 point.
    "109999, false"
  })
  void onePointTestUsesTheExactDifferenceNotTheRoundedOne(long errors, boolean regression) {
    List<VersionStability> rows =
        VersionStabilities.compute(
            List.of(version("Android", 2, 0, 100_000, 1_000_000),
                version("Android", 2, 1, errors, 1_000_000)));

    VersionStability row = rows.get(1);
    assertEquals(new BigDecimal("1.00"), row.getDiffPp());
    // Either way about 23 standard errors, as in the exactly-one-point case.
    assertNotNull(row.getZScore());
    assertTrue(row.getZScore() > 1.96);
    assertEquals(regression, row.getIsRegression());
  }

  @Test
  void predecessorIsTheNextLowerNumberNotTheNextString() {
    List<VersionStability> rows =
        VersionStabilities.compute(
            List.of(version("Android", 1, 10, 1, 10), version("Android", 1, 2, 1, 10),
                version("Android", 2, 0, 1, 10), version("Android", 1, 9, 1, 10)));

    // By number: 1.2 < 1.9 < 1.10 < 2.0 (as strings, "v1.10" would sort before "v1.2").
    assertEquals(
        List.of("v1.2", "v1.9", "v1.10", "v2.0"),
        rows.stream().map(row -> row.getStats().getAppVersion()).toList());
    assertEquals(
        Arrays.asList(null, "v1.2", "v1.9", "v1.10"),
        rows.stream().map(VersionStability::getPrevAppVersion).toList());
  }

  @Test
  void aLowerVersionOnAnotherOsIsNoPredecessor() {
    List<VersionStability> rows =
        VersionStabilities.compute(
            List.of(version("Android", 0, 5, 1, 10), version("iOS", 1, 0, 5, 10)));

    // iOS v1.0, 5/10 = 50.00, is the lowest on iOS.
    assertStability(rows.get(1), "50.00", null, null, null, null, false);
  }

  @Test
  void noKnownFlagOnEitherSideLeavesTheComparisonEmpty() {
    VersionStats noFlags = VersionStats.create("Android", "v3.0", 3, 0, 20250101, 5, 2, 0, 0);
    List<VersionStability> rows =
        VersionStabilities.compute(
            List.of(version("Android", 2, 9, 5, 50), noFlags, version("Android", 3, 1, 20, 50)));

    // v3.0 knows no flag: no rate of its own; its predecessor v2.9 has 5/50 = 10.00.
    assertStability(rows.get(1), null, "v2.9", "10.00", null, null, false);
    // v3.1, 20/50 = 40.00: its predecessor is still v3.0, the highest lower version, which has
    // no rate to compare with.
    assertStability(rows.get(2), "40.00", "v3.0", null, null, null, false);
  }

  @Test
  void noErrorsAnywhereHasNoZ() {
    // p = 0/110: the standard error is 0.
    List<VersionStability> rows =
        VersionStabilities.compute(
            List.of(version("iOS", 1, 0, 0, 50), version("iOS", 1, 1, 0, 60)));

    assertStability(rows.get(1), "0.00", "v1.0", "0.00", "0.00", null, false);
  }

  @Test
  void errorsEverywhereHaveNoZ() {
    // p = 50/50 = 1: the standard error is 0.
    List<VersionStability> rows =
        VersionStabilities.compute(
            List.of(version("iOS", 1, 0, 40, 40), version("iOS", 1, 1, 10, 10)));

    assertStability(rows.get(1), "100.00", "v1.0", "100.00", "0.00", null, false);
  }

  @Test
  void anImprovementRoundsItsNegativeDifferenceAwayFromZero() {
    // 0/800 after 1/800: 100 × (0 - 1/800) = -0.125 points, so -0.13; 1/800 alone is 0.13.
    // p = 1/1600; p (1 - p) (2/800) = (1/1600)(1599/1600)(1/400) = 1599 / 1024000000, whose root
    // is √1599 / 32000; z = -0.00125 × 32000 / √1599 = -40 / 39.9874980 = -1.0003128.
    List<VersionStability> rows =
        VersionStabilities.compute(
            List.of(version("Android", 1, 0, 1, 800), version("Android", 1, 1, 0, 800)));

    assertStability(rows.get(1), "0.00", "v1.0", "0.13", "-0.13", -1.0003128, false);
  }

  @Test
  void noVersionsGiveNoRows() {
    assertEquals(List.of(), VersionStabilities.compute(List.of()));
  }

  @Test
  void theSameVersionTwiceOnOneOsIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> VersionStabilities.compute(
            List.of(version("iOS", 1, 0, 1, 10), version("iOS", 1, 0, 2, 10))));
  }

  private static void assertStability(
      VersionStability actual, @Nullable String errorRatePct, @Nullable String prevAppVersion,
      @Nullable String prevErrorRatePct, @Nullable String diffPp, @Nullable Double zScore,
      boolean isRegression) {
    String row = actual.getStats().getOsType() + " " + actual.getStats().getAppVersion();
    // equals on BigDecimal also checks the scale: 10.00, not 10.
    assertEquals(decimal(errorRatePct), actual.getErrorRatePct(), row);
    assertEquals(prevAppVersion, actual.getPrevAppVersion(), row);
    assertEquals(decimal(prevErrorRatePct), actual.getPrevErrorRatePct(), row);
    assertEquals(decimal(diffPp), actual.getDiffPp(), row);
    if (zScore == null) {
      assertNull(actual.getZScore(), row);
    } else {
      assertNotNull(actual.getZScore(), row);
      assertEquals(zScore, actual.getZScore(), EXACT_ENOUGH, row);
    }
    assertEquals(isRegression, actual.getIsRegression(), row);
  }

  private static @Nullable BigDecimal decimal(@Nullable String text) {
    return text == null ? null : new BigDecimal(text);
  }
}
