package com.usageintel.transforms.aggregate;

import com.usageintel.schemas.DaysActiveMonth;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * The days-active histogram of each month (contract 8.4): how many users were active on exactly
 * n distinct days of it, n from 1 to the month's length. Counted on bitmaps alone, whatever the
 * range of the user keys: {@code atLeast[n]} holds the users active on n days or more of the days
 * added so far, and a day's users move each of them up by one.
 */
public final class MonthlyDaysActive {
  private MonthlyDaysActive() {}

  /** @param activeByDay the users active on each day with events, by date key */
  public static List<DaysActiveMonth> compute(Map<Integer, RoaringBitmap> activeByDay) {
    SortedMap<LocalDate, List<RoaringBitmap>> months = new TreeMap<>();
    activeByDay.forEach((dateSk, users) ->
        months.computeIfAbsent(CalendarDays.date(dateSk).withDayOfMonth(1), m -> new ArrayList<>())
            .add(users));
    List<DaysActiveMonth> rows = new ArrayList<>();
    months.forEach((month, days) -> {
      int length = month.lengthOfMonth();
      RoaringBitmap[] atLeast = new RoaringBitmap[length + 2];
      for (int n = 0; n < atLeast.length; n++) {
        atLeast[n] = new RoaringBitmap();
      }
      int added = 0;
      for (RoaringBitmap users : days) {
        added++;
        for (int n = added; n >= 2; n--) {
          atLeast[n].or(RoaringBitmap.and(atLeast[n - 1], users));
        }
        atLeast[1].or(users);
      }
      int monthSk = CalendarDays.dateSk(month);
      for (int n = 1; n <= length; n++) {
        rows.add(DaysActiveMonth.create(monthSk, n,
            atLeast[n].getLongCardinality() - atLeast[n + 1].getLongCardinality()));
      }
    });
    return rows;
  }
}
