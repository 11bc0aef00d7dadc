package com.usageintel.transforms.aggregate;

import com.usageintel.schemas.DayTotals;
import com.usageintel.schemas.UsageEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.roaringbitmap.RoaringBitmap;

/**
 * The additive parts of a group of events and its distinct users, as a compressed bitmap of their
 * integer keys ({@code dim_key}). Durations and ratings are summed as exact decimals of their
 * double values, so the sum is the same in any order, on any runner and at any parallelism; only
 * the result is rounded to a double. Tallies of parts of a group merge into the tally of the
 * whole: sums add, user bitmaps merge by OR, so a user seen in two parts counts once. This is the
 * warehouse's mergeable state: stored per day, it gives WAU, MAU and per-version users without
 * reading events again.
 */
public final class EventTally {
  private long events;
  private long errorEvents;
  private long knownFlagEvents;
  private BigDecimal sessionMinutesSum = BigDecimal.ZERO;
  private long sessionCount;
  private BigDecimal ratingSum = BigDecimal.ZERO;
  private long ratingCount;
  private int firstDateSk = Integer.MAX_VALUE;
  private RoaringBitmap users = new RoaringBitmap();

  /** Counts one event of the user with key {@code userKey}, dated {@code dateSk}. */
  public EventTally add(UsageEvent event, int dateSk, int userKey) {
    events++;
    users.add(userKey);
    Integer flag = event.getErrorFlag();
    if (flag != null) {
      knownFlagEvents++;
      errorEvents += flag;
    }
    Double session = event.getSessionDurationMin();
    if (session != null) {
      sessionMinutesSum = sessionMinutesSum.add(new BigDecimal(session));
      sessionCount++;
    }
    Double rating = event.getFeedbackRating();
    if (rating != null) {
      ratingSum = ratingSum.add(new BigDecimal(rating));
      ratingCount++;
    }
    firstDateSk = Math.min(firstDateSk, dateSk);
    return this;
  }

  /** Adds another part of the same group; users seen in both parts count once. */
  public EventTally merge(EventTally other) {
    events += other.events;
    errorEvents += other.errorEvents;
    knownFlagEvents += other.knownFlagEvents;
    sessionMinutesSum = sessionMinutesSum.add(other.sessionMinutesSum);
    sessionCount += other.sessionCount;
    ratingSum = ratingSum.add(other.ratingSum);
    ratingCount += other.ratingCount;
    firstDateSk = Math.min(firstDateSk, other.firstDateSk);
    users.or(other.users);
    return this;
  }

  /** A tally as the warehouse stores it (state tables), the users as {@link #usersBytes()}. */
  public static EventTally restore(long events, long errorEvents, long knownFlagEvents,
      BigDecimal sessionMinutesSum, long sessionCount, BigDecimal ratingSum, long ratingCount,
      int firstDateSk, byte[] users) {
    EventTally tally = new EventTally();
    tally.events = events;
    tally.errorEvents = errorEvents;
    tally.knownFlagEvents = knownFlagEvents;
    tally.sessionMinutesSum = sessionMinutesSum;
    tally.sessionCount = sessionCount;
    tally.ratingSum = ratingSum;
    tally.ratingCount = ratingCount;
    tally.firstDateSk = firstDateSk;
    tally.users = bitmapOf(users);
    return tally;
  }

  public long events() {
    return events;
  }

  /** The users' keys; do not change it. */
  public RoaringBitmap users() {
    return users;
  }

  public long errorEvents() {
    return errorEvents;
  }

  public long knownFlagEvents() {
    return knownFlagEvents;
  }

  public BigDecimal sessionMinutesSum() {
    return sessionMinutesSum;
  }

  public long sessionCount() {
    return sessionCount;
  }

  public BigDecimal ratingSum() {
    return ratingSum;
  }

  public long ratingCount() {
    return ratingCount;
  }

  public int firstDateSk() {
    return firstDateSk;
  }

  /** The users in RoaringBitmap's portable format (the one other Roaring libraries read). */
  public byte[] usersBytes() {
    users.runOptimize();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(users.serializedSizeInBytes());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      users.serialize(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A bitmap written by {@link #usersBytes()}. */
  public static RoaringBitmap bitmapOf(byte[] serialized) {
    RoaringBitmap bitmap = new RoaringBitmap();
    try {
      bitmap.deserialize(new DataInputStream(new ByteArrayInputStream(serialized)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bitmap;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof EventTally)) {
      return false;
    }
    EventTally other = (EventTally) o;
    return events == other.events
        && errorEvents == other.errorEvents
        && knownFlagEvents == other.knownFlagEvents
        && sessionMinutesSum.compareTo(other.sessionMinutesSum) == 0
        && sessionCount == other.sessionCount
        && ratingSum.compareTo(other.ratingSum) == 0
        && ratingCount == other.ratingCount
        && firstDateSk == other.firstDateSk
        && users.equals(other.users);
  }

  @Override
  public int hashCode() {
    return Objects.hash(events, users.getCardinality(), firstDateSk);
  }

  /** Encodes tallies field by field, the users as a serialized bitmap. */
  public static Coder<EventTally> coder() {
    return TallyCoder.INSTANCE;
  }

  private static final class TallyCoder extends AtomicCoder<EventTally> {
    private static final TallyCoder INSTANCE = new TallyCoder();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final BigDecimalCoder DECIMAL = BigDecimalCoder.of();
    private static final VarIntCoder INT = VarIntCoder.of();
    private static final ByteArrayCoder BYTES = ByteArrayCoder.of();

    @Override
    public void encode(EventTally tally, OutputStream out) throws IOException {
      LONG.encode(tally.events, out);
      LONG.encode(tally.errorEvents, out);
      LONG.encode(tally.knownFlagEvents, out);
      DECIMAL.encode(tally.sessionMinutesSum, out);
      LONG.encode(tally.sessionCount, out);
      DECIMAL.encode(tally.ratingSum, out);
      LONG.encode(tally.ratingCount, out);
      INT.encode(tally.firstDateSk, out);
      BYTES.encode(tally.usersBytes(), out);
    }

    @Override
    public EventTally decode(InputStream in) throws IOException {
      return restore(LONG.decode(in), LONG.decode(in), LONG.decode(in), DECIMAL.decode(in),
          LONG.decode(in), DECIMAL.decode(in), LONG.decode(in), INT.decode(in), BYTES.decode(in));
    }
  }

  /** The tally as {@link DayTotals}; its DAU is the distinct count of the group's users. */
  public DayTotals toTotals() {
    return DayTotals.create(events, users.getCardinality(), errorEvents, knownFlagEvents,
        sessionMinutesSum.doubleValue(), sessionCount, ratingSum.doubleValue(), ratingCount);
  }
}
