package com.usageintel.pipeline.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.usageintel.schemas.AnomalyDay;
import com.usageintel.schemas.DaysActiveMonth;
import com.usageintel.schemas.DimAppVersion;
import com.usageintel.schemas.DimDate;
import com.usageintel.schemas.DimMember;
import com.usageintel.schemas.FeatureAdoptionDay;
import com.usageintel.schemas.IssueCount;
import com.usageintel.schemas.KpiDay;
import com.usageintel.schemas.MemberDay;
import com.usageintel.schemas.RejectedRecord;
import com.usageintel.schemas.RetentionWeek;
import com.usageintel.schemas.UsageDaily;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.schemas.UserAttribute;
import com.usageintel.schemas.VersionStability;
import com.usageintel.transforms.aggregate.CalendarDays;
import com.usageintel.transforms.aggregate.CurrentAttributes;
import com.usageintel.transforms.aggregate.DayState;
import com.usageintel.transforms.aggregate.EventTally;
import com.usageintel.transforms.aggregate.FeatureDayState;
import com.usageintel.transforms.aggregate.Rates;
import com.usageintel.transforms.aggregate.VersionDayState;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;

/**
 * The rows a run writes: its cleaned events (by COPY), dimensions and aggregates into run-scoped
 * staging tables (published later in one transaction), and its data-quality records straight
 * into the per-run quarantine tables. Every insert is a no-op on conflict, so a retried bundle
 * changes nothing; the events' COPY may stage a retried bundle twice, and the publish takes each
 * event once.
 */
public final class RunTables {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunTables() {}

  public static BatchInsert<UsageEvent> stagedEvents(long runId, ZoneId reportingZone) {
    // Written by COPY (CopyInBundles), which has no conflict clause.
    return BatchInsert.<UsageEvent>into("stage_feature_usage", runId, "")
        .column("user_id", "text", UsageEvent::getUserId)
        .column("region", "text", UsageEvent::getRegion)
        .column("vehicle_model", "text", UsageEvent::getVehicleModel)
        .column("feature_name", "text", UsageEvent::getFeatureName)
        .column("session_duration_min", "float8", UsageEvent::getSessionDurationMin)
        .column("error_flag", "int2", UsageEvent::getErrorFlag)
        .column("feedback_rating", "float8", UsageEvent::getFeedbackRating)
        .column("app_version", "text", UsageEvent::getAppVersion)
        .column("os_type", "text", UsageEvent::getOsType)
        .column("subscription_status", "text", UsageEvent::getSubscriptionStatus)
        .column("feature_used_at", "timestamptz", e -> e.getFeatureUsedAt().toString())
        .column("date", "date", e -> localDate(e, reportingZone).toString())
        .column("week", "int2", e -> localDate(e, reportingZone).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))
        .column("iso_year", "int2", e -> localDate(e, reportingZone).get(IsoFields.WEEK_BASED_YEAR))
        .column("raw_record", "text", UsageEvent::getRawText)
        .column("usable_field_count", "int2", UsageEvent::usableFieldCount);
  }

  public static BatchInsert<RejectedRecord> rejectedRows(long runId) {
    return BatchInsert.<RejectedRecord>into("dq_rejected_rows", runId, "on conflict do nothing")
        .column("source_file", "text", RejectedRecord::getSourceFile)
        .column("line_number", "int8", RejectedRecord::getLineNumber)
        // PostgreSQL text cannot hold NUL; the exact bytes are kept in raw_bytes.
        .column("raw_record", "text", r -> r.getRawText().replace('\u0000', '\uFFFD'))
        .column("raw_bytes", "text", "decode(u.raw_bytes, 'hex')",
            r -> HexFormat.of().formatHex(r.getRawBytes()))
        .column("reasons", "text", textArray("reasons"), r -> json(r.getReasons()));
  }

  public static BatchInsert<IssueCount> issueCounts(long runId) {
    return BatchInsert.<IssueCount>into("dq_issue_counts", runId, "on conflict do nothing")
        .column("field", "text", IssueCount::getField)
        .column("issue_code", "text", IssueCount::getIssueCode)
        .column("issue_count", "int8", IssueCount::getIssueCount)
        .column("sample_values", "text", textArray("sample_values"), c -> json(c.getSampleValues()));
  }

  public static BatchInsert<DimMember> dimMembers(long runId) {
    return BatchInsert.<DimMember>into("stage_dim_member", runId, "on conflict do nothing")
        .column("dimension", "text", DimMember::getDimension)
        .column("member", "text", DimMember::getMember);
  }

  public static BatchInsert<DimDate> dimDates(long runId) {
    return BatchInsert.<DimDate>into("stage_dim_date", runId, "on conflict do nothing")
        .column("date_sk", "int4", DimDate::getDateSk)
        .column("calendar_date", "date", DimDate::getCalendarDate)
        .column("year", "int2", DimDate::getYear)
        .column("quarter", "int2", DimDate::getQuarter)
        .column("month", "int2", DimDate::getMonth)
        .column("month_name", "text", DimDate::getMonthName)
        .column("iso_year", "int2", DimDate::getIsoYear)
        .column("iso_week", "int2", DimDate::getIsoWeek)
        .column("day_of_week", "int2", DimDate::getDayOfWeek)
        .column("day_name", "text", DimDate::getDayName)
        .column("is_weekend", "bool", DimDate::getIsWeekend);
  }

  public static BatchInsert<DimAppVersion> dimAppVersions(long runId) {
    return BatchInsert.<DimAppVersion>into("stage_dim_app_version", runId, "on conflict do nothing")
        .column("app_version", "text", DimAppVersion::getAppVersion)
        .column("major", "int4", DimAppVersion::getMajor)
        .column("minor", "int4", DimAppVersion::getMinor)
        .column("sort_order", "int8", DimAppVersion::getSortOrder)
        .column("first_seen_date", "date", v -> dateOf(v.getFirstSeenDateSk()));
  }

  public static BatchInsert<Integer> touchedDays(long runId) {
    return BatchInsert.<Integer>into("stage_touched_day", runId, "on conflict do nothing")
        .column("date_sk", "int4", day -> day);
  }

  public static BatchInsert<String> replacedUsers(long runId) {
    return BatchInsert.<String>into("stage_replaced_user", runId, "on conflict do nothing")
        .column("user_id", "text", user -> user);
  }

  public static BatchInsert<DayState> dayStates(long runId) {
    return tallyColumns(
        BatchInsert.<DayState>into("stage_state_day", runId, "on conflict do nothing")
            .column("date_sk", "int4", DayState::dateSk),
        DayState::tally);
  }

  public static BatchInsert<VersionDayState> versionDayStates(long runId) {
    return tallyColumns(
        BatchInsert.<VersionDayState>into("stage_state_version_day", runId, "on conflict do nothing")
            .column("os_type", "text", VersionDayState::osType)
            .column("app_version", "text", VersionDayState::appVersion)
            .column("date_sk", "int4", VersionDayState::dateSk),
        VersionDayState::tally);
  }

  public static BatchInsert<FeatureDayState> featureDayStates(long runId) {
    return tallyColumns(
        BatchInsert.<FeatureDayState>into("stage_state_feature_day", runId, "on conflict do nothing")
            .column("feature_name", "text", FeatureDayState::featureName)
            .column("date_sk", "int4", FeatureDayState::dateSk),
        FeatureDayState::tally);
  }

  public static BatchInsert<MemberDay> memberDays(long runId) {
    return BatchInsert.<MemberDay>into("stage_state_member_day", runId, "on conflict do nothing")
        .column("date_sk", "int4", MemberDay::getDateSk)
        .column("dimension", "text", MemberDay::getDimension)
        .column("member", "text", MemberDay::getMember);
  }

  public static BatchInsert<KV<String, CurrentAttributes>> userSpans(long runId) {
    return BatchInsert.<KV<String, CurrentAttributes>>into("stage_state_user", runId, "on conflict do nothing")
        .column("user_id", "text", KV::getKey)
        .column("first_seen_micros", "int8", u -> u.getValue().firstSeenMicros())
        .column("last_seen_micros", "int8", u -> u.getValue().lastSeenMicros());
  }

  public static BatchInsert<UserAttribute> userAttributes(long runId) {
    return BatchInsert.<UserAttribute>into("stage_state_user_attribute", runId, "on conflict do nothing")
        .column("user_id", "text", UserAttribute::getUserId)
        .column("attribute", "text", UserAttribute::getAttribute)
        .column("value", "text", UserAttribute::getValue)
        .column("at_micros", "int8", UserAttribute::getAtMicros)
        .column("feature_name", "text", UserAttribute::getFeatureName);
  }

  private static <T> BatchInsert<T> tallyColumns(
      BatchInsert<T> rows, SerializableFunction<T, EventTally> tally) {
    return rows
        .column("events", "int8", r -> tally.apply(r).events())
        .column("error_events", "int8", r -> tally.apply(r).errorEvents())
        .column("known_flag_events", "int8", r -> tally.apply(r).knownFlagEvents())
        .column("session_minutes_sum", "numeric", r -> tally.apply(r).sessionMinutesSum().toPlainString())
        .column("session_count", "int8", r -> tally.apply(r).sessionCount())
        .column("rating_sum", "numeric", r -> tally.apply(r).ratingSum().toPlainString())
        .column("rating_count", "int8", r -> tally.apply(r).ratingCount())
        .column("users", "text", "decode(u.users, 'hex')",
            r -> HexFormat.of().formatHex(tally.apply(r).usersBytes()));
  }

  public static BatchInsert<UsageDaily> usageDaily(long runId) {
    return BatchInsert.<UsageDaily>into("stage_agg_usage_daily", runId, "on conflict do nothing")
        .column("date_sk", "int4", UsageDaily::getDateSk)
        .column("region", "text", UsageDaily::getRegion)
        .column("feature_name", "text", UsageDaily::getFeatureName)
        .column("app_version", "text", UsageDaily::getAppVersion)
        .column("os_type", "text", UsageDaily::getOsType)
        .column("dau", "int8", d -> d.getTotals().getDau())
        .column("events", "int8", d -> d.getTotals().getEvents())
        .column("error_events", "int8", d -> d.getTotals().getErrorEvents())
        .column("avg_session", "float8",
            d -> Rates.mean(d.getTotals().getSessionMinutesSum(), d.getTotals().getSessionCount()))
        .column("error_rate_pct", "numeric",
            d -> Rates.errorRatePct(d.getTotals().getErrorEvents(), d.getTotals().getKnownFlagEvents()))
        .column("known_flag_events", "int8", d -> d.getTotals().getKnownFlagEvents())
        .column("session_minutes_sum", "float8", d -> d.getTotals().getSessionMinutesSum())
        .column("session_count", "int8", d -> d.getTotals().getSessionCount())
        .column("rating_sum", "float8", d -> d.getTotals().getRatingSum())
        .column("rating_count", "int8", d -> d.getTotals().getRatingCount());
  }

  public static BatchInsert<KpiDay> kpiDaily(long runId) {
    return BatchInsert.<KpiDay>into("stage_agg_kpi_daily", runId, "on conflict do nothing")
        .column("date_sk", "int4", KpiDay::getDateSk)
        .column("events", "int8", KpiDay::getEvents)
        .column("dau", "int8", KpiDay::getDau)
        .column("error_events", "int8", KpiDay::getErrorEvents)
        .column("error_rate_pct", "numeric", KpiDay::getErrorRatePct)
        .column("avg_session", "float8", KpiDay::getAvgSession)
        .column("dau_7d_avg", "float8", KpiDay::getDau7dAvg)
        .column("wau", "int8", KpiDay::getWau)
        .column("mau", "int8", KpiDay::getMau)
        .column("stickiness", "float8", KpiDay::getStickiness);
  }

  public static BatchInsert<VersionStability> versionStability(long runId) {
    return BatchInsert.<VersionStability>into(
            "stage_agg_app_version_stability", runId, "on conflict do nothing")
        .column("os_type", "text", v -> v.getStats().getOsType())
        .column("app_version", "text", v -> v.getStats().getAppVersion())
        .column("major", "int4", v -> v.getStats().getMajor())
        .column("minor", "int4", v -> v.getStats().getMinor())
        .column("first_seen_date_sk", "int4", v -> v.getStats().getFirstSeenDateSk())
        .column("events", "int8", v -> v.getStats().getEvents())
        .column("users", "int8", v -> v.getStats().getUsers())
        .column("error_events", "int8", v -> v.getStats().getErrorEvents())
        .column("known_flag_events", "int8", v -> v.getStats().getKnownFlagEvents())
        .column("error_rate_pct", "numeric", VersionStability::getErrorRatePct)
        .column("prev_app_version", "text", VersionStability::getPrevAppVersion)
        .column("prev_error_rate_pct", "numeric", VersionStability::getPrevErrorRatePct)
        .column("diff_pp", "numeric", VersionStability::getDiffPp)
        .column("z_score", "float8", VersionStability::getZScore)
        .column("is_regression", "bool", VersionStability::getIsRegression);
  }

  /** The whole fleet's rows of {@link #featureRetentionWeekly}'s type (no feature). */
  public static BatchInsert<RetentionWeek> retentionWeekly(long runId) {
    return retentionColumns(
        BatchInsert.into("stage_agg_retention_weekly", runId, "on conflict do nothing"));
  }

  public static BatchInsert<RetentionWeek> featureRetentionWeekly(long runId) {
    return retentionColumns(
        BatchInsert.<RetentionWeek>into("stage_agg_feature_retention_weekly", runId, "on conflict do nothing")
            .column("feature_name", "text", RetentionWeek::getFeatureName));
  }

  private static BatchInsert<RetentionWeek> retentionColumns(BatchInsert<RetentionWeek> rows) {
    return rows
        .column("cohort_week_start", "date", r -> dateOf(r.getCohortWeekStartSk()))
        .column("weeks_since", "int4", RetentionWeek::getWeeksSince)
        .column("cohort_users", "int8", RetentionWeek::getCohortUsers)
        .column("retained_users", "int8", RetentionWeek::getRetainedUsers)
        .column("retention_pct", "numeric", RetentionWeek::getRetentionPct);
  }

  public static BatchInsert<FeatureAdoptionDay> featureAdoptionDaily(long runId) {
    return BatchInsert.<FeatureAdoptionDay>into(
            "stage_agg_feature_adoption_daily", runId, "on conflict do nothing")
        .column("date_sk", "int4", FeatureAdoptionDay::getDateSk)
        .column("feature_name", "text", FeatureAdoptionDay::getFeatureName)
        .column("new_adopters", "int8", FeatureAdoptionDay::getNewAdopters)
        .column("adopters", "int8", FeatureAdoptionDay::getAdopters)
        .column("users_to_date", "int8", FeatureAdoptionDay::getUsersToDate)
        .column("adoption_pct", "numeric", FeatureAdoptionDay::getAdoptionPct);
  }

  public static BatchInsert<DaysActiveMonth> daysActiveMonthly(long runId) {
    return BatchInsert.<DaysActiveMonth>into(
            "stage_agg_days_active_monthly", runId, "on conflict do nothing")
        .column("month_start", "date", m -> dateOf(m.getMonthStartSk()))
        .column("days_active", "int4", DaysActiveMonth::getDaysActive)
        .column("users", "int8", DaysActiveMonth::getUsers);
  }

  public static BatchInsert<AnomalyDay> anomalyDaily(long runId) {
    return BatchInsert.<AnomalyDay>into("stage_agg_anomaly_daily", runId, "on conflict do nothing")
        .column("date_sk", "int4", AnomalyDay::getDateSk)
        .column("metric", "text", AnomalyDay::getMetric)
        .column("is_fleet", "bool", AnomalyDay::getIsFleet)
        .column("feature_name", "text", AnomalyDay::getFeatureName)
        .column("metric_value", "numeric", AnomalyDay::getMetricValue)
        .column("baseline_days", "int4", AnomalyDay::getBaselineDays)
        .column("baseline_median", "numeric", AnomalyDay::getBaselineMedian)
        .column("baseline_mad", "numeric", AnomalyDay::getBaselineMad)
        .column("robust_z", "numeric", AnomalyDay::getRobustZ)
        .column("is_anomaly", "bool", AnomalyDay::getIsAnomaly);
  }

  private static String dateOf(int dateSk) {
    return CalendarDays.date(dateSk).toString();
  }

  private static LocalDate localDate(UsageEvent event, ZoneId zone) {
    return LocalDate.ofInstant(event.getFeatureUsedAt(), zone);
  }

  /** A text[] column travels as a JSON array, since unnest would flatten an array of arrays. */
  private static String textArray(String column) {
    return "array(select e from jsonb_array_elements_text(u." + column
        + "::jsonb) with ordinality as j (e, i) order by i)";
  }

  private static String json(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
