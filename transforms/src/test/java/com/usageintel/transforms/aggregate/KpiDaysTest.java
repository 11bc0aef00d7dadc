package com.usageintel.transforms.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.usageintel.schemas.DayTotals;
import com.usageintel.schemas.KpiDay;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;

/** agg_kpi_daily (contract sections 4, 5 and 7). */
class KpiDaysTest {
  private static final double EXACT_ENOUGH = 1e-9;

  /**
   * Ten days, 2025-01-28 to 2025-02-06, across a month end, with activity on five of them:
   *
   * <pre>
   * 01-28  users A, B        4 events, 1 error of 4 known, sessions 30 min over 3
   * 01-30  users A, C, D     3 events, 1 error of 3 known, no session
   * 01-31  user E            2 events, no known flag, one 7.5 min session
   * 02-03  users A, B, C, F  6 events, 1 error of 5 known, sessions 12.5 min over 2
   * 02-06  user G            1 event, 1 error of 1 known, one 20 min session
   * </pre>
   *
   * WAU and MAU are what the pipeline counts for these users (ComputeFleetTables); KpiDays takes
   * them as given.
   * WAU: 01-28 {A,B} 2; 01-29 2; 01-30 adds C, D: 4; 01-31 adds E: 5; 02-01, 02-02: 5;
   * 02-03 (window 01-28..02-03) adds F: 6; 02-04 (01-29..) and 02-05 (01-30..) keep A..F: 6;
   * 02-06 (01-31..02-06) has E, A, B, C, F, G: 6 (D's only day, 01-30, has left the window).
   * MAU: every day is within 30 days of 01-28, so it is the running count: 2 2 4 5 5 5 6 6 6 7.
   */
  private static final Map<Integer, DayTotals> TOTALS =
      Map.of(
          20250128, DayTotals.create(4, 2, 1, 4, 30.0, 3, 0, 0),
          20250130, DayTotals.create(3, 3, 1, 3, 0, 0, 0, 0),
          20250131, DayTotals.create(2, 1, 0, 0, 7.5, 1, 0, 0),
          20250203, DayTotals.create(6, 4, 1, 5, 12.5, 2, 0, 0),
          20250206, DayTotals.create(1, 1, 1, 1, 20.0, 1, 0, 0));

  private static final Map<Integer, Long> WAU =
      Map.of(20250128, 2L, 20250129, 2L, 20250130, 4L, 20250131, 5L, 20250201, 5L,
          20250202, 5L, 20250203, 6L, 20250204, 6L, 20250205, 6L, 20250206, 6L);

  private static final Map<Integer, Long> MAU =
      Map.of(20250128, 2L, 20250129, 2L, 20250130, 4L, 20250131, 5L, 20250201, 5L,
          20250202, 5L, 20250203, 6L, 20250204, 6L, 20250205, 6L, 20250206, 7L);

  @Test
  void everyColumnOfEveryDay() {
    List<KpiDay> days = KpiDays.compute(20250128, 20250206, TOTALS, WAU, MAU);

    assertEquals(10, days.size());
    // Daily DAUs: 2 0 3 1 0 0 4 0 0 1. The 7-day average divides by the days of the window that
    // are in range: 1, 2, ... 7 on the first seven days, then always 7.
    // error rate: 1/4 = 25.00, 1/3 = 33.33, 1/5 = 20.00, 1/1 = 100.00; 01-31 knows no flag.
    // avg session: 30/3 = 10, 7.5/1, 12.5/2 = 6.25, 20/1.
    //        day       events dau err  rate      avg    dau_7d_avg      wau mau stickiness
    assertRow(days.get(0), 20250128, 4, 2, 1, "25.00", 10.0, 2.0 / 1, 2, 2, 2.0 / 2);
    assertRow(days.get(1), 20250129, 0, 0, 0, null, null, (2 + 0) / 2.0, 2, 2, 0.0);
    assertRow(days.get(2), 20250130, 3, 3, 1, "33.33", null, (2 + 0 + 3) / 3.0, 4, 4, 3.0 / 4);
    assertRow(days.get(3), 20250131, 2, 1, 0, null, 7.5, 6 / 4.0, 5, 5, 1.0 / 5);
    assertRow(days.get(4), 20250201, 0, 0, 0, null, null, 6 / 5.0, 5, 5, 0.0);
    assertRow(days.get(5), 20250202, 0, 0, 0, null, null, 6 / 6.0, 5, 5, 0.0);
    // 2+0+3+1+0+0+4 = 10 over the full window 01-28..02-03.
    assertRow(days.get(6), 20250203, 6, 4, 1, "20.00", 6.25, 10 / 7.0, 6, 6, 4.0 / 6);
    // 01-29..02-04: 0+3+1+0+0+4+0 = 8.
    assertRow(days.get(7), 20250204, 0, 0, 0, null, null, 8 / 7.0, 6, 6, 0.0);
    // 01-30..02-05: 3+1+0+0+4+0+0 = 8.
    assertRow(days.get(8), 20250205, 0, 0, 0, null, null, 8 / 7.0, 6, 6, 0.0);
    // 01-31..02-06: 1+0+0+4+0+0+1 = 6.
    assertRow(days.get(9), 20250206, 1, 1, 1, "100.00", 20.0, 6 / 7.0, 6, 7, 1.0 / 7);
  }

  @Test
  void dayAbsentFromEveryMapHasNoActivityAndNoStickiness() {
    List<KpiDay> days = KpiDays.compute(20250301, 20250301, Map.of(), Map.of(), Map.of());

    assertEquals(List.of(KpiDay.create(20250301, 0, 0, 0, null, null, 0.0, 0, 0, null)), days);
  }

  @Test
  void daysOutsideTheRangeAreNotAveraged() {
    // 02-28 has 9 users but lies before the range, so 03-01's average is its own DAU, 3, and
    // 03-02's is (3 + 0) / 2 = 1.5.
    Map<Integer, DayTotals> totals =
        Map.of(
            20250228, DayTotals.create(9, 9, 0, 9, 0, 0, 0, 0),
            20250301, DayTotals.create(3, 3, 0, 3, 0, 0, 0, 0));

    List<KpiDay> days = KpiDays.compute(20250301, 20250302, totals, Map.of(), Map.of());

    assertEquals(List.of(20250301, 20250302), days.stream().map(KpiDay::getDateSk).toList());
    assertEquals(3.0, days.get(0).getDau7dAvg(), EXACT_ENOUGH);
    assertEquals(1.5, days.get(1).getDau7dAvg(), EXACT_ENOUGH);
  }

  @Test
  void rangeEndingBeforeItStartsIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> KpiDays.compute(20250302, 20250301, Map.of(), Map.of(), Map.of()));
  }

  private static void assertRow(
      KpiDay actual, int dateSk, long events, long dau, long errorEvents,
      @Nullable String errorRatePct, @Nullable Double avgSession, double dau7dAvg, long wau,
      long mau, @Nullable Double stickiness) {
    String day = "day " + dateSk;
    assertEquals(dateSk, actual.getDateSk(), day);
    assertEquals(events, actual.getEvents(), day);
    assertEquals(dau, actual.getDau(), day);
    assertEquals(errorEvents, actual.getErrorEvents(), day);
    // equals on BigDecimal also checks the scale: 25.00, not 25.
    assertEquals(
        errorRatePct == null ? null : new BigDecimal(errorRatePct), actual.getErrorRatePct(), day);
    assertNullableClose(avgSession, actual.getAvgSession(), day);
    assertEquals(dau7dAvg, actual.getDau7dAvg(), EXACT_ENOUGH, day);
    assertEquals(wau, actual.getWau(), day);
    assertEquals(mau, actual.getMau(), day);
    assertNullableClose(stickiness, actual.getStickiness(), day);
  }

  private static void assertNullableClose(
      @Nullable Double expected, @Nullable Double actual, String day) {
    if (expected == null) {
      assertNull(actual, day);
    } else {
      assertNotNull(actual, day);
      assertEquals(expected, actual, EXACT_ENOUGH, day);
    }
  }
}
