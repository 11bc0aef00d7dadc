package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A row of {@code agg_app_version_stability} (contract section 7): a version's error rate beside
 * its predecessor's on the same OS, and whether it is a regression (two-proportion z-test).
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class VersionStability {
  public abstract VersionStats getStats();

  public abstract @Nullable BigDecimal getErrorRatePct();

  public abstract @Nullable String getPrevAppVersion();

  public abstract @Nullable BigDecimal getPrevErrorRatePct();

  public abstract @Nullable BigDecimal getDiffPp();

  public abstract @Nullable Double getZScore();

  public abstract boolean getIsRegression();

  @SchemaCreate
  public static VersionStability create(VersionStats stats, @Nullable BigDecimal errorRatePct,
      @Nullable String prevAppVersion, @Nullable BigDecimal prevErrorRatePct,
      @Nullable BigDecimal diffPp, @Nullable Double zScore, boolean isRegression) {
    return new AutoValue_VersionStability(stats, errorRatePct, prevAppVersion, prevErrorRatePct,
        diffPp, zScore, isRegression);
  }
}
