package com.usageintel.schemas;

/**
 * Every reason a record is rejected and every field issue counted in {@code dq_issue_counts}
 * (contract sections 2 and 7). The names are stored in the database and are part of the contract.
 */
public enum IssueCode {
  // Record level: the record is not usable CSV.
  MALFORMED_RECORD,
  RECORD_TOO_LARGE,

  // Null-like values, one per field.
  MISSING_USER_ID,
  MISSING_REGION,
  MISSING_VEHICLE_MODEL,
  MISSING_FEATURE,
  MISSING_DURATION,
  MISSING_ERROR_FLAG,
  MISSING_RATING,
  MISSING_APP_VERSION,
  MISSING_OS_TYPE,
  MISSING_SUBSCRIPTION_STATUS,
  MISSING_TIMESTAMP,

  // Values present but not usable as they are.
  UNMAPPED_VALUE,
  INVALID_APP_VERSION,
  INVALID_TIMESTAMP,
  INVALID_DURATION,
  NONPOSITIVE_DURATION,
  DURATION_CAPPED,
  INVALID_ERROR_FLAG,
  INVALID_RATING,
  RATING_OUT_OF_RANGE,

  /**
   * A user id or categorical value longer than a key can be (see UsageEventCleaner): never a real
   * value, and PostgreSQL cannot index it.
   */
  VALUE_TOO_LONG;

  /** Codes that reject the whole record; every other code only marks a field. */
  public boolean rejectsRecord() {
    switch (this) {
      case MALFORMED_RECORD:
      case RECORD_TOO_LARGE:
      case MISSING_USER_ID:
      case MISSING_FEATURE:
      case MISSING_TIMESTAMP:
      case INVALID_TIMESTAMP:
      case VALUE_TOO_LONG:
        return true;
      default:
        return false;
    }
  }
}
