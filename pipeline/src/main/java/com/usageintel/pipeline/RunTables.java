package com.usageintel.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.usageintel.schemas.IssueCount;
import com.usageintel.schemas.RejectedRecord;
import com.usageintel.schemas.UsageEvent;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.HexFormat;
import java.util.List;

/**
 * The rows a run writes, as batch inserts: its cleaned events into the run-scoped staging table
 * (published later in one transaction), and its data-quality records straight into the per-run
 * quarantine tables. Every insert is a no-op on conflict, so a retried bundle changes nothing.
 */
public final class RunTables {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunTables() {}

  public static BatchInsert<UsageEvent> stagedEvents(long runId, ZoneId reportingZone) {
    return BatchInsert.<UsageEvent>into("stage_feature_usage", runId, "on conflict do nothing")
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
