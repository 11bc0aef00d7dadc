package com.usageintel.transforms.aggregate;

import static com.usageintel.transforms.aggregate.ExpectedRows.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.usageintel.schemas.RetentionWeek;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.roaringbitmap.RoaringBitmap;

/**
 * agg_retention_weekly and agg_feature_retention_weekly (contract 8.1, 8.2 and 9.6). The weeks of
 * September 2025 used here, by their Mondays: W0 09-01 (to Sunday 09-07), W1 09-08, W2 09-15,
 * W3 09-22, W4 09-29 (to Sunday 10-05), W5 10-06.
 */
class WeeklyRetentionTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock = """
          # a Monday is its own week's start
          2025-09-01 | 2025-09-01
          # a Sunday belongs to the week of the Monday before it, not the next one
          2025-09-07 | 2025-09-01
          2025-09-10 | 2025-09-08
          # an ISO week across the turn of the year: Thursday 1 January 2026 is in the week of
          # Monday 29 December 2025
          2026-01-01 | 2025-12-29
          """)
  void weekStartsOnTheMondayOnOrBeforeTheDay(String day, String monday) {
    assertEquals(LocalDate.parse(monday), WeeklyRetention.weekStart(LocalDate.parse(day)));
  }

  @Test
  void cohortsWithZeroCellsAnEmptyWeekAndAMidRangeCohort() {
    // Users 1-4:
    //   user 1: Sunday 09-07 (W0, not W1), Monday 09-08 (W1), 09-24 (W3)
    //   user 2: 09-03 (W0), 09-22 (W3)
    //   user 3: 09-10 (W1), 10-01 (W4)
    //   user 4: Sunday 09-28 (W3)
    // No event at all in W2 (09-15 to 09-21).
    Map<Integer, RoaringBitmap> activeByDay =
        Map.of(
            20250903, RoaringBitmap.bitmapOf(2),
            20250907, RoaringBitmap.bitmapOf(1),
            20250908, RoaringBitmap.bitmapOf(1),
            20250910, RoaringBitmap.bitmapOf(3),
            20250922, RoaringBitmap.bitmapOf(2),
            20250924, RoaringBitmap.bitmapOf(1),
            20250928, RoaringBitmap.bitmapOf(4),
            20251001, RoaringBitmap.bitmapOf(3));

    List<RetentionWeek> rows =
        WeeklyRetention.compute(null, activeByDay, LocalDate.parse("2025-10-01"));

    // Active by week: W0 {1, 2}, W1 {1, 3}, W2 {}, W3 {1, 2, 4}, W4 {3}. The last week with an
    // event is W4.
    // Cohorts (first week): W0 {1, 2}, W1 {3}, W3 {4}. W2 and W4 bring no new user: no rows.
    // W0 cohort, 2 users, weeks 0..4 (W0 to W4):
    //   0: 2 of 2 = 100.00; 1: W1 holds user 1 -> 1 of 2 = 50.00; 2: W2 is empty -> 0.00;
    //   3: W3 holds users 1 and 2 -> 2 of 2 = 100.00; 4: W4 holds only user 3 -> 0.00.
    // W1 cohort, user 3, weeks 0..3 (W1 to W4): 100.00, 0.00 (W2), 0.00 (W3), 100.00 (W4).
    // W3 cohort, user 4, weeks 0..1: 100.00, 0.00.
    assertSameRows(
        List.of(
            row(null, 20250901, 0, 2, 2, "100.00"),
            row(null, 20250901, 1, 2, 1, "50.00"),
            row(null, 20250901, 2, 2, 0, "0.00"),
            row(null, 20250901, 3, 2, 2, "100.00"),
            row(null, 20250901, 4, 2, 0, "0.00"),
            row(null, 20250908, 0, 1, 1, "100.00"),
            row(null, 20250908, 1, 1, 0, "0.00"),
            row(null, 20250908, 2, 1, 0, "0.00"),
            row(null, 20250908, 3, 1, 1, "100.00"),
            row(null, 20250922, 0, 1, 1, "100.00"),
            row(null, 20250922, 1, 1, 0, "0.00")),
        rows);
  }

  @Test
  void retentionIsRoundedHalfAwayFromZero() {
    // W0 cohort: users 1, 2, 3. W1 cohort: users 11..18 (8 users), with user 1 back in W1.
    // W2: users 1 and 2 of W0, user 11 of W1.
    RoaringBitmap w1 = RoaringBitmap.bitmapOf(1, 11, 12, 13, 14, 15, 16, 17, 18);
    Map<Integer, RoaringBitmap> activeByDay =
        Map.of(
            20250902, RoaringBitmap.bitmapOf(1, 2, 3),
            20250909, w1,
            20250916, RoaringBitmap.bitmapOf(1, 2, 11));

    List<RetentionWeek> rows =
        WeeklyRetention.compute(null, activeByDay, LocalDate.parse("2025-09-16"));

    // W0: 100 × 1/3 = 33.333... -> 33.33; 100 × 2/3 = 66.666... -> 66.67.
    // W1: 100 × 1/8 = 12.5 -> 12.50 (scale 2).
    assertSameRows(
        List.of(
            row(null, 20250901, 0, 3, 3, "100.00"),
            row(null, 20250901, 1, 3, 1, "33.33"),
            row(null, 20250901, 2, 3, 2, "66.67"),
            row(null, 20250908, 0, 8, 8, "100.00"),
            row(null, 20250908, 1, 8, 1, "12.50")),
        rows);
  }

  @Test
  void aFeatureRunsToTheLastWeekOfAnyEventNotItsOwn() {
    // The feature's only event is on 09-02 (W0); the last event of any feature is on 09-16 (W2).
    Map<Integer, RoaringBitmap> activeByDay = Map.of(20250902, RoaringBitmap.bitmapOf(5));

    List<RetentionWeek> rows =
        WeeklyRetention.compute("Navigation", activeByDay, LocalDate.parse("2025-09-16"));

    // W0 cohort {5}: weeks 0, 1, 2, the last two with nobody retained.
    assertSameRows(
        List.of(
            row("Navigation", 20250901, 0, 1, 1, "100.00"),
            row("Navigation", 20250901, 1, 1, 0, "0.00"),
            row("Navigation", 20250901, 2, 1, 0, "0.00")),
        rows);
  }

  @Test
  void aLastDayOnASundayEndsTheWeeksAtItsOwnMonday() {
    // Sunday 09-14 is in W1, so the rows stop at weeks_since 1, not 2.
    Map<Integer, RoaringBitmap> activeByDay = Map.of(20250902, RoaringBitmap.bitmapOf(5));

    List<RetentionWeek> rows =
        WeeklyRetention.compute("Navigation", activeByDay, LocalDate.parse("2025-09-14"));

    assertSameRows(
        List.of(
            row("Navigation", 20250901, 0, 1, 1, "100.00"),
            row("Navigation", 20250901, 1, 1, 0, "0.00")),
        rows);
  }

  @Test
  void noActiveDaysGiveNoRows() {
    assertEquals(List.of(), WeeklyRetention.compute(null, Map.of(), LocalDate.parse("2025-09-16")));
  }

  @Test
  void aLastDayBeforeAnActiveWeekIsRefused() {
    // A caller's bug: the last day must be the last day with any event. Ending at W0 while
    // users are active in W1 would silently drop the W1 cohort, which has at least row 0.
    Map<Integer, RoaringBitmap> activeByDay =
        Map.of(
            20250902, RoaringBitmap.bitmapOf(1),
            20250910, RoaringBitmap.bitmapOf(2));

    assertThrows(
        IllegalArgumentException.class,
        () -> WeeklyRetention.compute(null, activeByDay, LocalDate.parse("2025-09-05")));
  }

  private static RetentionWeek row(@Nullable String feature, int cohortWeekStartSk,
      int weeksSince, long cohortUsers, long retainedUsers, String retentionPct) {
    return RetentionWeek.create(feature, cohortWeekStartSk, weeksSince, cohortUsers,
        retainedUsers, new BigDecimal(retentionPct));
  }
}
