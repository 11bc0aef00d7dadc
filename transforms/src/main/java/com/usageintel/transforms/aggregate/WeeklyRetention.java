package com.usageintel.transforms.aggregate;

import com.usageintel.schemas.RetentionWeek;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * Cohort retention by ISO week (contract 8.1 and 8.2), from the users active on each day: a user's
 * cohort is the first week they are active in, and a cohort's retention {@code k} weeks on is the
 * share of it active in the week {@code k} weeks after. Users are bitmaps of their keys, so a
 * cell is one AND of two bitmaps, whatever the number of events.
 */
public final class WeeklyRetention {
  private WeeklyRetention() {}

  /** The Monday of the ISO week of a day. */
  public static LocalDate weekStart(LocalDate day) {
    return day.with(DayOfWeek.MONDAY);
  }

  /**
   * One series' rows: every cohort week that has users, with {@code weeks_since} from 0 to the
   * week of {@code lastDay} (the last day with any event, of any series), zero cells included.
   *
   * @param featureName the series' feature, null for the whole fleet
   * @param activeByDay the users active on each day with events, by date key
   * @throws IllegalArgumentException if a day of {@code activeByDay} is after {@code lastDay}:
   *     only a caller's bug gives one, and its cohort would lose its rows without a word
   */
  public static List<RetentionWeek> compute(
      @Nullable String featureName, Map<Integer, RoaringBitmap> activeByDay, LocalDate lastDay) {
    int lastDateSk = CalendarDays.dateSk(lastDay);
    for (int dateSk : activeByDay.keySet()) {
      if (dateSk > lastDateSk) {
        throw new IllegalArgumentException(
            "day " + dateSk + " has users but the last day is " + lastDateSk);
      }
    }
    SortedMap<LocalDate, RoaringBitmap> activeByWeek = new TreeMap<>();
    activeByDay.forEach((dateSk, users) ->
        activeByWeek.computeIfAbsent(weekStart(CalendarDays.date(dateSk)), w -> new RoaringBitmap())
            .or(users));
    LocalDate lastWeek = weekStart(lastDay);
    List<RetentionWeek> rows = new ArrayList<>();
    RoaringBitmap seen = new RoaringBitmap();
    for (Map.Entry<LocalDate, RoaringBitmap> week : activeByWeek.entrySet()) {
      RoaringBitmap cohort = RoaringBitmap.andNot(week.getValue(), seen);
      seen.or(week.getValue());
      long cohortUsers = cohort.getLongCardinality();
      if (cohortUsers == 0) {
        continue;
      }
      int cohortWeekSk = CalendarDays.dateSk(week.getKey());
      long weeks = ChronoUnit.WEEKS.between(week.getKey(), lastWeek);
      for (int since = 0; since <= weeks; since++) {
        RoaringBitmap active = activeByWeek.get(week.getKey().plusWeeks(since));
        long retained = active == null ? 0 : RoaringBitmap.andCardinality(cohort, active);
        rows.add(RetentionWeek.create(featureName, cohortWeekSk, since, cohortUsers, retained,
            Rates.percent(retained, cohortUsers)));
      }
    }
    return rows;
  }
}
