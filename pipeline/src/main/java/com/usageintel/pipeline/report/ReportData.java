package com.usageintel.pipeline.report;

import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything the dashboard shows, read from the published tables in one snapshot. Rates are the
 * database's exact {@code numeric} values; {@code null} stands for the contract's NULL ("none
 * known").
 */
public record ReportData(
    Period period,
    Kpis kpis,
    List<DailyKpi> daily,
    List<Anomaly> fleetAnomalies,
    List<RetentionCell> retention,
    List<AdoptionDay> adoption,
    DaysActiveMonth daysActive,
    List<UsageCount> features,
    List<VersionStability> versions,
    List<UsageCount> regions,
    List<UsageCount> vehicles,
    DataQuality dataQuality) {

  /** The first and last day of agg_kpi_daily; both null when no event is loaded. */
  public record Period(LocalDate first, LocalDate last) {}

  /**
   * Over every loaded event: {@code users} is a distinct count, never a sum of daily DAUs; the
   * average session is the mean of the known durations, weighted by event, not a mean of averages.
   */
  public record Kpis(
      long events,
      long users,
      long errorEvents,
      long knownFlagEvents,
      BigDecimal errorRatePct,
      Double avgSessionMinutes,
      long sessionCount) {}

  /** A row of agg_kpi_daily; the error rate is null on a day without a known error flag. */
  public record DailyKpi(
      LocalDate date, long events, long dau, double dau7dAvg, BigDecimal errorRatePct) {}

  /**
   * A day on which a whole-fleet series of agg_anomaly_daily is an anomaly ({@code |robust_z| >
   * 3.5}); {@code metric} is {@code events}, {@code dau} or {@code error_rate_pct}.
   */
  public record Anomaly(
      LocalDate date, String metric, BigDecimal value, BigDecimal baselineMedian, BigDecimal robustZ) {
    public static final String EVENTS = "events";
    public static final String DAU = "dau";
    public static final String ERROR_RATE_PCT = "error_rate_pct";
  }

  /** A row of agg_retention_weekly: a cohort week (its Monday) and a week since it. */
  public record RetentionCell(
      LocalDate cohortWeekStart,
      int weeksSince,
      long cohortUsers,
      long retainedUsers,
      BigDecimal retentionPct) {}

  /** A row of agg_feature_adoption_daily. */
  public record AdoptionDay(
      String feature, LocalDate date, long adopters, long usersToDate, BigDecimal adoptionPct) {}

  /**
   * The days-active histogram of the latest month that has events (agg_days_active_monthly);
   * {@code monthStart} is null when no event is loaded.
   */
  public record DaysActiveMonth(LocalDate monthStart, List<DaysActiveCount> counts) {
    /** Distinct users active in the month: each is counted under exactly one number of days. */
    public long users() {
      return counts.stream().mapToLong(DaysActiveCount::users).sum();
    }
  }

  /** Users active on exactly {@code daysActive} distinct days of the month. */
  public record DaysActiveCount(int daysActive, long users) {}

  /** Events and distinct users of one member of a dimension (feature, region, vehicle model). */
  public record UsageCount(String member, long events, long users) {}

  /** A row of agg_app_version_stability, with the version's place in dim_app_version's order. */
  public record VersionStability(
      String osType,
      String appVersion,
      int major,
      int minor,
      long sortOrder,
      long events,
      long users,
      long knownFlagEvents,
      BigDecimal errorRatePct,
      String prevAppVersion,
      BigDecimal prevErrorRatePct,
      BigDecimal diffPp,
      Double zScore,
      boolean regression) {}

  /** The data-quality record of the run that published the tables. */
  public record DataQuality(
      RunSummary run,
      Instant finishedAt,
      List<ReasonCount> rejectsByReason,
      List<FieldIssue> fieldIssues) {}

  /** Rejected records with this reason; a record with several reasons counts under each. */
  public record ReasonCount(String reason, long rows) {}

  /** A row of dq_issue_counts: how often a field had an issue, with its first raw values. */
  public record FieldIssue(String field, String issueCode, long count, List<String> sampleValues) {
    public static final String UNMAPPED_VALUE = "UNMAPPED_VALUE";

    public boolean unmapped() {
      return UNMAPPED_VALUE.equals(issueCode);
    }
  }
}
