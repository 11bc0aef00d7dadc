package com.usageintel.pipeline.report;

import com.usageintel.pipeline.UserFacingException;
import com.usageintel.pipeline.report.ReportData.AdoptionDay;
import com.usageintel.pipeline.report.ReportData.Anomaly;
import com.usageintel.pipeline.report.ReportData.DailyKpi;
import com.usageintel.pipeline.report.ReportData.DataQuality;
import com.usageintel.pipeline.report.ReportData.DaysActiveCount;
import com.usageintel.pipeline.report.ReportData.DaysActiveMonth;
import com.usageintel.pipeline.report.ReportData.FieldIssue;
import com.usageintel.pipeline.report.ReportData.Kpis;
import com.usageintel.pipeline.report.ReportData.Period;
import com.usageintel.pipeline.report.ReportData.ReasonCount;
import com.usageintel.pipeline.report.ReportData.RetentionCell;
import com.usageintel.pipeline.report.ReportData.UsageCount;
import com.usageintel.pipeline.report.ReportData.VersionStability;
import com.usageintel.pipeline.warehouse.RunLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The dashboard's queries, each metric as contract section 5 defines it, all read in one
 * read-only snapshot so that a run publishing meanwhile cannot mix two states into one page.
 */
public final class ReportQueries {
  static final String ETL_RUN_EXISTS = "select to_regclass('etl_run') is not null";

  /** The run whose publish made the tables as they are: the latest that succeeded. */
  static final String PUBLISHING_RUN =
      "select run_id, finished_at from etl_run where status = 'succeeded'"
          + " order by run_id desc limit 1";

  /**
   * Over every loaded event. users: distinct, at the grain of the whole period. error rate:
   * errors over events whose flag is known, rounded half away from zero on the exact ratio.
   * avg session: the mean of the known durations (total minutes / events with a duration).
   */
  static final String KPIS =
      "select count(*), count(distinct user_sk),"
          + " count(*) filter (where error_flag = 1), count(error_flag),"
          + " round(100.0 * count(*) filter (where error_flag = 1) / nullif(count(error_flag), 0), 2),"
          + " avg(session_duration_min), count(session_duration_min)"
          + " from fact_feature_usage";

  static final String DAILY =
      "select kpi_date, events, dau, dau_7d_avg, error_rate_pct from agg_kpi_daily order by kpi_date";

  /** The whole fleet's anomalies (section 8.5): what the daily charts mark. */
  static final String FLEET_ANOMALIES =
      "select anomaly_date, metric, metric_value, baseline_median, robust_z from agg_anomaly_daily"
          + " where is_fleet and is_anomaly order by metric, anomaly_date";

  static final String RETENTION =
      "select cohort_week_start, weeks_since, cohort_users, retained_users, retention_pct"
          + " from agg_retention_weekly order by cohort_week_start, weeks_since";

  static final String ADOPTION =
      "select feature_name, adoption_date, adopters, users_to_date, adoption_pct"
          + " from agg_feature_adoption_daily order by feature_name, adoption_date";

  /** The latest month's histogram: every number of days from 1 to the month's length. */
  static final String DAYS_ACTIVE_LAST_MONTH =
      "select month_start, days_active, users from agg_days_active_monthly"
          + " where month_start = (select max(month_start) from agg_days_active_monthly)"
          + " order by days_active";

  /** Events and distinct users per member of a dimension the fact references by {@code key}. */
  private static final String USAGE_BY =
      "select member.%2$s, count(*), count(distinct usage.user_sk)"
          + " from fact_feature_usage usage join %1$s member using (%3$s)"
          + " group by member.%2$s order by count(*) desc, member.%2$s";

  static final String FEATURES = String.format(USAGE_BY, "dim_feature", "feature_name", "feature_sk");
  /** The event's region (event time), as agg_usage_daily takes it. */
  static final String REGIONS = String.format(USAGE_BY, "dim_region", "region", "region_sk");
  static final String VEHICLES = String.format(USAGE_BY, "dim_vehicle", "vehicle_model", "vehicle_sk");

  static final String VERSIONS =
      "select stability.os_type, stability.app_version, stability.major, stability.minor,"
          + " version.sort_order, stability.events, stability.users, stability.known_flag_events,"
          + " stability.error_rate_pct, stability.prev_app_version, stability.prev_error_rate_pct,"
          + " stability.diff_pp, stability.z_score, stability.is_regression"
          + " from agg_app_version_stability stability join dim_app_version version using (app_version_sk)"
          + " order by stability.os_type, version.sort_order";

  static final String REJECTS_BY_REASON =
      "select reason, count(*) from dq_rejected_rows, unnest(reasons) as reason"
          + " where run_id = ? group by reason order by count(*) desc, reason";

  static final String FIELD_ISSUES =
      "select field, issue_code, issue_count, sample_values from dq_issue_counts"
          + " where run_id = ? order by issue_count desc, field, issue_code";

  private record PublishingRun(long runId, Instant finishedAt) {}

  private ReportQueries() {}

  /** Reads the dashboard's data; fails in one line if no run has published anything yet. */
  public static ReportData read(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    connection.setReadOnly(true);
    try {
      if (!list(connection, ETL_RUN_EXISTS, rs -> rs.getBoolean(1)).get(0)) {
        throw nothingPublished();
      }
      List<PublishingRun> published = list(connection, PUBLISHING_RUN,
          rs -> new PublishingRun(rs.getLong(1), rs.getTimestamp(2).toInstant()));
      if (published.isEmpty()) {
        throw nothingPublished();
      }
      long runId = published.get(0).runId();
      List<DailyKpi> daily = daily(connection);
      return new ReportData(
          daily.isEmpty()
              ? new Period(null, null)
              : new Period(daily.get(0).date(), daily.get(daily.size() - 1).date()),
          kpis(connection),
          daily,
          fleetAnomalies(connection),
          retention(connection),
          adoption(connection),
          daysActive(connection),
          usage(connection, FEATURES),
          versions(connection),
          usage(connection, REGIONS),
          usage(connection, VEHICLES),
          new DataQuality(
              RunLedger.summary(connection, runId),
              published.get(0).finishedAt(),
              rejectsByReason(connection, runId),
              fieldIssues(connection, runId)));
    } finally {
      connection.rollback();
    }
  }

  private static UserFacingException nothingPublished() {
    return new UserFacingException(
        "nothing has been published to this database yet: load data first with run --input=...");
  }

  private static Kpis kpis(Connection connection) throws SQLException {
    return list(connection, KPIS, rs -> new Kpis(
        rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getBigDecimal(5),
        nullableDouble(rs, 6), rs.getLong(7))).get(0);
  }

  private static List<DailyKpi> daily(Connection connection) throws SQLException {
    return list(connection, DAILY, rs -> new DailyKpi(
        rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3), rs.getDouble(4),
        rs.getBigDecimal(5)));
  }

  private static List<Anomaly> fleetAnomalies(Connection connection) throws SQLException {
    return list(connection, FLEET_ANOMALIES, rs -> new Anomaly(
        rs.getObject(1, LocalDate.class), rs.getString(2), rs.getBigDecimal(3),
        rs.getBigDecimal(4), rs.getBigDecimal(5)));
  }

  private static List<RetentionCell> retention(Connection connection) throws SQLException {
    return list(connection, RETENTION, rs -> new RetentionCell(
        rs.getObject(1, LocalDate.class), rs.getInt(2), rs.getLong(3), rs.getLong(4),
        rs.getBigDecimal(5)));
  }

  private static List<AdoptionDay> adoption(Connection connection) throws SQLException {
    return list(connection, ADOPTION, rs -> new AdoptionDay(
        rs.getString(1), rs.getObject(2, LocalDate.class), rs.getLong(3), rs.getLong(4),
        rs.getBigDecimal(5)));
  }

  private record DaysActiveRow(LocalDate monthStart, DaysActiveCount count) {}

  private static DaysActiveMonth daysActive(Connection connection) throws SQLException {
    List<DaysActiveRow> rows = list(connection, DAYS_ACTIVE_LAST_MONTH, rs -> new DaysActiveRow(
        rs.getObject(1, LocalDate.class), new DaysActiveCount(rs.getInt(2), rs.getLong(3))));
    return new DaysActiveMonth(
        rows.isEmpty() ? null : rows.get(0).monthStart(),
        rows.stream().map(DaysActiveRow::count).toList());
  }

  private static List<UsageCount> usage(Connection connection, String sql) throws SQLException {
    return list(connection, sql, rs -> new UsageCount(rs.getString(1), rs.getLong(2), rs.getLong(3)));
  }

  private static List<VersionStability> versions(Connection connection) throws SQLException {
    return list(connection, VERSIONS, rs -> new VersionStability(
        rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getLong(5),
        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getBigDecimal(9), rs.getString(10),
        rs.getBigDecimal(11), rs.getBigDecimal(12), nullableDouble(rs, 13), rs.getBoolean(14)));
  }

  private static List<ReasonCount> rejectsByReason(Connection connection, long runId)
      throws SQLException {
    return list(connection, REJECTS_BY_REASON,
        rs -> new ReasonCount(rs.getString(1), rs.getLong(2)), runId);
  }

  private static List<FieldIssue> fieldIssues(Connection connection, long runId)
      throws SQLException {
    return list(connection, FIELD_ISSUES, rs -> new FieldIssue(rs.getString(1), rs.getString(2),
        rs.getLong(3), Arrays.asList((String[]) rs.getArray(4).getArray())), runId);
  }

  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Every row of a query whose parameters are run ids. */
  private static <T> List<T> list(Connection connection, String sql, RowReader<T> reader,
      long... parameters) throws SQLException {
    List<T> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setLong(i + 1, parameters[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          rows.add(reader.read(rs));
        }
      }
    }
    return rows;
  }

  private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : value;
  }
}
