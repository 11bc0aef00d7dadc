package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import java.time.Instant;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * What makes two rows one event (contract section 3): the cleaned user id, the instant truncated
 * to microseconds (kept as epoch microseconds so that equality and encoding are exact), and the
 * cleaned feature name.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class EventIdentity {
  public abstract String getUserId();

  public abstract long getFeatureUsedAtMicros();

  public abstract String getFeatureName();

  public static EventIdentity of(String userId, Instant featureUsedAt, String featureName) {
    return new AutoValue_EventIdentity(userId, epochMicros(featureUsedAt), featureName);
  }

  /** The instant at a number of microseconds since the epoch. */
  public static Instant instantOfMicros(long epochMicros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
  }

  /** The instant in whole microseconds since the epoch, truncated (never rounded). */
  public static long epochMicros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
  }

  @SchemaCreate
  public static EventIdentity create(String userId, long featureUsedAtMicros, String featureName) {
    return new AutoValue_EventIdentity(userId, featureUsedAtMicros, featureName);
  }
}
