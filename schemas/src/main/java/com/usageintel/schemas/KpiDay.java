package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A row of {@code agg_kpi_daily} (contract sections 4 and 7): one day, zero-activity days too. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class KpiDay {
  public abstract int getDateSk();

  public abstract long getEvents();

  public abstract long getDau();

  public abstract long getErrorEvents();

  public abstract @Nullable BigDecimal getErrorRatePct();

  public abstract @Nullable Double getAvgSession();

  /** Mean of the daily DAUs of the 7-day window ending this day, over the days in range. */
  public abstract double getDau7dAvg();

  public abstract long getWau();

  public abstract long getMau();

  /** dau / mau; null when mau is 0. */
  public abstract @Nullable Double getStickiness();

  @SchemaCreate
  public static KpiDay create(int dateSk, long events, long dau, long errorEvents,
      @Nullable BigDecimal errorRatePct, @Nullable Double avgSession, double dau7dAvg, long wau,
      long mau, @Nullable Double stickiness) {
    return new AutoValue_KpiDay(dateSk, events, dau, errorEvents, errorRatePct, avgSession,
        dau7dAvg, wau, mau, stickiness);
  }
}
