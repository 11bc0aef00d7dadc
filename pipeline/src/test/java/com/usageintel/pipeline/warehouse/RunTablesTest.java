package com.usageintel.pipeline.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.TestDatabase;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The writers of a run against the tables the migrations made: one writer a table, every column filled. */
class RunTablesTest {
  private String db;

  @BeforeEach
  void migratedDatabase() throws SQLException {
    db = TestDatabase.freshDatabase();
    try (Connection connection = TestDatabase.connect(db)) {
      WarehouseSchema.apply(PostgresDataSource.of(db, EmbeddedDatabase.USER), connection);
    }
  }

  @AfterEach
  void dropDatabase() {
    TestDatabase.drop(db);
  }

  private WarehouseColumns catalog() throws SQLException {
    try (Connection connection = TestDatabase.connect(db)) {
      return WarehouseColumns.read(connection);
    }
  }

  /** Every writer RunTables offers, each built (so checked against its table) once. */
  private static List<BatchInsert<?>> everyWriter(RunTables tables) throws ReflectiveOperationException {
    List<BatchInsert<?>> writers = new ArrayList<>();
    for (Method method : RunTables.class.getMethods()) {
      if (method.getReturnType() == BatchInsert.class) {
        Object[] arguments = method.getParameterCount() == 0 ? new Object[0] : new Object[] {ZoneOffset.UTC};
        writers.add((BatchInsert<?>) method.invoke(tables, arguments));
      }
    }
    return writers;
  }

  @Test
  void everyTableARunWritesHasExactlyOneWriterThatFillsEveryColumn() throws Exception {
    WarehouseColumns catalog = catalog();
    Set<String> written = new TreeSet<>();
    for (BatchInsert<?> writer : everyWriter(new RunTables(catalog, 1))) {
      assertTrue(written.add(writer.table()), writer.table() + " has two writers");
    }
    assertEquals(new TreeSet<>(catalog.tables()), written);
    // 20 per-run tables (V1 to V3, renamed by V4) and the two quarantine tables.
    assertEquals(22, written.size());
  }

  @Test
  void aColumnAMigrationAddsAndNoWriterFillsStopsTheRunBeforeItStarts() throws SQLException {
    TestDatabase.execute(db, "alter table incoming_agg_kpi_daily add column dau_28d_avg double precision");
    RunTables tables = new RunTables(catalog(), 1);
    IllegalStateException error = assertThrows(IllegalStateException.class, tables::kpiDaily);
    assertEquals("incoming_agg_kpi_daily has columns nothing fills: [dau_28d_avg]", error.getMessage());
  }

  @Test
  void aColumnAMigrationDropsStopsTheWriterThatStillFillsIt() throws SQLException {
    TestDatabase.execute(db, "alter table incoming_state_user drop column last_seen_micros");
    RunTables tables = new RunTables(catalog(), 1);
    IllegalStateException error = assertThrows(IllegalStateException.class, tables::userSpans);
    assertEquals("incoming_state_user has no column last_seen_micros in the database", error.getMessage());
  }

  @Test
  void aNewPerRunTableIsEmptiedByThePublishWithoutAWordInJava() throws SQLException {
    TestDatabase.execute(db, "create unlogged table incoming_future (run_id bigint not null)");
    try (Connection connection = TestDatabase.connect(db)) {
      assertTrue(WarehouseColumns.incomingTables(connection).contains("incoming_future"));
      assertTrue(!WarehouseColumns.incomingTables(connection).contains("dq_rejected_rows"));
    }
  }

  @Test
  void schemaFieldsAreNamedInSnakeCaseWithDigitsAsAWord() {
    assertEquals("dau_7d_avg", SchemaFieldColumn.snakeCase("dau7dAvg"));
    assertEquals("z_score", SchemaFieldColumn.snakeCase("zScore"));
    assertEquals("first_seen_date_sk", SchemaFieldColumn.snakeCase("firstSeenDateSk"));
    assertEquals("is_regression", SchemaFieldColumn.snakeCase("isRegression"));
    assertEquals("dau", SchemaFieldColumn.snakeCase("dau"));
  }

  @Test
  void aDayKeyFieldFillsItsDateColumnWhenTheTableHasNoKeyColumn() throws SQLException {
    // DaysActiveMonth.monthStartSk: incoming_agg_days_active_monthly has month_start (a date), no month_start_sk.
    String sql = new RunTables(catalog(), 3).daysActiveMonthly().sql();
    assertTrue(sql.contains(" u.month_start"), sql);
    assertEquals(1, sql.split("\\?::date\\[]", -1).length - 1, sql);
    assertTrue(!sql.contains("month_start_sk"), sql);
  }
}
