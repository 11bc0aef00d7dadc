package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A row of {@code agg_anomaly_daily} (contract 8.5): one day's value of one metric of one series
 * against the robust baseline of the 28 days before it.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class AnomalyDay {
  /** The label of the whole fleet's series, which is no member of dim_feature. */
  public static final String FLEET = "All features";

  public abstract int getDateSk();

  /** {@code events}, {@code dau} or {@code error_rate_pct}. */
  public abstract String getMetric();

  public abstract boolean getIsFleet();

  /** The feature, or {@link #FLEET} for the fleet's series. */
  public abstract String getFeatureName();

  /** Null only for an error rate on a day without a known error flag. */
  public abstract @Nullable BigDecimal getMetricValue();

  public abstract int getBaselineDays();

  public abstract @Nullable BigDecimal getBaselineMedian();

  public abstract @Nullable BigDecimal getBaselineMad();

  public abstract @Nullable BigDecimal getRobustZ();

  public abstract boolean getIsAnomaly();

  @SchemaCreate
  public static AnomalyDay create(int dateSk, String metric, boolean isFleet, String featureName,
      @Nullable BigDecimal metricValue, int baselineDays, @Nullable BigDecimal baselineMedian,
      @Nullable BigDecimal baselineMad, @Nullable BigDecimal robustZ, boolean isAnomaly) {
    return new AutoValue_AnomalyDay(dateSk, metric, isFleet, featureName, metricValue,
        baselineDays, baselineMedian, baselineMad, robustZ, isAnomaly);
  }
}
