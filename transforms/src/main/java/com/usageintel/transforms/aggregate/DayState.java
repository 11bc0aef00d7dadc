package com.usageintel.transforms.aggregate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.roaringbitmap.RoaringBitmap;

/** One day's tally of all its events (state_day): the KPI table is computed from these alone. */
public final class DayState {
  private final int dateSk;
  private final EventTally tally;

  public DayState(int dateSk, EventTally tally) {
    this.dateSk = dateSk;
    this.tally = tally;
  }

  public int dateSk() {
    return dateSk;
  }

  public EventTally tally() {
    return tally;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DayState
        && ((DayState) o).dateSk == dateSk
        && ((DayState) o).tally.equals(tally);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dateSk, tally);
  }

  /**
   * Each day's users by date key, in date order; throws on a second state of one day, which only a
   * caller's bug could give.
   */
  public static SortedMap<Integer, RoaringBitmap> usersByDay(Iterable<DayState> days) {
    SortedMap<Integer, RoaringBitmap> users = new TreeMap<>();
    for (DayState day : days) {
      if (users.put(day.dateSk, day.tally.users()) != null) {
        throw new IllegalStateException("day " + day.dateSk + " has two states");
      }
    }
    return users;
  }

  public static Coder<DayState> coder() {
    return StateCoder.INSTANCE;
  }

  private static final class StateCoder extends AtomicCoder<DayState> {
    private static final StateCoder INSTANCE = new StateCoder();

    @Override
    public void encode(DayState state, OutputStream out) throws IOException {
      VarIntCoder.of().encode(state.dateSk, out);
      EventTally.coder().encode(state.tally, out);
    }

    @Override
    public DayState decode(InputStream in) throws IOException {
      return new DayState(VarIntCoder.of().decode(in), EventTally.coder().decode(in));
    }
  }
}
