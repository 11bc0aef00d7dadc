package com.usageintel.transforms.aggregate;

import static com.usageintel.transforms.aggregate.ExpectedRows.assertSameRows;
import static com.usageintel.transforms.aggregate.ExpectedRows.daysActiveMonth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.usageintel.schemas.DaysActiveMonth;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** agg_days_active_monthly (contract 8.4). */
class MonthlyDaysActiveTest {

  @Test
  void aThirtyDayMonthWithAUserActiveEveryDay() {
    // September 2025 has 30 days.
    //   user 1: every day, 09-01 to 09-30         -> 30 days
    //   user 2: 09-01, 09-15, 09-30               -> 3 days
    //   user 3: 09-15                             -> 1 day
    //   user 4: 09-15, 09-16                      -> 2 days
    // A large key (above 2^31 as unsigned) is counted like any other: user 4 is 3_000_000_000.
    int user4 = (int) 3_000_000_000L;
    Map<Integer, RoaringBitmap> activeByDay = new HashMap<>();
    for (int day = 1; day <= 30; day++) {
      activeByDay.put(20250900 + day, RoaringBitmap.bitmapOf(1));
    }
    activeByDay.get(20250901).add(2);
    activeByDay.get(20250915).add(2);
    activeByDay.get(20250915).add(3);
    activeByDay.get(20250915).add(user4);
    activeByDay.get(20250916).add(user4);
    activeByDay.get(20250930).add(2);

    List<DaysActiveMonth> rows = MonthlyDaysActive.compute(activeByDay);

    // n = 1: user 3; n = 2: user 4; n = 3: user 2; n = 30: user 1; every other n from 1 to 30: 0.
    // Summed: 4 users, the month's distinct users {1, 2, 3, 4}.
    assertSameRows(daysActiveMonth(20250901, 30, Map.of(1, 1L, 2, 1L, 3, 1L, 30, 1L)), rows);
    assertEquals(4, rows.stream().mapToLong(DaysActiveMonth::getUsers).sum());
  }

  @Test
  void februaryHas28RowsOr29InALeapYearAndMonthsOfTwoYearsStayApart() {
    // Feb 2024 (leap): user 5 on 02-29 only; users 6 and 7 on 02-01.
    // Dec 2024: user 1 on 12-31. Jan 2025: user 1 on 01-01 and 01-31 (the same user in the next
    // month and year starts again from 0 days).
    // Feb 2025: user 5 on every one of its 28 days; user 6 on 02-01 and 02-28.
    // March to November 2024 have no event: no rows.
    Map<Integer, RoaringBitmap> activeByDay = new HashMap<>();
    activeByDay.put(20240201, RoaringBitmap.bitmapOf(6, 7));
    activeByDay.put(20240229, RoaringBitmap.bitmapOf(5));
    activeByDay.put(20241231, RoaringBitmap.bitmapOf(1));
    activeByDay.put(20250101, RoaringBitmap.bitmapOf(1));
    activeByDay.put(20250131, RoaringBitmap.bitmapOf(1));
    for (int day = 1; day <= 28; day++) {
      activeByDay.put(20250200 + day, RoaringBitmap.bitmapOf(5));
    }
    activeByDay.get(20250201).add(6);
    activeByDay.get(20250228).add(6);

    List<DaysActiveMonth> rows = MonthlyDaysActive.compute(activeByDay);

    List<DaysActiveMonth> expected = new ArrayList<>();
    // Feb 2024, 29 rows: n = 1 holds users 5, 6, 7 -> 3.
    expected.addAll(daysActiveMonth(20240201, 29, Map.of(1, 3L)));
    // Dec 2024, 31 rows: n = 1 holds user 1.
    expected.addAll(daysActiveMonth(20241201, 31, Map.of(1, 1L)));
    // Jan 2025, 31 rows: n = 2 holds user 1.
    expected.addAll(daysActiveMonth(20250101, 31, Map.of(2, 1L)));
    // Feb 2025, 28 rows: n = 2 holds user 6, n = 28 user 5.
    expected.addAll(daysActiveMonth(20250201, 28, Map.of(2, 1L, 28, 1L)));
    assertEquals(29 + 31 + 31 + 28, expected.size());
    assertSameRows(expected, rows);
  }

  @Test
  void noActiveDaysGiveNoRows() {
    assertEquals(List.of(), MonthlyDaysActive.compute(Map.of()));
  }

  @Test
  void aKeyThatNamesNoDayIsRefused() {
    // 30 February does not exist.
    assertThrows(
        DateTimeException.class,
        () -> MonthlyDaysActive.compute(Map.of(20250230, RoaringBitmap.bitmapOf(1))));
  }
}
