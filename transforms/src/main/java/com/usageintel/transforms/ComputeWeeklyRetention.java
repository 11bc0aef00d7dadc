package com.usageintel.transforms;

import com.usageintel.schemas.RetentionWeek;
import com.usageintel.transforms.aggregate.CalendarDays;
import com.usageintel.transforms.aggregate.DayState;
import com.usageintel.transforms.aggregate.WeeklyRetention;
import java.util.List;
import java.util.SortedMap;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.roaringbitmap.RoaringBitmap;

/**
 * Computes {@code agg_retention_weekly} (contract 8.1) from the state of every day with events:
 * weekly cohorts of users by their first active week, and the share of each active every week
 * after, as ANDs of the days' user bitmaps.
 */
public final class ComputeWeeklyRetention
    extends PTransform<PCollection<DayState>, PCollection<RetentionWeek>> {
  private ComputeWeeklyRetention() {}

  public static ComputeWeeklyRetention fromDayStates() {
    return new ComputeWeeklyRetention();
  }

  @Override
  public PCollection<RetentionWeek> expand(PCollection<DayState> days) {
    return days.apply("CohortsByWeek",
        ComputeFromAllStates.of(ComputeWeeklyRetention::rows, RetentionWeek.class));
  }

  private static List<RetentionWeek> rows(List<DayState> days) {
    SortedMap<Integer, RoaringBitmap> activeByDay = DayState.usersByDay(days);
    return activeByDay.isEmpty()
        ? List.of()
        : WeeklyRetention.compute(null, activeByDay, CalendarDays.date(activeByDay.lastKey()));
  }
}
