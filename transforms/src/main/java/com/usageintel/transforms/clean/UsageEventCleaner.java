package com.usageintel.transforms.clean;

import com.usageintel.schemas.FieldIssue;
import com.usageintel.schemas.IssueCode;
import com.usageintel.schemas.RawColumns;
import com.usageintel.schemas.RawRecord;
import com.usageintel.schemas.ReferenceData;
import com.usageintel.schemas.UsageEvent;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Applies the field rules of contract sections 2 and 7 to one well-formed raw record. A record
 * without a user, a feature or a usable time, or with a key value too long to be a key, is
 * rejected; every other unusable value becomes NULL or {@code Unknown} and is reported as a field
 * issue.
 */
public final class UsageEventCleaner implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The longest user id or categorical value, in UTF-8 bytes, far above any real one. Such values
   * are keys: three of them share one PostgreSQL index entry, which holds about 2.7 kB, so one huge
   * value would otherwise fail the whole run.
   */
  public static final int MAX_VALUE_BYTES = 512;

  private final CategoryMapper categories;
  private final EventTimestamps timestamps;
  private final SessionDurations durations;

  /**
   * @param sourceZone the zone of timestamps written without an offset
   * @param durationCapMinutes longer sessions are set to this many minutes
   */
  public UsageEventCleaner(
      ReferenceData referenceData, ZoneId sourceZone, double durationCapMinutes) {
    this.categories = new CategoryMapper(referenceData);
    this.timestamps = new EventTimestamps(sourceZone);
    this.durations = new SessionDurations(durationCapMinutes);
  }

  public CleanedRecord clean(RawRecord raw) {
    Issues issues = new Issues(raw);
    FieldResult<String> userId = issues.noteKey(RawColumns.USER_ID, raw.getUserId(),
        UserIds.clean(raw.getUserId()));
    FieldResult<String> region = issues.noteKey(RawColumns.REGION, raw.getRegion(),
        categories.map(RawColumns.REGION, raw.getRegion()));
    FieldResult<String> vehicleModel = issues.noteKey(RawColumns.VEHICLE_MODEL, raw.getVehicleModel(),
        categories.map(RawColumns.VEHICLE_MODEL, raw.getVehicleModel()));
    FieldResult<String> featureName = issues.noteKey(RawColumns.FEATURE_NAME, raw.getFeatureName(),
        categories.map(RawColumns.FEATURE_NAME, raw.getFeatureName()));
    FieldResult<Double> duration = issues.note(RawColumns.SESSION_DURATION_MIN,
        raw.getSessionDurationMin(), durations.clean(raw.getSessionDurationMin()));
    FieldResult<Integer> errorFlag = issues.note(RawColumns.ERROR_FLAG, raw.getErrorFlag(),
        ErrorFlags.clean(raw.getErrorFlag()));
    FieldResult<Double> rating = issues.note(RawColumns.FEEDBACK_RATING, raw.getFeedbackRating(),
        FeedbackRatings.clean(raw.getFeedbackRating()));
    FieldResult<String> appVersion = issues.note(RawColumns.APP_VERSION, raw.getAppVersion(),
        AppVersions.clean(raw.getAppVersion()));
    FieldResult<String> osType = issues.noteKey(RawColumns.OS_TYPE, raw.getOsType(),
        categories.map(RawColumns.OS_TYPE, raw.getOsType()));
    FieldResult<String> subscription = issues.noteKey(RawColumns.SUBSCRIPTION_STATUS,
        raw.getSubscriptionStatus(),
        categories.map(RawColumns.SUBSCRIPTION_STATUS, raw.getSubscriptionStatus()));
    FieldResult<Instant> featureUsedAt = issues.note(RawColumns.FEATURE_USED_AT,
        raw.getFeatureUsedAt(), timestamps.clean(raw.getFeatureUsedAt()));

    if (!issues.rejectReasons.isEmpty()) {
      return new CleanedRecord(null, List.copyOf(issues.rejectReasons), issues.fieldIssues);
    }
    UsageEvent event =
        UsageEvent.builder()
            .setUserId(userId.value())
            .setRegion(region.value())
            .setVehicleModel(vehicleModel.value())
            .setFeatureName(featureName.value())
            .setSessionDurationMin(duration.value())
            .setErrorFlag(errorFlag.value())
            .setFeedbackRating(rating.value())
            .setAppVersion(appVersion.value())
            .setOsType(osType.value())
            .setSubscriptionStatus(subscription.value())
            .setFeatureUsedAt(featureUsedAt.value())
            .setSourceFile(raw.getSourceFile())
            .setLineNumber(raw.getLineNumber())
            .setRawText(raw.getRawText())
            .build();
    return new CleanedRecord(event, List.of(), issues.fieldIssues);
  }

  /** Whether a key value, as it would load, is longer than {@link #MAX_VALUE_BYTES}. */
  private static boolean tooLong(String value) {
    // A UTF-8 character takes at most three bytes per UTF-16 unit.
    return value != null
        && value.length() * 3L > MAX_VALUE_BYTES
        && value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES;
  }

  /** The field issues of one record, and the reject reasons among them. */
  private static final class Issues {
    private final RawRecord raw;
    private final List<FieldIssue> fieldIssues = new ArrayList<>(2);
    private final EnumSet<IssueCode> rejectReasons = EnumSet.noneOf(IssueCode.class);

    Issues(RawRecord raw) {
      this.raw = raw;
    }

    <T> FieldResult<T> note(String field, String rawValue, FieldResult<T> result) {
      IssueCode issue = result.issue();
      if (issue != null) {
        fieldIssues.add(
            FieldIssue.create(field, issue, rawValue, raw.getSourceFile(), raw.getLineNumber()));
        if (issue.rejectsRecord()) {
          rejectReasons.add(issue);
        }
      }
      return result;
    }

    /**
     * A key field: its issue is noted like any field's (a long value outside the reference data is
     * still UNMAPPED_VALUE), and a value too long to be a key rejects the record as VALUE_TOO_LONG,
     * once per record and as a reason only, not a field issue (contract section 7).
     */
    FieldResult<String> noteKey(String field, String rawValue, FieldResult<String> result) {
      note(field, rawValue, result);
      if (tooLong(result.value())) {
        rejectReasons.add(IssueCode.VALUE_TOO_LONG);
      }
      return result;
    }
  }
}
