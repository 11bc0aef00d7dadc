package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** A row of {@code agg_usage_daily}: one day, event-time region, feature, version and OS. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class UsageDaily {
  public abstract int getDateSk();

  public abstract String getRegion();

  public abstract String getFeatureName();

  public abstract String getAppVersion();

  public abstract String getOsType();

  public abstract DayTotals getTotals();

  @SchemaCreate
  public static UsageDaily create(int dateSk, String region, String featureName,
      String appVersion, String osType, DayTotals totals) {
    return new AutoValue_UsageDaily(dateSk, region, featureName, appVersion, osType, totals);
  }
}
