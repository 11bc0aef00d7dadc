package com.usageintel.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The database side of a run: the schema, the lock that serialises runs, the {@code etl_run} row
 * from start to finish, and the publish transaction.
 */
public final class RunLedger {
  /** Advisory lock key held by the run in progress ("usag" in ASCII). */
  static final long RUN_LOCK_KEY = 0x75736167L;

  private static final String EVENT_COLUMNS =
      "user_id, region, vehicle_model, feature_name, session_duration_min, error_flag,"
          + " feedback_rating, app_version, os_type, subscription_status, feature_used_at, date,"
          + " week, iso_year, raw_record, usable_field_count";

  private RunLedger() {}

  /** What a run did, as stored in {@code etl_run}. */
  public record RunSummary(
      long runId,
      String status,
      long rowsRead,
      long rowsNew,
      long rowsAlreadyLoaded,
      long rowsDuplicate,
      long rowsRejected) {

    /** The accounting identity of contract section 6.1. */
    public boolean balances() {
      return rowsRead == rowsNew + rowsAlreadyLoaded + rowsDuplicate + rowsRejected;
    }

    public String describe() {
      return String.format(
          "run %d %s: rows read %,d = new %,d + already loaded %,d + duplicates %,d + rejected %,d",
          runId, status, rowsRead, rowsNew, rowsAlreadyLoaded, rowsDuplicate, rowsRejected);
    }
  }

  public static void applySchema(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(schemaSql());
    }
  }

  static String schemaSql() {
    try (InputStream in = RunLedger.class.getResourceAsStream("/sql/schema.sql")) {
      if (in == null) {
        throw new IllegalStateException("sql/schema.sql is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Takes the run lock without waiting; false if another run holds it. */
  public static boolean tryLockRuns(Connection connection) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("select pg_try_advisory_lock(?)")) {
      statement.setLong(1, RUN_LOCK_KEY);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  public static void lockRuns(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_lock(?)")) {
      statement.setLong(1, RUN_LOCK_KEY);
      statement.execute();
    }
  }

  /**
   * Marks runs left {@code running} by a process that died as {@code failed}. Only safe while
   * holding the run lock: then no other run can be in progress.
   */
  public static int failAbandonedRuns(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      int abandoned =
          statement.executeUpdate(
              "update etl_run set status = 'failed', finished_at = now(), error_message ="
                  + " 'abandoned: the process ended before the run finished' where status = 'running'");
      statement.executeUpdate(
          "delete from stage_feature_usage where run_id not in"
              + " (select run_id from etl_run where status = 'running')");
      return abandoned;
    }
  }

  public static long startRun(
      Connection connection,
      String runner,
      List<String> inputs,
      String referenceChecksum,
      String softwareVersion,
      String optionsJson)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "insert into etl_run (started_at, status, runner, inputs, reference_checksum,"
                + " software_version, options) values (now(), 'running', ?, ?, ?, ?, ?::jsonb)"
                + " returning run_id")) {
      statement.setString(1, runner);
      statement.setArray(2, connection.createArrayOf("text", inputs.toArray()));
      statement.setString(3, referenceChecksum);
      statement.setString(4, softwareVersion);
      statement.setString(5, optionsJson);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  public static void failRun(Connection connection, long runId, String message)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "update etl_run set status = 'failed', finished_at = now(), error_message = ?"
                + " where run_id = ? and status = 'running'")) {
      statement.setString(1, message);
      statement.setLong(2, runId);
      statement.executeUpdate();
    }
  }

  /**
   * The publish transaction's statements (the caller commits). Returns false, changing nothing,
   * if the run is no longer running: a runner that retries the publish step after it committed
   * must not publish twice.
   */
  static boolean publish(
      Connection connection, long runId, long read, long survivors, long duplicates, long rejected)
      throws SQLException {
    if (!"running".equals(queryString(connection,
        "select status from etl_run where run_id = ? for update", runId))) {
      return false;
    }
    long staged = queryLong(connection,
        "select count(*) from stage_feature_usage where run_id = ?", runId);
    if (staged != survivors || read != survivors + duplicates + rejected) {
      throw new IllegalStateException(String.format(
          "run %d does not add up, so it was not published: rows read %d, events counted %d,"
              + " events staged %d, duplicates %d, rejected %d",
          runId, read, survivors, staged, duplicates, rejected));
    }
    long alreadyLoaded = queryLong(connection,
        "select count(*) from stage_feature_usage s join stg_feature_usage f"
            + " using (user_id, feature_used_at, feature_name) where s.run_id = ?", runId);
    // The survivor rule across runs: a staged event replaces a loaded one only if it is better.
    update(connection,
        "insert into stg_feature_usage (" + EVENT_COLUMNS + ", run_id) select " + EVENT_COLUMNS
            + ", run_id from stage_feature_usage where run_id = ?"
            + " on conflict (user_id, feature_used_at, feature_name) do update set "
            + updateAll(EVENT_COLUMNS) + ", run_id = excluded.run_id"
            + " where excluded.usable_field_count > stg_feature_usage.usable_field_count"
            + " or (excluded.usable_field_count = stg_feature_usage.usable_field_count"
            + " and excluded.raw_record collate \"C\" < stg_feature_usage.raw_record collate \"C\")",
        runId);
    update(connection, "delete from stage_feature_usage where run_id = ?", runId);
    try (PreparedStatement statement =
        connection.prepareStatement(
            "update etl_run set status = 'succeeded', finished_at = now(), rows_read = ?,"
                + " rows_new = ?, rows_already_loaded = ?, rows_duplicate = ?, rows_rejected = ?"
                + " where run_id = ?")) {
      statement.setLong(1, read);
      statement.setLong(2, survivors - alreadyLoaded);
      statement.setLong(3, alreadyLoaded);
      statement.setLong(4, duplicates);
      statement.setLong(5, rejected);
      statement.setLong(6, runId);
      statement.executeUpdate();
    }
    return true;
  }

  public static RunSummary summary(Connection connection, long runId) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select status, rows_read, rows_new, rows_already_loaded, rows_duplicate,"
                + " rows_rejected from etl_run where run_id = ?")) {
      statement.setLong(1, runId);
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("run " + runId + " is not in etl_run");
        }
        return new RunSummary(
            runId, rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
            rs.getLong(6));
      }
    }
  }

  private static String updateAll(String columns) {
    StringBuilder sql = new StringBuilder();
    for (String column : columns.split(",")) {
      String name = column.strip();
      if (sql.length() > 0) {
        sql.append(", ");
      }
      sql.append(name).append(" = excluded.").append(name);
    }
    return sql.toString();
  }

  private static String queryString(Connection connection, String sql, long runId)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, runId);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static long queryLong(Connection connection, String sql, long runId)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, runId);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void update(Connection connection, String sql, long runId) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, runId);
      statement.executeUpdate();
    }
  }
}
