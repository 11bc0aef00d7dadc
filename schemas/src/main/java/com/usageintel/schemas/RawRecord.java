package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * One well-formed CSV record of a raw usage file: where it came from, its text as in the file
 * (without the line end), and its eleven required fields as written, before any cleaning.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class RawRecord {
  public abstract String getSourceFile();

  /** Physical line where the record starts, 1-based, the header being line 1. */
  public abstract long getLineNumber();

  public abstract String getRawText();

  public abstract String getUserId();

  public abstract String getRegion();

  public abstract String getVehicleModel();

  public abstract String getFeatureName();

  public abstract String getSessionDurationMin();

  public abstract String getErrorFlag();

  public abstract String getFeedbackRating();

  public abstract String getAppVersion();

  public abstract String getOsType();

  public abstract String getSubscriptionStatus();

  public abstract String getFeatureUsedAt();

  public static Builder builder() {
    return new AutoValue_RawRecord.Builder();
  }

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setSourceFile(String value);

    public abstract Builder setLineNumber(long value);

    public abstract Builder setRawText(String value);

    public abstract Builder setUserId(String value);

    public abstract Builder setRegion(String value);

    public abstract Builder setVehicleModel(String value);

    public abstract Builder setFeatureName(String value);

    public abstract Builder setSessionDurationMin(String value);

    public abstract Builder setErrorFlag(String value);

    public abstract Builder setFeedbackRating(String value);

    public abstract Builder setAppVersion(String value);

    public abstract Builder setOsType(String value);

    public abstract Builder setSubscriptionStatus(String value);

    public abstract Builder setFeatureUsedAt(String value);

    public abstract RawRecord build();
  }
}
