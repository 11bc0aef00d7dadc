package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** A row of {@code dim_date} (contract section 7): one calendar day, English names. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class DimDate {
  /** yyyymmdd, e.g. 20250917: the key of the day everywhere. */
  public abstract int getDateSk();

  /** ISO-8601, e.g. 2025-09-17. */
  public abstract String getCalendarDate();

  public abstract int getYear();

  public abstract int getQuarter();

  public abstract int getMonth();

  public abstract String getMonthName();

  public abstract int getIsoYear();

  public abstract int getIsoWeek();

  /** Monday = 1 ... Sunday = 7. */
  public abstract int getDayOfWeek();

  public abstract String getDayName();

  public abstract boolean getIsWeekend();

  @SchemaCreate
  public static DimDate create(
      int dateSk, String calendarDate, int year, int quarter, int month, String monthName,
      int isoYear, int isoWeek, int dayOfWeek, String dayName, boolean isWeekend) {
    return new AutoValue_DimDate(dateSk, calendarDate, year, quarter, month, monthName, isoYear,
        isoWeek, dayOfWeek, dayName, isWeekend);
  }
}
