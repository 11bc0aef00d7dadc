package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A row of {@code dim_app_version}; {@code Unknown} has no major or minor. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class DimAppVersion {
  public abstract String getAppVersion();

  public abstract @Nullable Integer getMajor();

  public abstract @Nullable Integer getMinor();

  /** Numeric order, so v1.10 sorts after v1.9; Unknown sorts first. */
  public abstract long getSortOrder();

  public abstract int getFirstSeenDateSk();

  @SchemaCreate
  public static DimAppVersion create(String appVersion, @Nullable Integer major,
      @Nullable Integer minor, long sortOrder, int firstSeenDateSk) {
    return new AutoValue_DimAppVersion(appVersion, major, minor, sortOrder, firstSeenDateSk);
  }
}
