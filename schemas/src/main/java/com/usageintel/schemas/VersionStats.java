package com.usageintel.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** The counts of one numbered app version on one OS, over all loaded events. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class VersionStats {
  public abstract String getOsType();

  /** Canonical, e.g. v5.10. */
  public abstract String getAppVersion();

  public abstract int getMajor();

  public abstract int getMinor();

  public abstract int getFirstSeenDateSk();

  public abstract long getEvents();

  public abstract long getUsers();

  public abstract long getErrorEvents();

  public abstract long getKnownFlagEvents();

  @SchemaCreate
  public static VersionStats create(String osType, String appVersion, int major, int minor,
      int firstSeenDateSk, long events, long users, long errorEvents, long knownFlagEvents) {
    return new AutoValue_VersionStats(osType, appVersion, major, minor, firstSeenDateSk, events,
        users, errorEvents, knownFlagEvents);
  }
}
