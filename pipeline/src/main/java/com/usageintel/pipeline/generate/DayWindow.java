package com.usageintel.pipeline.generate;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The days, both included, that every generated event falls in: part of the generator's calendar,
 * 2025-07-01 to 2025-10-31 (UTC). The users are the same whatever the window; a user who joins
 * after its last day has no events in it.
 */
public record DayWindow(LocalDate from, LocalDate to) {
  public static final LocalDate CALENDAR_START = UsageCalendar.FIRST_DAY;
  public static final LocalDate CALENDAR_END = UsageCalendar.LAST_DAY;
  /** No window: the generator's whole calendar, what a file without a window holds. */
  public static final DayWindow WHOLE_CALENDAR = new DayWindow(CALENDAR_START, CALENDAR_END);

  public DayWindow {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.isBefore(CALENDAR_START) || to.isAfter(CALENDAR_END)) {
      throw new IllegalArgumentException("the days " + from + " to " + to + " are not all within the generator's"
          + " calendar, " + CALENDAR_START + " to " + CALENDAR_END);
    }
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("the window's first day " + from + " is after its last day " + to);
    }
  }

  /** Days in the window. */
  public int days() {
    return lastDay() - firstDay() + 1;
  }

  /**
   * The window's expected share of events before user growth, as the sum of its days' volumes: a
   * weekday counts 1, a Saturday 0.8, a Sunday 0.7.
   */
  public double volume() {
    double volume = 0;
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      volume += UsageCalendar.volumeOf(day);
    }
    return volume;
  }

  @Override
  public String toString() {
    return from + " to " + to;
  }

  int firstDay() {
    return UsageCalendar.dayIndexOf(from);
  }

  int lastDay() {
    return UsageCalendar.dayIndexOf(to);
  }
}
