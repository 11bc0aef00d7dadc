package com.usageintel.transforms.aggregate;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.roaringbitmap.RoaringBitmap;

/** One day's tally of all its events (state_day): the KPI table is computed from these alone. */
public final class DayState extends KeyedDayState {
  private static final Coder<DayState> CODER =
      coder(DayState.class, 0, (key, dateSk, tally) -> new DayState(dateSk, tally));

  public DayState(int dateSk, EventTally tally) {
    super(List.of(), dateSk, tally);
  }

  /**
   * Each day's users by date key, in date order; throws on a second state of one day, which only a
   * caller's bug could give.
   */
  public static SortedMap<Integer, RoaringBitmap> usersByDay(Iterable<DayState> days) {
    SortedMap<Integer, RoaringBitmap> users = new TreeMap<>();
    for (DayState day : days) {
      if (users.put(day.dateSk(), day.tally().users()) != null) {
        throw new IllegalStateException("day " + day.dateSk() + " has two states");
      }
    }
    return users;
  }

  public static Coder<DayState> coder() {
    return CODER;
  }
}
