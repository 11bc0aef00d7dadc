package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;

/**
 * A dimension member present among one day's events: the warehouse's state for which members the
 * dimensions hold and on which day each version was first seen.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class MemberDay {
  /** The app-version dimension, beside the simple ones of {@link DimMember}. */
  public static final String APP_VERSION = "app_version";

  public abstract String getDimension();

  public abstract String getMember();

  public abstract int getDateSk();

  @SchemaCreate
  public static MemberDay create(String dimension, String member, int dateSk) {
    return new AutoValue_MemberDay(dimension, member, dateSk);
  }
}
