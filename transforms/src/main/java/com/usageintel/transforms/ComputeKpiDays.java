package com.usageintel.transforms;

import com.usageintel.schemas.DayTotals;
import com.usageintel.schemas.KpiDay;
import com.usageintel.transforms.aggregate.CalendarDays;
import com.usageintel.transforms.aggregate.DayState;
import com.usageintel.transforms.aggregate.KpiDays;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * Computes {@code agg_kpi_daily} (contract sections 4 and 7) from the state of every day with
 * events: one row per day from the first to the last, with WAU and MAU as the distinct users of
 * the trailing 7 and 30 days, each the OR of those days' user bitmaps. The cost is the number of
 * days, not of events: a run that adds one day reads the other days' states, never their events.
 */
public final class ComputeKpiDays extends PTransform<PCollection<DayState>, PCollection<KpiDay>> {
  static final int WAU_DAYS = 7;
  static final int MAU_DAYS = 30;

  private ComputeKpiDays() {}

  public static ComputeKpiDays fromDayStates() {
    return new ComputeKpiDays();
  }

  @Override
  public PCollection<KpiDay> expand(PCollection<DayState> days) {
    return days.apply("ListKpiDays", ComputeFromAllStates.of(ComputeKpiDays::rows, KpiDay.class));
  }

  private static List<KpiDay> rows(List<DayState> days) {
    if (days.isEmpty()) {
      return List.of(); // No events, no days.
    }
    int first = Integer.MAX_VALUE;
    int last = Integer.MIN_VALUE;
    Map<Integer, DayTotals> totals = new HashMap<>();
    Map<Integer, RoaringBitmap> users = new HashMap<>();
    for (DayState day : days) {
      if (totals.put(day.dateSk(), day.tally().toTotals()) != null) {
        throw new IllegalStateException("day " + day.dateSk() + " has two states");
      }
      users.put(day.dateSk(), day.tally().users());
      first = Math.min(first, day.dateSk());
      last = Math.max(last, day.dateSk());
    }
    Map<Integer, Long> wau = new HashMap<>();
    Map<Integer, Long> mau = new HashMap<>();
    LocalDate lastDay = CalendarDays.checkedLast(first, last);
    for (LocalDate day = CalendarDays.date(first); !day.isAfter(lastDay); day = day.plusDays(1)) {
      int dateSk = CalendarDays.dateSk(day);
      wau.put(dateSk, distinctUsers(users, day, WAU_DAYS));
      mau.put(dateSk, distinctUsers(users, day, MAU_DAYS));
    }
    return KpiDays.compute(first, last, totals, wau, mau);
  }

  /** The users active on any of the {@code window} days ending on {@code day}. */
  private static long distinctUsers(Map<Integer, RoaringBitmap> users, LocalDate day, int window) {
    List<RoaringBitmap> active = new ArrayList<>(window);
    for (int back = 0; back < window; back++) {
      RoaringBitmap dayUsers = users.get(CalendarDays.dateSk(day.minusDays(back)));
      if (dayUsers != null) {
        active.add(dayUsers);
      }
    }
    return active.isEmpty() ? 0 : FastAggregation.or(active.iterator()).getLongCardinality();
  }
}
