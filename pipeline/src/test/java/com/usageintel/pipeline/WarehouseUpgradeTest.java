package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import com.usageintel.pipeline.warehouse.WarehouseSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * A warehouse loaded by release 0.1 (test resources {@code upgrade/}: its rows after one run over
 * {@code a.csv}) upgrades in place on the first run of this release, and then holds what a fresh
 * load of the same inputs holds, table by table (keys aside); the same holds for two runs of this
 * release. {@code b.csv} replaces loaded events (one member leaves its dimension, one user's
 * latest known region falls back to an earlier event) and holds an event before everything loaded.
 */
class WarehouseUpgradeTest {
  /** The tables of 0.1 with rows, in an order that satisfies their foreign keys. */
  private static final List<String> TABLES_OF_0_1 = List.of(
      "etl_run", "stg_feature_usage", "dq_rejected_rows", "dq_issue_counts", "dim_key", "dim_date",
      "dim_region", "dim_platform", "dim_vehicle", "dim_feature", "dim_app_version", "dim_user",
      "fact_feature_usage", "agg_usage_daily", "agg_kpi_daily", "agg_app_version_stability");

  @TempDir Path dir;

  @Test
  void aWarehouseOfRelease01UpgradesInPlaceAndThenEqualsAFreshLoad() {
    String upgraded = TestDatabase.freshDatabase();
    restoreRelease01(upgraded);
    assertEquals(761, TestDatabase.count(upgraded, "select count(*) from fact_feature_usage"));

    RunSummary run = TestRuns.load(upgraded, input("b.csv"), TestRuns.AS_THE_COMMAND_RUNS);

    assertEquals("succeeded", run.status());
    // The migrations ran once each, over the baseline of a database made before them.
    assertEquals(List.of(List.of("0"), List.of("1"), List.of("2"), List.of("3"), List.of("4")),
        TestDatabase.rows(upgraded,
            "select version from flyway_schema_history where success order by installed_rank"));
    // V4 renamed 0.1's per-run tables and their keys; the run above wrote through the new names.
    assertEquals(0, TestDatabase.count(upgraded, "select count(*) from pg_class"
        + " where relnamespace = 'public'::regnamespace and relname like 'stage\\_%'"));
    assertEquals(List.of(List.of("incoming_agg_kpi_daily_pkey")), TestDatabase.rows(upgraded,
        "select indexname from pg_indexes where tablename = 'incoming_agg_kpi_daily'"));
    assertEquals(List.of(List.of("p")), TestDatabase.rows(upgraded,
        "select relkind::text from pg_class where relname = 'fact_feature_usage'"));
    assertSameAsOneLoadOfBoth(upgraded);
  }

  @Test
  void twoRunsOfThisReleaseEqualOneLoadOfBoth() {
    String twoRuns = TestDatabase.freshDatabase();
    TestRuns.load(twoRuns, input("a.csv"), TestRuns.AS_THE_COMMAND_RUNS);
    RunSummary second = TestRuns.load(twoRuns, input("b.csv"), TestRuns.AS_THE_COMMAND_RUNS);

    // b.csv: 600 rows of g1 (200 of them loaded by a.csv), 300 of g2, 4 written by hand, of which
    // 3 share an identity with a loaded event.
    assertEquals(904, second.rowsRead());
    assertSameAsOneLoadOfBoth(twoRuns);
  }

  private void assertSameAsOneLoadOfBoth(String incremental) {
    String together = TestDatabase.freshDatabase();
    Path both = dir.resolve("both");
    copy("a.csv", both);
    copy("b.csv", both);
    TestRuns.load(together, both.resolve("*.csv"), TestRuns.AS_THE_COMMAND_RUNS);

    Map<String, List<List<String>>> expected = PublishedTables.snapshot(together);
    LoadOrderPropertiesTest.assertSameTables(expected, PublishedTables.snapshot(incremental),
        () -> "a.csv then b.csv against both at once");

    // The hand-written cases, checked against the loaded events themselves.
    assertEquals(List.of(), TestDatabase.rows(incremental,
        "select region from dim_region where region = 'Atlantis'"));
    assertEquals(TestDatabase.rows(incremental, "select region from stg_feature_usage"
            + " where user_id = 'U00089' and region <> 'Unknown'"
            + " order by feature_used_at desc, feature_name collate \"C\" limit 1"),
        TestDatabase.rows(incremental, "select region from dim_user where user_id = 'U00089'"));
    assertEquals(List.of(List.of("2025-06-20", "2025-06-20 09:00:00+00")), TestDatabase.rows(incremental,
        "select (select min(calendar_date) from dim_date)::text,"
            + " (select first_seen_at from dim_user where user_id = 'U01362')::text"));
    TestDatabase.drop(together);
  }

  /**
   * The database release 0.1 left: its DDL (migration V1 is that release's schema), its bi views
   * (that release's bi.sql, kept with the fixture), then its rows.
   */
  private static void restoreRelease01(String jdbcUrl) {
    try (Connection connection = TestDatabase.connect(jdbcUrl);
        Statement statement = connection.createStatement()) {
      statement.execute(WarehouseSchema.sqlScript("migrations/V1__usage_intel_0_1.sql"));
      try (InputStream views = resource("usage-intel-0.1/bi.sql")) {
        statement.execute(new String(views.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
      for (String table : TABLES_OF_0_1) {
        try (InputStream rows = resource("usage-intel-0.1/" + table + ".csv")) {
          connection.unwrap(PGConnection.class).getCopyAPI()
              .copyIn("copy " + table + " from stdin (format csv, header)", rows);
        }
      }
      statement.execute("select setval(pg_get_serial_sequence('etl_run', 'run_id'), max(run_id)) from etl_run");
      statement.execute("select setval(pg_get_serial_sequence('stg_feature_usage', 'usage_sk'),"
          + " max(usage_sk)) from stg_feature_usage");
      statement.execute("select setval(pg_get_serial_sequence('dim_key', 'sk'), max(sk)) from dim_key");
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path input(String name) {
    Path copy = dir.resolve("inputs");
    copy(name, copy);
    return copy.resolve(name);
  }

  private static void copy(String name, Path directory) {
    try (InputStream in = resource(name)) {
      Files.createDirectories(directory);
      Files.copy(in, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = WarehouseUpgradeTest.class.getResourceAsStream("/upgrade/" + name);
    if (in == null) {
      throw new IllegalStateException("test resource upgrade/" + name + " is missing");
    }
    return in;
  }
}
