package com.usageintel.transforms.aggregate;

import static com.usageintel.transforms.aggregate.RobustAnomalies.DAU;
import static com.usageintel.transforms.aggregate.RobustAnomalies.ERROR_RATE_PCT;
import static com.usageintel.transforms.aggregate.RobustAnomalies.EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.usageintel.schemas.AnomalyDay;
import com.usageintel.schemas.UsageEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;

/**
 * agg_anomaly_daily (contract 8.5 and 9.6): z = 0.6745 × (value − median) / MAD, rounded half away
 * from zero to 4 decimals; an anomaly when |z| > 3.5. Median and MAD are shown with 4 decimals.
 */
class RobustAnomaliesTest {

  @Test
  void theBaselineIsTheUpTo28DaysBeforeWithinTheRange() {
    // 31 days from 2025-01-20 (index 0) to 2025-02-19 (index 30): 1 event on even indexes, 2 on
    // odd ones. The baseline of index d is indexes max(0, d − 28) .. d − 1.
    List<@Nullable BigDecimal> values = new ArrayList<>();
    for (int day = 0; day <= 30; day++) {
      values.add(BigDecimal.valueOf(day % 2 == 0 ? 1 : 2));
    }

    List<AnomalyDay> rows = RobustAnomalies.score(EVENTS, true, AnomalyDay.FLEET, 20250120, values);

    assertEquals(31, rows.size());
    // The first day has nothing before it; 13 days before 2025-02-02 (index 13) are too few.
    assertEquals(noBaseline(20250120, EVENTS, true, AnomalyDay.FLEET, "1", 0), rows.get(0));
    assertEquals(noBaseline(20250202, EVENTS, true, AnomalyDay.FLEET, "2", 13), rows.get(13));
    // Index 14 (02-03): 14 values, seven 1s and seven 2s: median (1 + 2) / 2 = 1.5, every
    // deviation 0.5, MAD 0.5; z = 0.6745 × (1 − 1.5) / 0.5 = −0.6745.
    assertEquals(
        row(20250203, EVENTS, true, AnomalyDay.FLEET, "1", 14, "1.5000", "0.5000", "-0.6745", false),
        rows.get(14));
    // Index 28 (02-17): indexes 0..27, 28 values. Index 29: 1..28, still 28 (day − 28 is in,
    // day − 29 is out). Index 30: 2..29, 28.
    assertEquals(28, rows.get(28).getBaselineDays());
    assertEquals(28, rows.get(29).getBaselineDays());
    assertEquals(28, rows.get(30).getBaselineDays());
    assertEquals(20250219, rows.get(30).getDateSk());
  }

  @Test
  void nullValuesAreLeftOutOfTheBaselineAndANullValueHasNoZ() {
    // Error rates from 2025-03-01 (index 0); NULL on indexes 3, 7 and 16:
    //   10.00 on 0, 2, 5, 8, 10, 12, 14; 20.00 on 1, 4, 6, 9, 11, 13, 15; 40.00 on 17.
    List<@Nullable BigDecimal> values =
        Arrays.asList(dec("10.00"), dec("20.00"), dec("10.00"), null, dec("20.00"), dec("10.00"),
            dec("20.00"), null, dec("10.00"), dec("20.00"), dec("10.00"), dec("20.00"),
            dec("10.00"), dec("20.00"), dec("10.00"), dec("20.00"), null, dec("40.00"));

    List<AnomalyDay> rows =
        RobustAnomalies.score(ERROR_RATE_PCT, false, "Navigation", 20250301, values);

    // Index 15: 15 days before, 2 of them NULL -> 13 values: no baseline.
    assertEquals(noBaseline(20250316, ERROR_RATE_PCT, false, "Navigation", "20.00", 13),
        rows.get(15));
    // Index 16: 16 days before, 2 NULL -> 14 values, seven 10.00 and seven 20.00: median 15.00,
    // every deviation 5.00, MAD 5.00. The day's own value is NULL: no z, no anomaly.
    assertEquals(
        row(20250317, ERROR_RATE_PCT, false, "Navigation", null, 14, "15.0000", "5.0000", null,
            false),
        rows.get(16));
    // Index 17: 17 days before, 3 NULL -> the same 14 values; z = 0.6745 × (40 − 15) / 5
    // = 0.6745 × 5 = 3.3725, not above 3.5.
    assertEquals(
        row(20250318, ERROR_RATE_PCT, false, "Navigation", "40.00", 14, "15.0000", "5.0000",
            "3.3725", false),
        rows.get(17));
  }

  @Test
  void anOddBaselineInAnyOrder() {
    // 15 values, not sorted. Sorted: 5.00 5.10 5.20 5.30 5.40 5.50 5.60 | 5.70 | 5.80 5.90 6.00
    // 6.10 6.20 6.30 9.99: median the 8th, 5.70. Deviations sorted: 0, 0.10, 0.10, 0.20, 0.20,
    // 0.30, 0.30, 0.40 (8th), 0.40, 0.50, 0.50, 0.60, 0.60, 0.70, 4.29: MAD 0.40; the outlier
    // 9.99 does not move it.
    List<String> baseline =
        List.of("6.20", "5.00", "9.99", "5.70", "5.30", "6.00", "5.10", "6.30", "5.50", "5.90",
            "5.20", "6.10", "5.40", "5.80", "5.60");

    // 7.80: z = 0.6745 × 2.10 / 0.40 = 1.41645 / 0.40 = 3.541125 -> 3.5411, a rise.
    assertEquals(
        row(20250116, ERROR_RATE_PCT, false, "Navigation", "7.80", 15, "5.7000", "0.4000",
            "3.5411", true),
        scoreAfter(baseline, "7.80"));
    // 3.60: z = 0.6745 × (−2.10) / 0.40 = −3.5411, a drop, also an anomaly.
    assertEquals(
        row(20250116, ERROR_RATE_PCT, false, "Navigation", "3.60", 15, "5.7000", "0.4000",
            "-3.5411", true),
        scoreAfter(baseline, "3.60"));
    // The median itself: z = 0.0000.
    assertEquals(
        row(20250116, ERROR_RATE_PCT, false, "Navigation", "5.70", 15, "5.7000", "0.4000",
            "0.0000", false),
        scoreAfter(baseline, "5.70"));
  }

  @Test
  void anEvenBaselineOfExactly14HasMidpointMedianAndMad() {
    // 14 values, not sorted. Sorted: 2.00 2.01 2.03 2.04 2.06 2.07 2.10 | 2.11 2.13 2.20 2.25 2.30
    // 2.40 3.00: median (2.10 + 2.11) / 2 = 2.105, a third decimal.
    // Deviations from 2.105: 0.105 0.095 0.075 0.065 0.045 0.035 0.005 | 0.005 0.025 0.095 0.145
    // 0.195 0.295 0.895; sorted: 0.005 0.005 0.025 0.035 0.045 0.065 0.075 | 0.095 0.095 0.105
    // 0.145 0.195 0.295 0.895: MAD (0.075 + 0.095) / 2 = 0.085.
    // (With 2-decimal inputs the MAD's 4th decimal is always 0: if the median is in cents the
    // deviations are cents, else they are odd multiples of 0.005 and two of them add up to cents;
    // halving cents gives 0.005 steps.)
    List<String> baseline =
        List.of("2.40", "2.00", "2.11", "3.00", "2.03", "2.25", "2.06", "2.10", "2.13", "2.01",
            "2.30", "2.07", "2.20", "2.04");

    // 2.50: z = 0.6745 × 0.395 / 0.085 = 0.2664275 / 0.085 = 3.13444... -> 3.1344.
    assertEquals(
        row(20250115, ERROR_RATE_PCT, false, "Navigation", "2.50", 14, "2.1050", "0.0850",
            "3.1344", false),
        scoreAfter(baseline, "2.50"));
    // One value fewer: 13, no baseline.
    assertEquals(
        noBaseline(20250114, ERROR_RATE_PCT, false, "Navigation", "2.50", 13),
        scoreAfter(baseline.subList(0, 13), "2.50"));
  }

  @Test
  void aMadOfZeroGivesNoZ() {
    // 14 values, nine of them 5.00: sorted 1.00 2.00 5.00 ×9 8.00 9.00 50.00; median (5 + 5) / 2
    // = 5.00; nine deviations are 0, so the 7th and 8th are 0: MAD 0. Even 99.00 has no z.
    List<String> baseline =
        List.of("5.00", "1.00", "5.00", "2.00", "5.00", "5.00", "8.00", "5.00", "9.00", "5.00",
            "50.00", "5.00", "5.00", "5.00");

    assertEquals(
        row(20250115, ERROR_RATE_PCT, false, "Navigation", "99.00", 14, "5.0000", "0.0000", null,
            false),
        scoreAfter(baseline, "99.00"));
  }

  @Test
  void zIsRoundedHalfAwayFromZeroOnTheExactValue() {
    // Median 20.00, MAD 5.70 (see around()). 20.57: z = 0.6745 × 0.57 / 5.70 = 0.6745 × 0.1
    // = 0.06745 exactly, a half at the 5th decimal: away from zero 0.0675.
    List<String> baseline = around("20.00", "5.70");
    assertEquals(
        row(20250116, ERROR_RATE_PCT, false, "Navigation", "20.57", 15, "20.0000", "5.7000",
            "0.0675", false),
        scoreAfter(baseline, "20.57"));
    // 19.43: −0.06745 -> −0.0675 (away from zero, not up towards +∞).
    assertEquals(
        row(20250116, ERROR_RATE_PCT, false, "Navigation", "19.43", 15, "20.0000", "5.7000",
            "-0.0675", false),
        scoreAfter(baseline, "19.43"));
    // The case tells the rules apart: half-even gives 0.0674, and so does rounding the double
    // computation, which is 0.06744999999999998.
    assertEquals(dec("0.0674"), dec("0.06745").setScale(4, RoundingMode.HALF_EVEN));
    assertEquals(dec("0.0674"),
        BigDecimal.valueOf(0.6745 * 0.57 / 5.70).setScale(4, RoundingMode.HALF_UP));
  }

  @Test
  void anAnomalyIsARoundedZAbove3Point5() {
    // MAD 13.49 = 0.6745 × 20: z = (value − median) / 20.
    // 90.00: (90.00 − 20.00) / 20 = 3.5000 exactly: not above 3.5.
    assertEquals(
        row(20250116, ERROR_RATE_PCT, false, "Navigation", "90.00", 15, "20.0000", "13.4900",
            "3.5000", false),
        scoreAfter(around("20.00", "13.49"), "90.00"));
    // 90.01: 70.01 / 20 = 3.5005: an anomaly.
    assertEquals(
        row(20250116, ERROR_RATE_PCT, false, "Navigation", "90.01", 15, "20.0000", "13.4900",
            "3.5005", true),
        scoreAfter(around("20.00", "13.49"), "90.01"));
    // Drops, around 80.00: 10.00 gives −70.00 / 20 = −3.5000, none; 9.99 gives −3.5005, one.
    assertEquals(
        row(20250116, ERROR_RATE_PCT, false, "Navigation", "10.00", 15, "80.0000", "13.4900",
            "-3.5000", false),
        scoreAfter(around("80.00", "13.49"), "10.00"));
    assertEquals(
        row(20250116, ERROR_RATE_PCT, false, "Navigation", "9.99", 15, "80.0000", "13.4900",
            "-3.5005", true),
        scoreAfter(around("80.00", "13.49"), "9.99"));
    // MAD 0.74: 23.84 gives 0.6745 × 3.84 / 0.74 = 2.59008 / 0.74 = 3.500108... -> 3.5001: one.
    assertEquals(
        row(20250116, ERROR_RATE_PCT, false, "Navigation", "23.84", 15, "20.0000", "0.7400",
            "3.5001", true),
        scoreAfter(around("20.00", "0.74"), "23.84"));
    // MAD 2.01: 30.43 gives 0.6745 × 10.43 / 2.01 = 7.035035 / 2.01 = 3.5000174... -> 3.5000.
    // Unrounded it is above 3.5, but the rounded z is compared: no anomaly.
    assertEquals(
        row(20250116, ERROR_RATE_PCT, false, "Navigation", "30.43", 15, "20.0000", "2.0100",
            "3.5000", false),
        scoreAfter(around("20.00", "2.01"), "30.43"));
  }

  @Test
  void aSeriesCountsDaysWithoutEventsAsZeroAndNoRate() {
    // 17 days, 2025-03-01 (index 0) to 03-17 (index 16).
    //   even indexes 0..14 but 10: user 1, 1 event, flag 0          -> events 1, dau 1, 0.00
    //   odd indexes 1..15 but 5:   user 1 flag 1, user 2 flag 0     -> events 2, dau 2, 50.00
    //   indexes 5 and 10: no event                                  -> events 0, dau 0, NULL
    //   index 16: users 1, 2, 3 flag 1, user 3 again, flag unknown  -> events 4, dau 3,
    //     3 errors of 3 known = 100.00
    Map<Integer, EventTally> tallies = new HashMap<>();
    for (int day = 0; day <= 15; day++) {
      if (day == 5 || day == 10) {
        continue;
      }
      int dateSk = 20250301 + day;
      tallies.put(dateSk, day % 2 == 0
          ? new EventTally().add(event(0), dateSk, 1)
          : new EventTally().add(event(1), dateSk, 1).add(event(0), dateSk, 2));
    }
    tallies.put(20250317, new EventTally()
        .add(event(1), 20250317, 1).add(event(1), 20250317, 2)
        .add(event(1), 20250317, 3).add(event(null), 20250317, 3));

    List<AnomalyDay> rows =
        RobustAnomalies.scoreSeries(false, "Navigation", tallies, 20250301, 20250317);

    assertEquals(3 * 17, rows.size());
    // Gap days: 0 events, 0 users, no rate. On index 10, 10 days before (9 rates, index 5 NULL).
    assertEquals(noBaseline(20250306, EVENTS, false, "Navigation", "0", 5), find(rows, EVENTS, 20250306));
    assertEquals(noBaseline(20250311, EVENTS, false, "Navigation", "0", 10), find(rows, EVENTS, 20250311));
    assertEquals(noBaseline(20250311, DAU, false, "Navigation", "0", 10), find(rows, DAU, 20250311));
    assertEquals(noBaseline(20250311, ERROR_RATE_PCT, false, "Navigation", null, 9),
        find(rows, ERROR_RATE_PCT, 20250311));
    // Index 15: 15 days before, two of them without a rate: 13 rates, no baseline.
    assertEquals(noBaseline(20250316, ERROR_RATE_PCT, false, "Navigation", "50.00", 13),
        find(rows, ERROR_RATE_PCT, 20250316));
    // Index 16, events: the 16 values before are 0 ×2, 1 ×7, 2 ×7; the 8th and 9th sorted are 1:
    // median 1. Deviations 1 ×2, 0 ×7, 1 ×7 -> 0 ×7, 1 ×9: MAD 1. z = 0.6745 × (4 − 1) / 1.
    assertEquals(
        row(20250317, EVENTS, false, "Navigation", "4", 16, "1.0000", "1.0000", "2.0235", false),
        find(rows, EVENTS, 20250317));
    // DAU: the same values before (1 user on 1-event days, 2 on 2-event days, 0 on gaps);
    // z = 0.6745 × (3 − 1) / 1 = 1.3490.
    assertEquals(
        row(20250317, DAU, false, "Navigation", "3", 16, "1.0000", "1.0000", "1.3490", false),
        find(rows, DAU, 20250317));
    // Rate: 14 values, 0.00 ×7 and 50.00 ×7: median 25.00, every deviation 25.00, MAD 25.00;
    // z = 0.6745 × (100 − 25) / 25 = 2.0235.
    assertEquals(
        row(20250317, ERROR_RATE_PCT, false, "Navigation", "100.00", 14, "25.0000", "25.0000",
            "2.0235", false),
        find(rows, ERROR_RATE_PCT, 20250317));
  }

  @Test
  void aSeriesOfOneDayWithoutKnownFlags() {
    // A fleet day whose one event has no known flag: events 1, dau 1, rate NULL; nothing before.
    Map<Integer, EventTally> tallies =
        Map.of(20250301, new EventTally().add(event(null), 20250301, 7));

    List<AnomalyDay> rows =
        RobustAnomalies.scoreSeries(true, AnomalyDay.FLEET, tallies, 20250301, 20250301);

    assertEquals(
        List.of(
            noBaseline(20250301, EVENTS, true, AnomalyDay.FLEET, "1", 0),
            noBaseline(20250301, DAU, true, AnomalyDay.FLEET, "1", 0),
            noBaseline(20250301, ERROR_RATE_PCT, true, AnomalyDay.FLEET, null, 0)),
        rows);
  }

  @Test
  void aSeriesRangeEndingBeforeItStartsIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RobustAnomalies.scoreSeries(true, AnomalyDay.FLEET, Map.of(), 20250302, 20250301));
  }

  /**
   * 15 values with median {@code m} and MAD {@code mad} (more than 0.03): m; m − 0.01, − 0.02,
   * − 0.03, − (mad + 1), − (mad + 2), − (mad + 3), − (mad + 4); m + 0.01, + 0.02, + 0.03, + mad,
   * + (mad + 1), + (mad + 2), + (mad + 3). Seven below m and seven above: the median is m. The
   * deviations sorted are 0, 0.01, 0.01, 0.02, 0.02, 0.03, 0.03, mad (the 8th), mad + 1, ...: the
   * MAD is mad.
   */
  private static List<String> around(String m, String mad) {
    BigDecimal median = dec(m);
    BigDecimal d = dec(mad);
    List<String> values = new ArrayList<>();
    values.add(m);
    for (String offset : List.of("0.01", "0.02", "0.03")) {
      values.add(median.subtract(dec(offset)).toPlainString());
      values.add(median.add(dec(offset)).toPlainString());
    }
    values.add(median.add(d).toPlainString());
    for (int k = 1; k <= 3; k++) {
      values.add(median.subtract(d.add(BigDecimal.valueOf(k))).toPlainString());
      values.add(median.add(d.add(BigDecimal.valueOf(k))).toPlainString());
    }
    values.add(median.subtract(d.add(BigDecimal.valueOf(4))).toPlainString());
    return values;
  }

  /** The error-rate row of the day after the baseline's days, which start on 2025-01-01. */
  private static AnomalyDay scoreAfter(List<String> baseline, String value) {
    List<@Nullable BigDecimal> values = new ArrayList<>();
    baseline.forEach(v -> values.add(dec(v)));
    values.add(dec(value));
    List<AnomalyDay> rows =
        RobustAnomalies.score(ERROR_RATE_PCT, false, "Navigation", 20250101, values);
    return rows.get(rows.size() - 1);
  }

  private static AnomalyDay find(List<AnomalyDay> rows, String metric, int dateSk) {
    List<AnomalyDay> found = rows.stream()
        .filter(r -> r.getMetric().equals(metric) && r.getDateSk() == dateSk)
        .toList();
    assertEquals(1, found.size(), () -> metric + " on " + dateSk + ": " + found);
    return found.get(0);
  }

  private static AnomalyDay noBaseline(int dateSk, String metric, boolean isFleet, String feature,
      @Nullable String value, int baselineDays) {
    return row(dateSk, metric, isFleet, feature, value, baselineDays, null, null, null, false);
  }

  private static AnomalyDay row(int dateSk, String metric, boolean isFleet, String feature,
      @Nullable String value, int baselineDays, @Nullable String median, @Nullable String mad,
      @Nullable String z, boolean isAnomaly) {
    return AnomalyDay.create(dateSk, metric, isFleet, feature, decOrNull(value), baselineDays,
        decOrNull(median), decOrNull(mad), decOrNull(z), isAnomaly);
  }

  private static UsageEvent event(@Nullable Integer errorFlag) {
    return UsageEvent.builder()
        .setUserId("U1")
        .setRegion("UK")
        .setVehicleModel("VW ID.4")
        .setFeatureName("Navigation")
        .setSessionDurationMin(12.5)
        .setErrorFlag(errorFlag)
        .setFeedbackRating(4.0)
        .setAppVersion("v5.5")
        .setOsType("Android")
        .setSubscriptionStatus("active")
        .setFeatureUsedAt(Instant.parse("2025-03-01T12:00:00Z"))
        .setSourceFile("a.csv")
        .setLineNumber(2)
        .setRawText("U1")
        .build();
  }

  private static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }

  private static @Nullable BigDecimal decOrNull(@Nullable String value) {
    return value == null ? null : new BigDecimal(value);
  }
}
