package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A row of {@code agg_retention_weekly} (no feature) or {@code agg_feature_retention_weekly}
 * (contract 8.1 and 8.2): of the users whose first week is the cohort week, how many are active
 * {@code weeksSince} weeks later.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class RetentionWeek {
  /** The feature of the cohort; null in the whole fleet's table. */
  public abstract @Nullable String getFeatureName();

  /** The Monday of the cohort week, as a date key (it may precede the first day of dim_date). */
  public abstract int getCohortWeekStartSk();

  public abstract int getWeeksSince();

  public abstract long getCohortUsers();

  public abstract long getRetainedUsers();

  public abstract BigDecimal getRetentionPct();

  @SchemaCreate
  public static RetentionWeek create(@Nullable String featureName, int cohortWeekStartSk,
      int weeksSince, long cohortUsers, long retainedUsers, BigDecimal retentionPct) {
    return new AutoValue_RetentionWeek(featureName, cohortWeekStartSk, weeksSince, cohortUsers,
        retainedUsers, retentionPct);
  }
}
