package com.usageintel.pipeline.report;

import com.usageintel.pipeline.RunLedger;
import com.usageintel.pipeline.UserFacingException;
import com.usageintel.pipeline.report.ReportData.DailyKpi;
import com.usageintel.pipeline.report.ReportData.DataQuality;
import com.usageintel.pipeline.report.ReportData.FieldIssue;
import com.usageintel.pipeline.report.ReportData.Kpis;
import com.usageintel.pipeline.report.ReportData.Period;
import com.usageintel.pipeline.report.ReportData.ReasonCount;
import com.usageintel.pipeline.report.ReportData.UsageCount;
import com.usageintel.pipeline.report.ReportData.VersionStability;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The dashboard's queries, each metric as contract section 5 defines it, all read in one
 * read-only snapshot so that a run publishing meanwhile cannot mix two states into one page.
 */
public final class ReportQueries {
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
      "select kpi_date, events, dau, dau_7d_avg from agg_kpi_daily order by kpi_date";

  /** Events and distinct users per member of a dimension the fact references by {@code key}. */
  private static final String USAGE_BY =
      "select d.%2$s, count(*), count(distinct f.user_sk)"
          + " from fact_feature_usage f join %1$s d using (%3$s)"
          + " group by d.%2$s order by count(*) desc, d.%2$s";

  static final String FEATURES = String.format(USAGE_BY, "dim_feature", "feature_name", "feature_sk");
  /** The event's region (event time), as agg_usage_daily takes it. */
  static final String REGIONS = String.format(USAGE_BY, "dim_region", "region", "region_sk");
  static final String VEHICLES = String.format(USAGE_BY, "dim_vehicle", "vehicle_model", "vehicle_sk");

  static final String VERSIONS =
      "select os_type, app_version, major, minor, events, users, error_rate_pct,"
          + " prev_app_version, prev_error_rate_pct, diff_pp, z_score, is_regression"
          + " from agg_app_version_stability order by os_type, major, minor";

  static final String REJECTS_BY_REASON =
      "select reason, count(*) from dq_rejected_rows, unnest(reasons) as reason"
          + " where run_id = ? group by reason order by count(*) desc, reason";

  static final String FIELD_ISSUES =
      "select field, issue_code, issue_count, sample_values from dq_issue_counts"
          + " where run_id = ? order by issue_count desc, field, issue_code";

  private ReportQueries() {}

  /** Reads the dashboard's data; fails in one line if no run has published anything yet. */
  public static ReportData read(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    connection.setReadOnly(true);
    try {
      if (!etlRunExists(connection)) {
        throw nothingPublished();
      }
      long runId;
      Timestamp finishedAt;
      try (PreparedStatement statement = connection.prepareStatement(PUBLISHING_RUN);
          ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          throw nothingPublished();
        }
        runId = rs.getLong(1);
        finishedAt = rs.getTimestamp(2);
      }
      List<DailyKpi> daily = daily(connection);
      return new ReportData(
          daily.isEmpty()
              ? new Period(null, null)
              : new Period(daily.get(0).date(), daily.get(daily.size() - 1).date()),
          kpis(connection),
          daily,
          usage(connection, FEATURES),
          versions(connection),
          usage(connection, REGIONS),
          usage(connection, VEHICLES),
          new DataQuality(
              RunLedger.summary(connection, runId),
              finishedAt.toInstant(),
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

  private static boolean etlRunExists(Connection connection) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement("select to_regclass('etl_run') is not null");
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static Kpis kpis(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(KPIS);
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      return new Kpis(
          rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getBigDecimal(5),
          nullableDouble(rs, 6), rs.getLong(7));
    }
  }

  private static List<DailyKpi> daily(Connection connection) throws SQLException {
    List<DailyKpi> days = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(DAILY);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        days.add(new DailyKpi(
            rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3), rs.getDouble(4)));
      }
    }
    return days;
  }

  private static List<UsageCount> usage(Connection connection, String sql) throws SQLException {
    List<UsageCount> counts = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        counts.add(new UsageCount(rs.getString(1), rs.getLong(2), rs.getLong(3)));
      }
    }
    return counts;
  }

  private static List<VersionStability> versions(Connection connection) throws SQLException {
    List<VersionStability> versions = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(VERSIONS);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        versions.add(new VersionStability(
            rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getLong(5),
            rs.getLong(6), rs.getBigDecimal(7), rs.getString(8), rs.getBigDecimal(9),
            rs.getBigDecimal(10), nullableDouble(rs, 11), rs.getBoolean(12)));
      }
    }
    return versions;
  }

  private static List<ReasonCount> rejectsByReason(Connection connection, long runId)
      throws SQLException {
    List<ReasonCount> reasons = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(REJECTS_BY_REASON)) {
      statement.setLong(1, runId);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          reasons.add(new ReasonCount(rs.getString(1), rs.getLong(2)));
        }
      }
    }
    return reasons;
  }

  private static List<FieldIssue> fieldIssues(Connection connection, long runId)
      throws SQLException {
    List<FieldIssue> issues = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(FIELD_ISSUES)) {
      statement.setLong(1, runId);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          Array samples = rs.getArray(4);
          issues.add(new FieldIssue(rs.getString(1), rs.getString(2), rs.getLong(3),
              Arrays.asList((String[]) samples.getArray())));
        }
      }
    }
    return issues;
  }

  private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : value;
  }
}
