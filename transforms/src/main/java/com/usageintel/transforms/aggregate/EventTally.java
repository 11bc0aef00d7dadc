package com.usageintel.transforms.aggregate;

import com.usageintel.schemas.DayTotals;
import com.usageintel.schemas.UsageEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * The additive parts of a group of events and its distinct users. Durations and ratings are
 * summed as exact decimals of their double values, so the sum is the same in any order, on any
 * runner and at any parallelism; only the result is rounded to a double. Tallies of parts of a
 * group merge into the tally of the whole.
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
  private final Set<String> users = new HashSet<>();

  public EventTally add(UsageEvent event, int dateSk) {
    events++;
    users.add(event.getUserId());
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
    users.addAll(other.users);
    return this;
  }

  public long events() {
    return events;
  }

  public Set<String> users() {
    return users;
  }

  public long errorEvents() {
    return errorEvents;
  }

  public long knownFlagEvents() {
    return knownFlagEvents;
  }

  public int firstDateSk() {
    return firstDateSk;
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
    return Objects.hash(events, users.size(), firstDateSk);
  }

  /**
   * Encodes tallies field by field: they cross every shuffle of the aggregates, and Java
   * serialization of their user sets was most of the time those steps took on Flink.
   */
  public static Coder<EventTally> coder() {
    return TallyCoder.INSTANCE;
  }

  private static final class TallyCoder extends AtomicCoder<EventTally> {
    private static final TallyCoder INSTANCE = new TallyCoder();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final BigDecimalCoder DECIMAL = BigDecimalCoder.of();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final VarIntCoder INT = VarIntCoder.of();

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
      INT.encode(tally.users.size(), out);
      for (String user : tally.users) {
        STRING.encode(user, out);
      }
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      throw new NonDeterministicException(this, "a tally's users are written in hash set order");
    }

    @Override
    public EventTally decode(InputStream in) throws IOException {
      EventTally tally = new EventTally();
      tally.events = LONG.decode(in);
      tally.errorEvents = LONG.decode(in);
      tally.knownFlagEvents = LONG.decode(in);
      tally.sessionMinutesSum = DECIMAL.decode(in);
      tally.sessionCount = LONG.decode(in);
      tally.ratingSum = DECIMAL.decode(in);
      tally.ratingCount = LONG.decode(in);
      tally.firstDateSk = INT.decode(in);
      int users = INT.decode(in);
      for (int i = 0; i < users; i++) {
        tally.users.add(STRING.decode(in));
      }
      return tally;
    }
  }

  /** The tally as {@link DayTotals}; its DAU is the distinct count of the group's users. */
  public DayTotals toTotals() {
    return DayTotals.create(events, users.size(), errorEvents, knownFlagEvents,
        sessionMinutesSum.doubleValue(), sessionCount, ratingSum.doubleValue(), ratingCount);
  }
}
