package com.usageintel.transforms.aggregate;

import com.usageintel.schemas.DayTotals;
import com.usageintel.schemas.KpiDay;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The rows of {@code agg_kpi_daily} (contract sections 4, 5 and 7), one per day in range. */
public final class KpiDays {
  /** The days that {@code dau_7d_avg} averages, the day itself included. */
  static final int DAU_AVERAGE_DAYS = 7;

  private KpiDays() {}

  /**
   * One row per day from the first to the last, ascending and gap-free. A day absent from a map
   * had no activity: zero counts, NULL rates and means. {@code dau_7d_avg} averages the daily
   * DAUs of the 7 days ending that day that lie in the range, so the first day's is its own DAU.
   */
  public static List<KpiDay> compute(
      int firstDateSk,
      int lastDateSk,
      Map<Integer, DayTotals> totalsByDay,
      Map<Integer, Long> wauByDay,
      Map<Integer, Long> mauByDay) {
    LocalDate last = CalendarDays.checkedLast(firstDateSk, lastDateSk);
    List<KpiDay> rows = new ArrayList<>();
    // The last 7 daily DAUs in a ring: the window sum moves by one day in and one day out.
    long[] recentDaus = new long[DAU_AVERAGE_DAYS];
    long windowDauSum = 0;
    int dayIndex = 0;
    for (LocalDate day = CalendarDays.date(firstDateSk);
        !day.isAfter(last);
        day = day.plusDays(1), dayIndex++) {
      int dateSk = CalendarDays.dateSk(day);
      DayTotals totals = totalsByDay.get(dateSk);
      long dau = totals == null ? 0 : totals.getDau();
      int slot = dayIndex % DAU_AVERAGE_DAYS;
      windowDauSum += dau - recentDaus[slot];
      recentDaus[slot] = dau;
      int daysInWindow = Math.min(dayIndex + 1, DAU_AVERAGE_DAYS);
      long mau = mauByDay.getOrDefault(dateSk, 0L);
      rows.add(
          KpiDay.create(
              dateSk,
              totals == null ? 0 : totals.getEvents(),
              dau,
              totals == null ? 0 : totals.getErrorEvents(),
              totals == null
                  ? null
                  : Rates.errorRatePct(totals.getErrorEvents(), totals.getKnownFlagEvents()),
              totals == null
                  ? null
                  : Rates.mean(totals.getSessionMinutesSum(), totals.getSessionCount()),
              (double) windowDauSum / daysInWindow,
              wauByDay.getOrDefault(dateSk, 0L),
              mau,
              mau == 0 ? null : (double) dau / mau));
    }
    return rows;
  }
}
