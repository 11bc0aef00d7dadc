package com.usageintel.pipeline.generate;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * The four months the events fall in, as day indexes from 2025-07-01, and when in a day people use
 * the app: commute peaks on weekdays, a late and flat curve at weekends, quiet nights.
 */
final class UsageCalendar {
  static final LocalDate FIRST_DAY = LocalDate.of(2025, 7, 1);
  static final LocalDate LAST_DAY = LocalDate.of(2025, 10, 31);
  static final int DAYS = dayIndexOf(LAST_DAY) + 1;
  static final long MICROS_PER_HOUR = 3_600_000_000L;

  private static final double[] WEEKDAY_HOUR_WEIGHTS = {
    0.6, 0.35, 0.25, 0.2, 0.25, 0.7, 2.2, 4.6, 5.4, 3.6, 2.6, 2.6,
    3.0, 2.7, 2.5, 2.9, 4.2, 5.2, 4.6, 3.4, 2.7, 2.2, 1.6, 1.0
  };
  private static final double[] WEEKEND_HOUR_WEIGHTS = {
    1.0, 0.7, 0.5, 0.35, 0.3, 0.35, 0.6, 1.1, 1.9, 2.9, 3.7, 4.1,
    4.2, 4.0, 3.8, 3.7, 3.6, 3.5, 3.3, 3.0, 2.6, 2.2, 1.7, 1.3
  };
  private static final double SATURDAY_VOLUME = 0.8;
  private static final double SUNDAY_VOLUME = 0.7;

  private final WeightedChoice days;
  private final WeightedChoice weekdayHours = new WeightedChoice(WEEKDAY_HOUR_WEIGHTS);
  private final WeightedChoice weekendHours = new WeightedChoice(WEEKEND_HOUR_WEIGHTS);
  private final boolean[] weekend = new boolean[DAYS];
  private final int[] years = new int[DAYS];
  private final int[] months = new int[DAYS];
  private final int[] daysOfMonth = new int[DAYS];
  private final long[] epochDays = new long[DAYS];

  UsageCalendar() {
    double[] volumes = new double[DAYS];
    for (int day = 0; day < DAYS; day++) {
      LocalDate date = FIRST_DAY.plusDays(day);
      DayOfWeek dayOfWeek = date.getDayOfWeek();
      weekend[day] = dayOfWeek == DayOfWeek.SATURDAY || dayOfWeek == DayOfWeek.SUNDAY;
      volumes[day] = volumeOf(date);
      years[day] = date.getYear();
      months[day] = date.getMonthValue();
      daysOfMonth[day] = date.getDayOfMonth();
      epochDays[day] = date.toEpochDay();
    }
    days = new WeightedChoice(volumes);
  }

  static int dayIndexOf(LocalDate date) {
    return (int) ChronoUnit.DAYS.between(FIRST_DAY, date);
  }

  /** How busy a day is against a weekday's 1: weekends are quieter. */
  static double volumeOf(LocalDate date) {
    DayOfWeek dayOfWeek = date.getDayOfWeek();
    return dayOfWeek == DayOfWeek.SATURDAY ? SATURDAY_VOLUME : dayOfWeek == DayOfWeek.SUNDAY ? SUNDAY_VOLUME : 1.0;
  }

  /** A day from {@code firstDay} to {@code lastDay}, both included, weekends quieter than weekdays. */
  int pickDay(SplittableRandom random, int firstDay, int lastDay) {
    return days.pickBetween(random, firstDay, lastDay);
  }

  int pickHour(SplittableRandom random, int day) {
    return (weekend[day] ? weekendHours : weekdayHours).pick(random);
  }

  int year(int day) {
    return years[day];
  }

  int month(int day) {
    return months[day];
  }

  int dayOfMonth(int day) {
    return daysOfMonth[day];
  }

  long epochDay(int day) {
    return epochDays[day];
  }
}
