package com.usageintel.pipeline.warehouse;

import com.usageintel.pipeline.TestDatabase;
import com.usageintel.schemas.UsageEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * A fresh test database with the warehouse's schema, applied as a run applies it, for the tests of
 * the transforms that read and write the warehouse; and hand-made events for them.
 */
final class TestWarehouse {
  /** The database the schema was applied to, once per test JVM; each test gets a copy. */
  private static String migrated;

  private TestWarehouse() {}

  /**
   * A new database of the shared embedded server at this release's schema: a copy of one that
   * {@link WarehouseSchema#apply} migrated (the migrations take a second; a copy a tenth of one).
   */
  static synchronized PostgresDataSource fresh() {
    if (migrated == null) {
      String url = TestDatabase.freshDatabase();
      PostgresDataSource db = PostgresDataSource.of(url, EmbeddedDatabase.USER);
      try (Connection connection = db.connect()) {
        WarehouseSchema.apply(db, connection);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      // Flyway's connections stay open in the pool, and PostgreSQL copies no database in use.
      String name = url.substring(url.lastIndexOf('/') + 1);
      TestDatabase.execute(TestDatabase.server().jdbcUrl(), "select pg_terminate_backend(pid,"
          + " 10000) from pg_stat_activity where datname = '" + name + "'");
      migrated = url;
    }
    return PostgresDataSource.of(TestDatabase.copyOf(migrated), EmbeddedDatabase.USER);
  }

  /** A run recorded in etl_run as the run command starts one: {@code running}. */
  static long startRun(PostgresDataSource db) {
    try (Connection connection = db.connect()) {
      return RunLedger.startRun(
          connection, "DirectRunner", List.of("a.csv"), "checksum", "test", "{}");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The writers of run {@code runId}, on the columns the migrations gave {@code db}, as a run builds them. */
  static RunTables tables(PostgresDataSource db, long runId) {
    try (Connection connection = db.connect()) {
      return new RunTables(WarehouseColumns.read(connection), runId);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The rows in the per-run tables, of any run. */
  static long incomingRows(PostgresDataSource db) {
    try (Connection connection = db.connect()) {
      long rows = 0;
      for (String table : WarehouseColumns.incomingTables(connection)) {
        rows += TestDatabase.count(db.jdbcUrl(), "select count(*) from " + table);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An event of {@code user} at {@code at} (ISO instant) using {@code feature}, every other field
   * known: Germany, VW ID.4, Android v5.5, active, a 12.5-minute session without error, rated 4.
   */
  static UsageEvent.Builder event(String user, String at, String feature) {
    return UsageEvent.builder()
        .setFeatureUsedAt(Instant.parse(at))
        .setUserId(user)
        .setFeatureName(feature)
        .setRegion("Germany")
        .setVehicleModel("VW ID.4")
        .setOsType("Android")
        .setAppVersion("v5.5")
        .setSubscriptionStatus("active")
        .setSessionDurationMin(12.5)
        .setErrorFlag(0)
        .setFeedbackRating(4.0)
        .setSourceFile("a.csv")
        .setLineNumber(2)
        .setRawText(user + "," + at + "," + feature);
  }
}
