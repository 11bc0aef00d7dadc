package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;

/**
 * One known attribute of a user (a dim_user column) as of their latest event that knows it: the
 * value, that event's instant and feature (the tie rule of contract section 4 needs both). The
 * warehouse keeps one per user and attribute (state_user_attribute) and merges new ones in.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class UserAttribute {
  public abstract String getUserId();

  /** The dim_user column: region, subscription_status, vehicle_model or os_type. */
  public abstract String getAttribute();

  public abstract String getValue();

  public abstract long getAtMicros();

  public abstract String getFeatureName();

  @SchemaCreate
  public static UserAttribute create(
      String userId, String attribute, String value, long atMicros, String featureName) {
    return new AutoValue_UserAttribute(userId, attribute, value, atMicros, featureName);
  }
}
