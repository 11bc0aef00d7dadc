package com.usageintel.pipeline.warehouse;

import com.usageintel.schemas.DimMember;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements of a run's publish transaction (the caller commits), in the order of the files of
 * {@code sql/publish/}: the staged events merge into the loaded ones, the dimensions, the users'
 * state, the fact rows of the events written, the recomputed aggregates and the touched days'
 * state are published, the row accounting is checked and the run marked {@code succeeded}.
 * Readers see the state before or after (contract section 6.4). The work is that of what the run
 * adds: its events, its touched days, its users, and the small cross-day tables.
 */
final class PublishTransaction {
  private static final Pattern RUN_ID = Pattern.compile("(?<!:):run_id\\b");

  /** A simple dimension: its members in dim_key and incoming_dim_member, its table and columns. */
  private record SimpleDimension(String dimension, String table, String key, String column) {}

  private static final List<SimpleDimension> SIMPLE_DIMENSIONS = List.of(
      new SimpleDimension(DimMember.REGION, "dim_region", "region_sk", "region"),
      new SimpleDimension(DimMember.PLATFORM, "dim_platform", "platform_sk", "os_type"),
      new SimpleDimension(DimMember.VEHICLE, "dim_vehicle", "vehicle_sk", "vehicle_model"),
      new SimpleDimension(DimMember.FEATURE, "dim_feature", "feature_sk", "feature_name"));

  private PublishTransaction() {}

  /**
   * Publishes run {@code runId}. Returns false, changing nothing, if the run is no longer running:
   * a runner that retries the publish step after it committed must not publish twice.
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
    run(connection, "01-run-events.sql", runId);
    long staged = queryLong(connection, "select count(*) from run_events");
    if (staged != survivors || read != survivors + duplicates + rejected) {
      throw new IllegalStateException(String.format(
          "run %d does not add up, so it was not published: rows read %d, events counted %d,"
              + " events staged %d, duplicates %d, rejected %d",
          runId, read, survivors, staged, duplicates, rejected));
    }
    run(connection, "02-merge-events.sql", runId);
    long rowsNew = queryLong(connection, "select count(*) from written_events where is_new");
    timings.mark("events merged");
    run(connection, "03-member-keys.sql", runId);
    run(connection, "04-lock-published-tables.sql", runId);
    timings.mark("member keys and locks");
    run(connection, "05-clear-recomputed-aggregates.sql", runId);
    for (SimpleDimension dimension : SIMPLE_DIMENSIONS) {
      runScript(connection, WarehouseSchema.sqlScript("publish/06-simple-dimension.sql")
          .replace("{dimension}", dimension.dimension())
          .replace("{table}", dimension.table())
          .replace("{key}", dimension.key())
          .replace("{column}", dimension.column()), runId);
    }
    run(connection, "06-dimensions.sql", runId);
    run(connection, "07-users.sql", runId);
    timings.mark("dimensions");
    long written = queryLong(connection, "select count(*) from written_events");
    long factRows = run(connection, "08-fact.sql", runId);
    if (factRows != written) {
      throw new IllegalStateException(String.format("run %d was not published: %d events were"
          + " written but %d fact rows: an event's member is missing from its dimension",
          runId, written, factRows));
    }
    timings.mark("fact");
    run(connection, "09-aggregates.sql", runId);
    run(connection, "10-state.sql", runId);
    timings.mark("aggregates and state");
    try (Statement statement = connection.createStatement()) {
      // Only this run has rows there: runs take turns, and a new run clears abandoned ones.
      // Every per-run table the migrations made, so that a new one is emptied without a word here.
      statement.executeUpdate(
          "truncate " + String.join(", ", WarehouseColumns.incomingTables(connection)));
    }
    timings.mark("staging cleared");
    try (PreparedStatement statement =
        connection.prepareStatement(
            "update etl_run set status = 'succeeded', finished_at = now(), rows_read = ?,"
                + " rows_new = ?, rows_already_loaded = ?, rows_duplicate = ?, rows_rejected = ?,"
                + " publish_seconds = ?::json where run_id = ?")) {
      statement.setLong(1, read);
      statement.setLong(2, rowsNew);
      statement.setLong(3, survivors - rowsNew);
      statement.setLong(4, duplicates);
      statement.setLong(5, rejected);
      statement.setString(6, timings.json());
      statement.setLong(7, runId);
      statement.executeUpdate();
    }
    return true;
  }

  /**
   * Runs the statements of {@code sql/publish/<file>} (separated by a semicolon at a line end),
   * with {@code :run_id} bound to the run; returns the rows they changed, together.
   */
  private static long run(Connection connection, String file, long runId) throws SQLException {
    return runScript(connection, WarehouseSchema.sqlScript("publish/" + file), runId);
  }

  private static long runScript(Connection connection, String script, long runId)
      throws SQLException {
    long changed = 0;
    for (String sql : script.split(";\\s*\\n")) {
      if (sql.isBlank()) {
        continue;
      }
      Matcher runIds = RUN_ID.matcher(sql);
      int parameters = 0;
      while (runIds.find()) {
        parameters++;
      }
      try (PreparedStatement statement = connection.prepareStatement(runIds.replaceAll("?"))) {
        for (int i = 1; i <= parameters; i++) {
          statement.setLong(i, runId);
        }
        // A select (of a function that makes a partition) returns rows, not a count.
        statement.execute();
        changed += Math.max(0, statement.getUpdateCount());
      }
    }
    return changed;
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

  private static long queryLong(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
