package com.usageintel.transforms.aggregate;

import com.usageintel.schemas.DimDate;
import com.usageintel.schemas.UsageEvent;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Calendar days as {@code dim_date} keys them (yyyymmdd) and describes them (contract 7). */
public final class CalendarDays {
  private CalendarDays() {}

  /** The key of a day: 2025-09-17 is 20250917. */
  public static int dateSk(LocalDate date) {
    return date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
  }

  /** The reporting day of an event, as a key. */
  public static int dateSk(UsageEvent event, ZoneId reportingZone) {
    return dateSk(LocalDate.ofInstant(event.getFeatureUsedAt(), reportingZone));
  }

  /** The day a key names; throws DateTimeException for a key that names no day. */
  public static LocalDate date(int dateSk) {
    return LocalDate.of(dateSk / 10_000, dateSk / 100 % 100, dateSk % 100);
  }

  /** The {@code dim_date} row of a day, with English names and the ISO week-based year. */
  public static DimDate dimDate(LocalDate date) {
    DayOfWeek dayOfWeek = date.getDayOfWeek();
    return DimDate.create(
        dateSk(date),
        date.toString(),
        date.getYear(),
        date.get(IsoFields.QUARTER_OF_YEAR),
        date.getMonthValue(),
        date.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH),
        date.get(IsoFields.WEEK_BASED_YEAR),
        date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR),
        dayOfWeek.getValue(),
        dayOfWeek.getDisplayName(TextStyle.FULL, Locale.ENGLISH),
        dayOfWeek == DayOfWeek.SATURDAY || dayOfWeek == DayOfWeek.SUNDAY);
  }

  /** One row per day from the first to the last, both included, ascending and gap-free. */
  public static List<DimDate> range(int firstDateSk, int lastDateSk) {
    LocalDate last = checkedLast(firstDateSk, lastDateSk);
    List<DimDate> days = new ArrayList<>();
    for (LocalDate day = date(firstDateSk); !day.isAfter(last); day = day.plusDays(1)) {
      days.add(dimDate(day));
    }
    return days;
  }

  /**
   * The last day of a range, after checking it does not end before it starts: a reversed range
   * can only come from a caller's bug, which an empty result would hide.
   */
  public static LocalDate checkedLast(int firstDateSk, int lastDateSk) {
    LocalDate last = date(lastDateSk);
    if (last.isBefore(date(firstDateSk))) {
      throw new IllegalArgumentException(
          "a range of days cannot end (" + lastDateSk + ") before it starts (" + firstDateSk + ")");
    }
    return last;
  }
}
