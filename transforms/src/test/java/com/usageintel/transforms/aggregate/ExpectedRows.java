package com.usageintel.transforms.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.usageintel.schemas.DaysActiveMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** Rows the tests of the cross-day tables expect, and how they compare them with the computed. */
public final class ExpectedRows {
  private ExpectedRows() {}

  /** The same rows in any order, none twice; BigDecimal equals also checks the scale (0.00). */
  public static <T> void assertSameRows(List<T> expected, List<T> actual) {
    assertEquals(expected.size(), actual.size(), () -> "rows: " + actual);
    assertEquals(new HashSet<>(expected), new HashSet<>(actual));
  }

  /**
   * The {@code agg_days_active_monthly} rows of a month: every n from 1 to its length, 0 users
   * unless {@code users} says otherwise.
   */
  public static List<DaysActiveMonth> daysActiveMonth(
      int monthStartSk, int length, Map<Integer, Long> users) {
    List<DaysActiveMonth> rows = new ArrayList<>();
    for (int n = 1; n <= length; n++) {
      rows.add(DaysActiveMonth.create(monthStartSk, n, users.getOrDefault(n, 0L)));
    }
    return rows;
  }
}
