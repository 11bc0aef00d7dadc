package com.usageintel.transforms.aggregate;

import com.usageintel.schemas.FeatureAdoptionDay;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * Feature adoption by day (contract 8.3): per feature and day of the date range, the users whose
 * first event of the feature is that day, those whose first is on or before it, and the users
 * whose first event of any feature is on or before it. One pass over the days in order, keeping
 * the users seen so far as bitmaps.
 */
public final class FeatureAdoption {
  private FeatureAdoption() {}

  /**
   * Every day from {@code firstDateSk} to {@code lastDateSk} times every feature given.
   *
   * @param usersByFeature per feature, the users active on each of its days, by date key
   */
  public static List<FeatureAdoptionDay> compute(
      Map<String, ? extends Map<Integer, RoaringBitmap>> usersByFeature,
      int firstDateSk, int lastDateSk) {
    SortedMap<String, RoaringBitmap> adopters = new TreeMap<>();
    usersByFeature.keySet().forEach(feature -> adopters.put(feature, new RoaringBitmap()));
    RoaringBitmap usersToDate = new RoaringBitmap();
    List<FeatureAdoptionDay> rows = new ArrayList<>();
    LocalDate last = CalendarDays.checkedLast(firstDateSk, lastDateSk);
    for (LocalDate day = CalendarDays.date(firstDateSk); !day.isAfter(last); day = day.plusDays(1)) {
      int dateSk = CalendarDays.dateSk(day);
      for (Map<Integer, RoaringBitmap> featureDays : usersByFeature.values()) {
        RoaringBitmap users = featureDays.get(dateSk);
        if (users != null) {
          usersToDate.or(users);
        }
      }
      for (Map.Entry<String, RoaringBitmap> feature : adopters.entrySet()) {
        RoaringBitmap users = usersByFeature.get(feature.getKey()).get(dateSk);
        long before = feature.getValue().getLongCardinality();
        if (users != null) {
          feature.getValue().or(users);
        }
        long adopted = feature.getValue().getLongCardinality();
        long toDate = usersToDate.getLongCardinality();
        if (toDate == 0) {
          // The range starts on a day with events: only a caller's bug gets here.
          throw new IllegalStateException("no user has an event by " + dateSk);
        }
        rows.add(FeatureAdoptionDay.create(dateSk, feature.getKey(), adopted - before, adopted,
            toDate, Rates.percent(adopted, toDate)));
      }
    }
    return rows;
  }
}
