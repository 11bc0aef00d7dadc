package com.usageintel.pipeline.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The database side of a run: the lock that serialises runs, the {@code etl_run} row from start
 * to finish ({@link PublishTransaction} publishes it), and what the warehouse already holds that
 * a run must know before it starts.
 */
public final class RunLedger {
  /** Advisory lock key held by the run in progress ("usag" in ASCII). */
  public static final long RUN_LOCK_KEY = 0x75736167L;

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

  /**
   * The days of the loaded events when the warehouse holds events but no state: it was loaded by a
   * release that kept none, and the run recomputes every day once. Empty otherwise: the state of
   * every loaded day is published with its events.
   */
  public static List<Integer> loadedDaysWithoutState(Connection connection) throws SQLException {
    List<Integer> days = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select distinct to_char(date, 'YYYYMMDD')::integer"
            + " from stg_feature_usage where not exists (select 1 from state_day) order by 1")) {
      while (rs.next()) {
        days.add(rs.getInt(1));
      }
    }
    return days;
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
   * The run in progress, as far as {@code etl_run} says: none before the schema exists or while
   * the run holding the lock has not recorded itself yet.
   */
  public static Optional<Long> runningRun(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("select to_regclass('etl_run') is null")) {
        rs.next();
        if (rs.getBoolean(1)) {
          return Optional.empty();
        }
      }
      try (ResultSet rs = statement.executeQuery(
          "select max(run_id) from etl_run where status = 'running'")) {
        rs.next();
        long runId = rs.getLong(1);
        return rs.wasNull() ? Optional.empty() : Optional.of(runId);
      }
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
      for (String incoming : WarehouseColumns.incomingTables(connection)) {
        statement.executeUpdate("delete from " + incoming + " where run_id not in"
            + " (select run_id from etl_run where status = 'running')");
      }
      return abandoned;
    }
  }

  /**
   * The reporting time zones in which the loaded events were dated: those of the runs that
   * published new events (older versions of usage-intel allowed several). Read from the ledger,
   * not from the events, so that the question costs the same whatever the warehouse holds; a run
   * whose events were all replaced later still counts, which can only refuse a run, never admit one.
   */
  public static List<String> reportingZonesOfLoadedEvents(Connection connection)
      throws SQLException {
    List<String> zones = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select distinct options ->> 'reportingTimeZone'"
            + " from etl_run where status = 'succeeded' and rows_new > 0"
            + " and exists (select 1 from stg_feature_usage) order by 1")) {
      while (rs.next()) {
        zones.add(rs.getString(1));
      }
    }
    return zones;
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

  /** "events merged 6.2 s, ..., indexes and keys 3.6 s" for a published run, else empty. */
  public static Optional<String> publishTimings(Connection connection, long runId)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "select string_agg(key || ' ' || to_char(value::numeric, 'FM999990.0') || ' s', ', '"
            + " order by ordinality), sum(value::numeric) from etl_run,"
            + " json_each_text(publish_seconds) with ordinality where run_id = ?")) {
      statement.setLong(1, runId);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() && rs.getString(1) != null
            ? Optional.of(String.format(java.util.Locale.ROOT, "publish %.1f s: %s",
                rs.getDouble(2), rs.getString(1)))
            : Optional.empty();
      }
    }
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
}
