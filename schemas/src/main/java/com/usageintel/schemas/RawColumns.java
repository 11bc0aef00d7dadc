package com.usageintel.schemas;

import java.util.List;

/** The raw CSV columns the contract requires (section 1), as they are named after trimming and lower-casing. */
public final class RawColumns {
  public static final String USER_ID = "user_id";
  public static final String REGION = "region";
  public static final String VEHICLE_MODEL = "vehicle_model";
  public static final String FEATURE_NAME = "feature_name";
  public static final String SESSION_DURATION_MIN = "session_duration_min";
  public static final String ERROR_FLAG = "error_flag";
  public static final String FEEDBACK_RATING = "feedback_rating";
  public static final String APP_VERSION = "app_version";
  public static final String OS_TYPE = "os_type";
  public static final String SUBSCRIPTION_STATUS = "subscription_status";
  public static final String FEATURE_USED_AT = "feature_used_at";

  /** In the order of the original file; the order of a file's header is free. */
  public static final List<String> REQUIRED =
      List.of(
          USER_ID,
          REGION,
          VEHICLE_MODEL,
          FEATURE_NAME,
          SESSION_DURATION_MIN,
          ERROR_FLAG,
          FEEDBACK_RATING,
          APP_VERSION,
          OS_TYPE,
          SUBSCRIPTION_STATUS,
          FEATURE_USED_AT);

  private RawColumns() {}
}
