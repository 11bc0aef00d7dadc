package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import java.time.Instant;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A cleaned usage event (contract section 2): categories mapped to their canonical member (or
 * kept as an unmapped member, or {@link #UNKNOWN}), numbers parsed or NULL, the time as an
 * instant truncated to microseconds. It keeps the provenance of the raw record it came from,
 * which the survivor rule among duplicates needs.
 */
@DefaultCoder(UsageEventCoder.class)
@AutoValue
public abstract class UsageEvent {
  /** The member a null-like categorical value becomes. */
  public static final String UNKNOWN = "Unknown";

  public abstract String getUserId();

  public abstract String getRegion();

  public abstract String getVehicleModel();

  public abstract String getFeatureName();

  public abstract @Nullable Double getSessionDurationMin();

  public abstract @Nullable Integer getErrorFlag();

  public abstract @Nullable Double getFeedbackRating();

  public abstract String getAppVersion();

  public abstract String getOsType();

  public abstract String getSubscriptionStatus();

  /**
   * The instant as epoch microseconds: the contract's precision, exact in every coder (Beam's
   * schema inference has no java.time.Instant for AutoValue getters).
   */
  public abstract long getFeatureUsedAtMicros();

  public Instant getFeatureUsedAt() {
    return EventIdentity.instantOfMicros(getFeatureUsedAtMicros());
  }

  public abstract String getSourceFile();

  public abstract long getLineNumber();

  public abstract String getRawText();

  /** The event's identity (contract section 3). */
  public EventIdentity identity() {
    return EventIdentity.create(getUserId(), getFeatureUsedAtMicros(), getFeatureName());
  }

  /**
   * The survivor score of contract section 7: how many of the eight scored fields hold a usable
   * value (unmapped and capped values count as usable).
   */
  public int usableFieldCount() {
    int usable = 0;
    usable += known(getRegion());
    usable += known(getVehicleModel());
    usable += known(getOsType());
    usable += known(getSubscriptionStatus());
    usable += known(getAppVersion());
    usable += getSessionDurationMin() == null ? 0 : 1;
    usable += getErrorFlag() == null ? 0 : 1;
    usable += getFeedbackRating() == null ? 0 : 1;
    return usable;
  }

  private static int known(String member) {
    return UNKNOWN.equals(member) ? 0 : 1;
  }

  public static Builder builder() {
    return new AutoValue_UsageEvent.Builder();
  }

  public abstract Builder toBuilder();

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setUserId(String value);

    public abstract Builder setRegion(String value);

    public abstract Builder setVehicleModel(String value);

    public abstract Builder setFeatureName(String value);

    public abstract Builder setSessionDurationMin(@Nullable Double value);

    public abstract Builder setErrorFlag(@Nullable Integer value);

    public abstract Builder setFeedbackRating(@Nullable Double value);

    public abstract Builder setAppVersion(String value);

    public abstract Builder setOsType(String value);

    public abstract Builder setSubscriptionStatus(String value);

    public abstract Builder setFeatureUsedAtMicros(long value);

    /** Sets the instant, truncated to microseconds. */
    public Builder setFeatureUsedAt(Instant value) {
      return setFeatureUsedAtMicros(EventIdentity.epochMicros(value));
    }

    public abstract Builder setSourceFile(String value);

    public abstract Builder setLineNumber(long value);

    public abstract Builder setRawText(String value);

    public abstract UsageEvent build();
  }
}
