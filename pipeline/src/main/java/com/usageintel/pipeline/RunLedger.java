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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

  /** Run-scoped staging tables: emptied when a run publishes; a dead run's rows go at the next run. */
  private static final List<String> STAGE_TABLES = List.of(
      "stage_feature_usage", "stage_dim_member", "stage_dim_date", "stage_dim_app_version",
      "stage_dim_user", "stage_agg_usage_daily", "stage_agg_kpi_daily",
      "stage_agg_app_version_stability");

  /** The fact and aggregates, rebuilt by every run (see TableRebuild). */
  private static final List<String> REBUILT_TABLES = List.of(
      "fact_feature_usage", "agg_usage_daily", "agg_kpi_daily", "agg_app_version_stability");

  /** The dimensions, rewritten by every run once nothing refers to them. */
  private static final List<String> DIMENSION_TABLES = List.of(
      "dim_user", "dim_app_version", "dim_region", "dim_platform", "dim_vehicle", "dim_feature",
      "dim_date");

  /** The simple dimensions: table, key column, value column, as staged in stage_dim_member. */
  private static final List<List<String>> SIMPLE_DIMENSIONS = List.of(
      List.of("region", "dim_region", "region_sk", "region"),
      List.of("platform", "dim_platform", "platform_sk", "os_type"),
      List.of("vehicle", "dim_vehicle", "vehicle_sk", "vehicle_model"),
      List.of("feature", "dim_feature", "feature_sk", "feature_name"));

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

  /** The tables, then the BI views over them (sql/bi.sql). */
  public static void applySchema(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sqlScript("schema.sql"));
      statement.execute(sqlScript("bi.sql"));
    }
  }

  /** A script of the top-level sql/ folder, which ships inside the jar. */
  static String sqlScript(String name) {
    try (InputStream in = RunLedger.class.getResourceAsStream("/sql/" + name)) {
      if (in == null) {
        throw new IllegalStateException("sql/" + name + " is missing from the classpath");
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
      for (String stage : STAGE_TABLES) {
        statement.executeUpdate("delete from " + stage + " where run_id not in"
            + " (select run_id from etl_run where status = 'running')");
      }
      return abandoned;
    }
  }

  /**
   * The reporting time zones in which the loaded events were dated: those of the runs whose
   * version of an event is loaded (older versions of usage-intel allowed several).
   */
  public static List<String> reportingZonesOfLoadedEvents(Connection connection)
      throws SQLException {
    List<String> zones = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select distinct options ->> 'reportingTimeZone'"
            + " from etl_run where run_id in (select distinct run_id from stg_feature_usage)"
            + " order by 1")) {
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
    PublishTimings timings = new PublishTimings();
    try (Statement statement = connection.createStatement()) {
      // Sorts of millions of events, in memory rather than in temporary files; this transaction only.
      statement.execute("set local work_mem = '256MB'");
    }
    // A retried bundle may have staged an event twice (COPY cannot skip rows): take each
    // identity once, by the survivor rule, which copies of one event tie on.
    update(connection, "create temp table run_events on commit drop as select distinct on"
        + " (user_id, feature_used_at, feature_name) " + EVENT_COLUMNS
        + " from stage_feature_usage where run_id = ?"
        + " order by user_id, feature_used_at, feature_name, usable_field_count desc,"
        + " raw_record collate \"C\"", runId);
    long staged = queryLong(connection, "select count(*) from run_events");
    if (staged != survivors || read != survivors + duplicates + rejected) {
      throw new IllegalStateException(String.format(
          "run %d does not add up, so it was not published: rows read %d, events counted %d,"
              + " events staged %d, duplicates %d, rejected %d",
          runId, read, survivors, staged, duplicates, rejected));
    }
    long alreadyLoaded = queryLong(connection, "select count(*) from run_events s"
        + " join stg_feature_usage f using (user_id, feature_used_at, feature_name)");
    // The survivor rule across runs: a staged event replaces a loaded one only if it is better.
    update(connection,
        "insert into stg_feature_usage (" + EVENT_COLUMNS + ", run_id) select " + EVENT_COLUMNS
            + ", ? from run_events"
            + " on conflict (user_id, feature_used_at, feature_name) do update set "
            + updateAll(EVENT_COLUMNS) + ", run_id = excluded.run_id"
            + " where excluded.usable_field_count > stg_feature_usage.usable_field_count"
            + " or (excluded.usable_field_count = stg_feature_usage.usable_field_count"
            + " and excluded.raw_record collate \"C\" < stg_feature_usage.raw_record collate \"C\")",
        runId);
    timings.mark("events merged");
    publishStarSchema(connection, runId, timings);
    try (Statement statement = connection.createStatement()) {
      // Only this run has rows there: runs take turns, and a new run clears abandoned ones.
      statement.executeUpdate("truncate " + String.join(", ", STAGE_TABLES));
    }
    timings.mark("staging cleared");
    try (PreparedStatement statement =
        connection.prepareStatement(
            "update etl_run set status = 'succeeded', finished_at = now(), rows_read = ?,"
                + " rows_new = ?, rows_already_loaded = ?, rows_duplicate = ?, rows_rejected = ?,"
                + " publish_seconds = ?::json where run_id = ?")) {
      statement.setLong(1, read);
      statement.setLong(2, survivors - alreadyLoaded);
      statement.setLong(3, alreadyLoaded);
      statement.setLong(4, duplicates);
      statement.setLong(5, rejected);
      statement.setString(6, timings.json());
      statement.setLong(7, runId);
      statement.executeUpdate();
    }
    return true;
  }

  /**
   * Replaces the star schema: the dimensions and aggregates with the run's staged rows, which the
   * pipeline computed over all loaded events, and the fact with every event of
   * stg_feature_usage. Members get their keys from dim_key, where a member's key never changes;
   * every event keeps its usage_sk.
   */
  private static void publishStarSchema(Connection connection, long runId, PublishTimings timings)
      throws SQLException {
    update(connection, "insert into dim_key (dimension, member) select dimension, member"
        + " from stage_dim_member where run_id = ? on conflict do nothing", runId);
    update(connection, "insert into dim_key (dimension, member) select 'app_version', app_version"
        + " from stage_dim_app_version where run_id = ? on conflict do nothing", runId);
    update(connection, "insert into dim_key (dimension, member) select 'user', user_id"
        + " from stage_dim_user where run_id = ? on conflict do nothing", runId);
    try (Statement statement = connection.createStatement()) {
      // Every table the publish changes, locked at once in one order before anything is changed:
      // taken one by one as the work reaches them, a reader holding one and asking for another
      // could deadlock with it.
      statement.execute("lock table " + String.join(", ", REBUILT_TABLES) + ", "
          + String.join(", ", DIMENSION_TABLES) + " in access exclusive mode");
    }
    timings.mark("member keys and locks");
    List<TableRebuild> rebuilds = new ArrayList<>();
    for (String table : REBUILT_TABLES) {
      rebuilds.add(TableRebuild.prepare(connection, table));
    }
    timings.mark("old rows deleted");
    try (Statement statement = connection.createStatement()) {
      for (String table : DIMENSION_TABLES) {
        // delete, not truncate: readers keep seeing the old rows until this transaction commits.
        statement.executeUpdate("delete from " + table);
      }
    }
    update(connection, "insert into dim_date select date_sk, calendar_date, year, quarter, month,"
        + " month_name, iso_year, iso_week, day_of_week, day_name, is_weekend"
        + " from stage_dim_date where run_id = ?", runId);
    for (List<String> dimension : SIMPLE_DIMENSIONS) {
      update(connection, "insert into " + dimension.get(1) + " (" + dimension.get(2) + ", "
          + dimension.get(3) + ") select k.sk, m.member from stage_dim_member m"
          + " join dim_key k on k.dimension = m.dimension and k.member = m.member"
          + " where m.run_id = ? and m.dimension = '" + dimension.get(0) + "'", runId);
    }
    update(connection, "insert into dim_app_version select k.sk, v.app_version, v.major, v.minor,"
        + " v.sort_order, v.first_seen_date from stage_dim_app_version v"
        + " join dim_key k on k.dimension = 'app_version' and k.member = v.app_version"
        + " where v.run_id = ?", runId);
    update(connection, "insert into dim_user select k.sk, u.user_id, u.region,"
        + " u.subscription_status, u.vehicle_model, u.os_type, u.first_seen_at, u.last_seen_at"
        + " from stage_dim_user u join dim_key k on k.dimension = 'user' and k.member = u.user_id"
        + " where u.run_id = ?", runId);
    timings.mark("dimensions");
    update(connection, "insert into fact_feature_usage select s.usage_sk, u.user_sk,"
        + " v.vehicle_sk, f.feature_sk, r.region_sk, p.platform_sk, a.app_version_sk,"
        + " to_char(s.date, 'YYYYMMDD')::integer, s.feature_used_at, s.session_duration_min,"
        + " s.error_flag, s.feedback_rating, s.app_version, s.os_type, s.region,"
        + " s.subscription_status"
        + " from stg_feature_usage s"
        + " join dim_user u on u.user_id = s.user_id"
        + " join dim_vehicle v on v.vehicle_model = s.vehicle_model"
        + " join dim_feature f on f.feature_name = s.feature_name"
        + " join dim_region r on r.region = s.region"
        + " join dim_platform p on p.os_type = s.os_type"
        + " join dim_app_version a on a.app_version = s.app_version");
    timings.mark("fact");
    update(connection, "insert into agg_usage_daily select d.calendar_date, x.region,"
        + " x.feature_name, x.app_version, x.os_type, x.dau, x.events, x.error_events,"
        + " x.avg_session, x.error_rate_pct, x.date_sk, r.region_sk, f.feature_sk,"
        + " a.app_version_sk, p.platform_sk, x.known_flag_events, x.session_minutes_sum,"
        + " x.session_count, x.rating_sum, x.rating_count"
        + " from stage_agg_usage_daily x join dim_date d using (date_sk)"
        + " join dim_region r on r.region = x.region"
        + " join dim_feature f on f.feature_name = x.feature_name"
        + " join dim_app_version a on a.app_version = x.app_version"
        + " join dim_platform p on p.os_type = x.os_type"
        + " where x.run_id = ?", runId);
    update(connection, "insert into agg_kpi_daily select d.calendar_date, x.date_sk, x.events,"
        + " x.dau, x.error_events, x.error_rate_pct, x.avg_session, x.dau_7d_avg, x.wau, x.mau,"
        + " x.stickiness from stage_agg_kpi_daily x join dim_date d using (date_sk)"
        + " where x.run_id = ?", runId);
    update(connection, "insert into agg_app_version_stability select x.os_type, x.app_version,"
        + " x.major, x.minor, d.calendar_date, x.events, x.users, x.error_events,"
        + " x.known_flag_events, x.error_rate_pct, x.prev_app_version, x.prev_error_rate_pct,"
        + " x.diff_pp, x.z_score, x.is_regression, p.platform_sk, a.app_version_sk, x.first_seen_date_sk"
        + " from stage_agg_app_version_stability x"
        + " join dim_date d on d.date_sk = x.first_seen_date_sk"
        + " join dim_platform p on p.os_type = x.os_type"
        + " join dim_app_version a on a.app_version = x.app_version"
        + " where x.run_id = ?", runId);
    timings.mark("aggregates");
    for (TableRebuild rebuild : rebuilds) {
      rebuild.restore(connection);
    }
    timings.mark("indexes and keys");
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select (select count(*) from fact_feature_usage),"
            + " (select count(*) from stg_feature_usage)")) {
      rs.next();
      if (rs.getLong(1) != rs.getLong(2)) {
        throw new IllegalStateException(String.format("run %d was not published: the fact table"
            + " would hold %d events but %d are loaded", runId, rs.getLong(1), rs.getLong(2)));
      }
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

  private static long queryLong(Connection connection, String sql, long... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setLong(i + 1, parameters[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void update(Connection connection, String sql, long... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setLong(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    }
  }
}
