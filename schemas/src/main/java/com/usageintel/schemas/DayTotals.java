package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * The additive parts of a group of events (contract section 5), from which every rate and mean
 * is derived exactly. {@code dau} is not additive: it is the distinct count of the group itself.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class DayTotals implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract long getEvents();

  public abstract long getDau();

  public abstract long getErrorEvents();

  /** Events whose error_flag is known (0 or 1): the denominator of the error rate. */
  public abstract long getKnownFlagEvents();

  public abstract double getSessionMinutesSum();

  public abstract long getSessionCount();

  public abstract double getRatingSum();

  public abstract long getRatingCount();

  @SchemaCreate
  public static DayTotals create(long events, long dau, long errorEvents, long knownFlagEvents,
      double sessionMinutesSum, long sessionCount, double ratingSum, long ratingCount) {
    return new AutoValue_DayTotals(events, dau, errorEvents, knownFlagEvents, sessionMinutesSum,
        sessionCount, ratingSum, ratingCount);
  }
}
