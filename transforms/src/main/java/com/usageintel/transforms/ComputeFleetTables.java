package com.usageintel.transforms;

import com.usageintel.schemas.DayTotals;
import com.usageintel.schemas.DaysActiveMonth;
import com.usageintel.schemas.KpiDay;
import com.usageintel.schemas.RetentionWeek;
import com.usageintel.transforms.aggregate.CalendarDays;
import com.usageintel.transforms.aggregate.DayState;
import com.usageintel.transforms.aggregate.KpiDays;
import com.usageintel.transforms.aggregate.MonthlyDaysActive;
import com.usageintel.transforms.aggregate.WeeklyRetention;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * Computes the fleet's cross-day tables from the state of every day with events: {@code
 * agg_kpi_daily} (contract sections 4 and 7), {@code agg_retention_weekly} (8.1) and {@code
 * agg_days_active_monthly} (8.4). The days are listed once, and the three tables read that one
 * list. The cost is the number of days, not of events: a run that adds one day reads the other
 * days' states, never their events.
 */
public final class ComputeFleetTables
    extends PTransform<PCollection<DayState>, ComputeFleetTables.Result> {
  static final int WAU_DAYS = 7;
  static final int MAU_DAYS = 30;

  private static final TupleTag<KpiDay> KPI_DAYS = new TupleTag<>() {};
  private static final TupleTag<RetentionWeek> WEEKLY_RETENTION = new TupleTag<>() {};
  private static final TupleTag<DaysActiveMonth> DAYS_ACTIVE = new TupleTag<>() {};

  private ComputeFleetTables() {}

  public static ComputeFleetTables fromDayStates() {
    return new ComputeFleetTables();
  }

  /** The rows of each table. */
  public static final class Result extends TupleResult {
    private Result(PCollectionTuple outputs) {
      super(outputs);
    }

    public PCollection<KpiDay> kpiDays() {
      return outputs.get(KPI_DAYS);
    }

    public PCollection<RetentionWeek> weeklyRetention() {
      return outputs.get(WEEKLY_RETENTION);
    }

    public PCollection<DaysActiveMonth> daysActive() {
      return outputs.get(DAYS_ACTIVE);
    }
  }

  @Override
  public Result expand(PCollection<DayState> days) {
    PCollectionView<List<DayState>> allDays = days.apply("ListAllDays", View.asList());
    PBegin begin = days.getPipeline().begin();
    return new Result(PCollectionTuple
        .of(KPI_DAYS, begin.apply("ComputeKpiDays", ComputeFromAllStates.of(
            allDays, ComputeFleetTables::kpiDays, KpiDay.class)))
        .and(WEEKLY_RETENTION, begin.apply("ComputeWeeklyRetention", ComputeFromAllStates.of(
            allDays, ComputeFleetTables::weeklyRetention, RetentionWeek.class)))
        .and(DAYS_ACTIVE, begin.apply("CountDaysActive", ComputeFromAllStates.of(
            allDays, ComputeFleetTables::daysActive, DaysActiveMonth.class))));
  }

  /**
   * One row per day from the first to the last, with WAU and MAU as the distinct users of the
   * trailing 7 and 30 days, each the OR of those days' user bitmaps.
   */
  static List<KpiDay> kpiDays(List<DayState> days) {
    SortedMap<Integer, RoaringBitmap> users = DayState.usersByDay(days);
    if (users.isEmpty()) {
      return List.of(); // No events, no days.
    }
    Map<Integer, DayTotals> totals = new HashMap<>();
    days.forEach(day -> totals.put(day.dateSk(), day.tally().toTotals()));
    int first = users.firstKey();
    int last = users.lastKey();
    Map<Integer, Long> wau = new HashMap<>();
    Map<Integer, Long> mau = new HashMap<>();
    LocalDate lastDay = CalendarDays.date(last);
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

  /**
   * Weekly cohorts of users by their first active week, and the share of each active every week
   * after, as ANDs of the days' user bitmaps.
   */
  static List<RetentionWeek> weeklyRetention(List<DayState> days) {
    SortedMap<Integer, RoaringBitmap> activeByDay = DayState.usersByDay(days);
    return activeByDay.isEmpty()
        ? List.of()
        : WeeklyRetention.compute(null, activeByDay, CalendarDays.date(activeByDay.lastKey()));
  }

  /** Per month, how many users were active on exactly n of its days. */
  static List<DaysActiveMonth> daysActive(List<DayState> days) {
    return MonthlyDaysActive.compute(DayState.usersByDay(days));
  }
}
