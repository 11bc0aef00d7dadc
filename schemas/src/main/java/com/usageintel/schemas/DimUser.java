package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * A row of {@code dim_user}: the user's current attributes (per attribute, the value of their
 * latest event where it is known) and when they were first and last seen.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class DimUser {
  public abstract String getUserId();

  public abstract String getRegion();

  public abstract String getSubscriptionStatus();

  public abstract String getVehicleModel();

  public abstract String getOsType();

  public abstract long getFirstSeenAtMicros();

  public abstract long getLastSeenAtMicros();

  @SchemaCreate
  public static DimUser create(String userId, String region, String subscriptionStatus,
      String vehicleModel, String osType, long firstSeenAtMicros, long lastSeenAtMicros) {
    return new AutoValue_DimUser(userId, region, subscriptionStatus, vehicleModel, osType,
        firstSeenAtMicros, lastSeenAtMicros);
  }
}
