package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** A member of a simple dimension (region, platform, vehicle, feature), keyed at publish. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class DimMember {
  public static final String REGION = "region";
  public static final String PLATFORM = "platform";
  public static final String VEHICLE = "vehicle";
  public static final String FEATURE = "feature";

  public abstract String getDimension();

  public abstract String getMember();

  @SchemaCreate
  public static DimMember create(String dimension, String member) {
    return new AutoValue_DimMember(dimension, member);
  }
}
