package com.usageintel.pipeline.generate;

/** One usage event as it really happened, before the raw file mangles it; reused from row to row. */
final class SampledEvent {
  int user;
  int day;
  long microOfDay;
  Region region;
  VehicleModel car;
  Feature feature;
  OsType platform;
  SubscriptionStatus status;
  AppVersion version;
  int sessionTenthsOfMinute;
  boolean error;
  int rating;
  /** How the row's timestamp was written, so that a near-duplicate can name the same instant. */
  TimestampForm timestampForm;

  void copyFrom(SampledEvent other) {
    user = other.user;
    day = other.day;
    microOfDay = other.microOfDay;
    region = other.region;
    car = other.car;
    feature = other.feature;
    platform = other.platform;
    status = other.status;
    version = other.version;
    sessionTenthsOfMinute = other.sessionTenthsOfMinute;
    error = other.error;
    rating = other.rating;
    timestampForm = other.timestampForm;
  }
}
