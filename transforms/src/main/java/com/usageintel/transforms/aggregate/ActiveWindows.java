package com.usageintel.transforms.aggregate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/**
 * The days on which one user counts towards WAU (a 7-day window) or MAU (30 days): day t counts
 * the user when they were active on one of the {@code windowDays} days ending at t.
 */
public final class ActiveWindows {
  private ActiveWindows() {}

  /**
   * The days t in [first, last] (date keys, ascending) for which an active day a has
   * t - windowDays + 1 ≤ a ≤ t. Each active day covers itself and the windowDays - 1 days after
   * it; the covers are merged as they are walked in order, so the cost is the number of active
   * days plus the number of days returned, not the range times the window.
   */
  public static List<Integer> coveredDays(
      SortedSet<Integer> activeDateSks, int windowDays, int firstDateSk, int lastDateSk) {
    if (windowDays < 1) {
      throw new IllegalArgumentException("a window spans at least one day, not " + windowDays);
    }
    LocalDate first = CalendarDays.date(firstDateSk);
    LocalDate last = CalendarDays.checkedLast(firstDateSk, lastDateSk);
    // yyyymmdd keys sort like the days, so the active days that can reach the range form a slice.
    int earliestCovering = CalendarDays.dateSk(first.minusDays(windowDays - 1L));
    SortedSet<Integer> covering = activeDateSks.subSet(earliestCovering, lastDateSk + 1);

    List<Integer> covered = new ArrayList<>();
    LocalDate nextUncovered = first;
    for (int activeDateSk : covering) {
      LocalDate active = CalendarDays.date(activeDateSk);
      LocalDate from = active.isAfter(nextUncovered) ? active : nextUncovered;
      LocalDate through = active.plusDays(windowDays - 1L);
      if (through.isAfter(last)) {
        through = last;
      }
      for (LocalDate day = from; !day.isAfter(through); day = day.plusDays(1)) {
        covered.add(CalendarDays.dateSk(day));
      }
      // Never backwards: the active days ascend, and each one here covers at least the first day.
      nextUncovered = through.plusDays(1);
    }
    return covered;
  }
}
