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
import com.usageintel.transforms.aggregate.CurrentAttributes;
import com.usageintel.transforms.aggregate.DayState;
import com.usageintel.transforms.aggregate.EventTally;
import com.usageintel.transforms.aggregate.FeatureDayState;
import com.usageintel.transforms.aggregate.Rates;
import com.usageintel.transforms.aggregate.VersionDayState;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;

/**
 * The rows a run writes: its cleaned events (by COPY), dimensions, state and aggregates into the
 * per-run {@code incoming_*} tables (published later in one transaction), and its data-quality
 * records straight into the quarantine tables. Each writer names only how a column's value comes
 * from a row; the columns themselves, and their types, are the database's ({@link
 * WarehouseColumns}), and a writer that leaves one unfilled fails the run before it starts. Every
 * insert is a no-op on conflict, so a retried bundle changes nothing; the events' COPY may stage a
 * retried bundle twice, and the publish takes each event once.
 */
public final class RunTables implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SKIP_CONFLICTS = "on conflict do nothing";

  private final WarehouseColumns catalog;
  private final long runId;

  public RunTables(WarehouseColumns catalog, long runId) {
    this.catalog = catalog;
    this.runId = runId;
  }

  private <T> BatchInsert<T> into(String table) {
    return BatchInsert.into(table, catalog, runId, SKIP_CONFLICTS);
  }

  public BatchInsert<UsageEvent> incomingEvents(ZoneId reportingZone) {
    // Written by COPY (CopyInBundles), which has no conflict clause.
    return BatchInsert.<UsageEvent>into("incoming_feature_usage", catalog, runId, "")
        .column("user_id", UsageEvent::getUserId)
        .column("region", UsageEvent::getRegion)
        .column("vehicle_model", UsageEvent::getVehicleModel)
        .column("feature_name", UsageEvent::getFeatureName)
        .column("session_duration_min", UsageEvent::getSessionDurationMin)
        .column("error_flag", UsageEvent::getErrorFlag)
        .column("feedback_rating", UsageEvent::getFeedbackRating)
        .column("app_version", UsageEvent::getAppVersion)
        .column("os_type", UsageEvent::getOsType)
        .column("subscription_status", UsageEvent::getSubscriptionStatus)
        .column("feature_used_at", e -> e.getFeatureUsedAt().toString())
        .column("date", e -> localDate(e, reportingZone).toString())
        .column("week", e -> localDate(e, reportingZone).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))
        .column("iso_year", e -> localDate(e, reportingZone).get(IsoFields.WEEK_BASED_YEAR))
        .column("raw_record", UsageEvent::getRawText)
        .column("usable_field_count", UsageEvent::usableFieldCount)
        .filling();
  }

  public BatchInsert<RejectedRecord> rejectedRows() {
    return this.<RejectedRecord>into("dq_rejected_rows")
        .column("source_file", RejectedRecord::getSourceFile)
        .column("line_number", RejectedRecord::getLineNumber)
        // PostgreSQL text cannot hold NUL; the exact bytes are kept in raw_bytes.
        .column("raw_record", r -> r.getRawText().replace('\u0000', '\uFFFD'))
        .column("raw_bytes", "decode(u.raw_bytes, 'hex')", r -> HexFormat.of().formatHex(r.getRawBytes()))
        .column("reasons", textArray("reasons"), r -> json(r.getReasons()))
        .filling();
  }

  public BatchInsert<IssueCount> issueCounts() {
    return this.<IssueCount>into("dq_issue_counts")
        .schemaFields(IssueCount.class, "sampleValues")
        .column("sample_values", textArray("sample_values"), c -> json(c.getSampleValues()))
        .filling();
  }

  public BatchInsert<DimMember> dimMembers() {
    return this.<DimMember>into("incoming_dim_member").schemaFields(DimMember.class).filling();
  }

  public BatchInsert<DimDate> dimDates() {
    return this.<DimDate>into("incoming_dim_date").schemaFields(DimDate.class).filling();
  }

  public BatchInsert<DimAppVersion> dimAppVersions() {
    return this.<DimAppVersion>into("incoming_dim_app_version").schemaFields(DimAppVersion.class).filling();
  }

  public BatchInsert<Integer> touchedDays() {
    return this.<Integer>into("incoming_touched_day").column("date_sk", day -> day).filling();
  }

  public BatchInsert<String> replacedUsers() {
    return this.<String>into("incoming_replaced_user").column("user_id", user -> user).filling();
  }

  public BatchInsert<DayState> dayStates() {
    return tallyColumns(
        this.<DayState>into("incoming_state_day").column("date_sk", DayState::dateSk),
        DayState::tally);
  }

  public BatchInsert<VersionDayState> versionDayStates() {
    return tallyColumns(
        this.<VersionDayState>into("incoming_state_version_day")
            .column("os_type", VersionDayState::osType)
            .column("app_version", VersionDayState::appVersion)
            .column("date_sk", VersionDayState::dateSk),
        VersionDayState::tally);
  }

  public BatchInsert<FeatureDayState> featureDayStates() {
    return tallyColumns(
        this.<FeatureDayState>into("incoming_state_feature_day")
            .column("feature_name", FeatureDayState::featureName)
            .column("date_sk", FeatureDayState::dateSk),
        FeatureDayState::tally);
  }

  public BatchInsert<MemberDay> memberDays() {
    return this.<MemberDay>into("incoming_state_member_day").schemaFields(MemberDay.class).filling();
  }

  public BatchInsert<KV<String, CurrentAttributes>> userSpans() {
    return this.<KV<String, CurrentAttributes>>into("incoming_state_user")
        .column("user_id", KV::getKey)
        .column("first_seen_micros", u -> u.getValue().firstSeenMicros())
        .column("last_seen_micros", u -> u.getValue().lastSeenMicros())
        .filling();
  }

  public BatchInsert<UserAttribute> userAttributes() {
    return this.<UserAttribute>into("incoming_state_user_attribute")
        .schemaFields(UserAttribute.class)
        .filling();
  }

  private static <T> BatchInsert<T> tallyColumns(
      BatchInsert<T> rows, SerializableFunction<T, EventTally> tally) {
    return rows
        .column("events", r -> tally.apply(r).events())
        .column("error_events", r -> tally.apply(r).errorEvents())
        .column("known_flag_events", r -> tally.apply(r).knownFlagEvents())
        .column("session_minutes_sum", r -> tally.apply(r).sessionMinutesSum().toPlainString())
        .column("session_count", r -> tally.apply(r).sessionCount())
        .column("rating_sum", r -> tally.apply(r).ratingSum().toPlainString())
        .column("rating_count", r -> tally.apply(r).ratingCount())
        .column("users", "decode(u.users, 'hex')", r -> HexFormat.of().formatHex(tally.apply(r).usersBytes()))
        .filling();
  }

  /** Its totals' fields, and the two figures the contract derives from them. */
  public BatchInsert<UsageDaily> usageDaily() {
    return this.<UsageDaily>into("incoming_agg_usage_daily")
        .schemaFields(UsageDaily.class)
        .column("avg_session",
            d -> Rates.mean(d.getTotals().getSessionMinutesSum(), d.getTotals().getSessionCount()))
        .column("error_rate_pct",
            d -> Rates.errorRatePct(d.getTotals().getErrorEvents(), d.getTotals().getKnownFlagEvents()))
        .filling();
  }

  public BatchInsert<KpiDay> kpiDaily() {
    return this.<KpiDay>into("incoming_agg_kpi_daily").schemaFields(KpiDay.class).filling();
  }

  public BatchInsert<VersionStability> versionStability() {
    return this.<VersionStability>into("incoming_agg_app_version_stability")
        .schemaFields(VersionStability.class)
        .filling();
  }

  /** The whole fleet's rows of {@link #featureRetentionWeekly}'s type (no feature). */
  public BatchInsert<RetentionWeek> retentionWeekly() {
    return this.<RetentionWeek>into("incoming_agg_retention_weekly")
        .schemaFields(RetentionWeek.class, "featureName")
        .filling();
  }

  public BatchInsert<RetentionWeek> featureRetentionWeekly() {
    return this.<RetentionWeek>into("incoming_agg_feature_retention_weekly")
        .schemaFields(RetentionWeek.class)
        .filling();
  }

  public BatchInsert<FeatureAdoptionDay> featureAdoptionDaily() {
    return this.<FeatureAdoptionDay>into("incoming_agg_feature_adoption_daily")
        .schemaFields(FeatureAdoptionDay.class)
        .filling();
  }

  public BatchInsert<DaysActiveMonth> daysActiveMonthly() {
    return this.<DaysActiveMonth>into("incoming_agg_days_active_monthly")
        .schemaFields(DaysActiveMonth.class)
        .filling();
  }

  public BatchInsert<AnomalyDay> anomalyDaily() {
    return this.<AnomalyDay>into("incoming_agg_anomaly_daily").schemaFields(AnomalyDay.class).filling();
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
