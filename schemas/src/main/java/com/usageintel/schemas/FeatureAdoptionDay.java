package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;

/** A row of {@code agg_feature_adoption_daily} (contract 8.3): a feature's adopters up to a day. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class FeatureAdoptionDay {
  public abstract int getDateSk();

  public abstract String getFeatureName();

  public abstract long getNewAdopters();

  public abstract long getAdopters();

  public abstract long getUsersToDate();

  public abstract BigDecimal getAdoptionPct();

  @SchemaCreate
  public static FeatureAdoptionDay create(int dateSk, String featureName, long newAdopters,
      long adopters, long usersToDate, BigDecimal adoptionPct) {
    return new AutoValue_FeatureAdoptionDay(dateSk, featureName, newAdopters, adopters,
        usersToDate, adoptionPct);
  }
}
