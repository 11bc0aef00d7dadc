package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;

/** A row of {@code agg_days_active_monthly} (contract 8.4): users active on exactly n days. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class DaysActiveMonth {
  /** The first day of the month, as a date key. */
  public abstract int getMonthStartSk();

  public abstract int getDaysActive();

  public abstract long getUsers();

  @SchemaCreate
  public static DaysActiveMonth create(int monthStartSk, int daysActive, long users) {
    return new AutoValue_DaysActiveMonth(monthStartSk, daysActive, users);
  }
}
