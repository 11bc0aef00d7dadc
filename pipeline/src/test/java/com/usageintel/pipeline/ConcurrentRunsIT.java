package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.generate.UsageDataGenerator;
import com.usageintel.pipeline.warehouse.EmbeddedDatabase;
import com.usageintel.pipeline.warehouse.PostgresDataSource;
import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import com.usageintel.pipeline.warehouse.WarehouseSchema;
import com.usageintel.transforms.csv.CsvRecord;
import com.usageintel.transforms.csv.CsvRecordScanner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several runs of the shaded jar at once on one database, with disjoint and overlapping inputs
 * (contract section 6.3): the product serialises them with its advisory lock and says so while a
 * run waits, none deadlocks or fails, no event is lost, and the tables are exactly what one run
 * over every input publishes.
 *
 * <p>So that every later run must wait, the first is held in one of its staging writes (a test
 * trigger that loops while a row of {@code test_hold} exists) until the others wait for the lock.
 */
class ConcurrentRunsIT {
  static final int RUNS = 4;
  private static final Duration WAIT_TIMEOUT = Duration.ofMinutes(4);

  @TempDir Path dir;

  @Test
  void runsAtOnceAreSerialisedSayWhatTheyWaitForAndPublishWhatOneRunOverAllInputsPublishes()
      throws Exception {
    List<Path> inputs = inputs();
    String db = TestDatabase.freshDatabase();
    // The schema first, so the holding trigger can be attached to a staging table.
    try (Connection connection = TestDatabase.connect(db)) {
      WarehouseSchema.apply(PostgresDataSource.of(db, EmbeddedDatabase.USER), connection);
    }
    TestDatabase.execute(db, "create table test_hold (held boolean)");
    TestDatabase.execute(db, "insert into test_hold values (true)");
    TestDatabase.execute(db, "create function hold_while_asked() returns trigger language plpgsql as $$ begin"
        + " while exists (select from test_hold) loop perform pg_sleep(0.1); end loop;"
        + " return null; end $$");
    TestDatabase.execute(db, "create trigger hold_while_asked before insert on incoming_agg_kpi_daily"
        + " for each statement execute function hold_while_asked()");

    List<JarRun> runs = new ArrayList<>();
    runs.add(JarRun.start(dir, "run-1", "--input=" + inputs.get(0), "--jdbcUrl=" + db));
    await(() -> TestDatabase.count(db, "select count(*) from pg_stat_activity where wait_event = 'PgSleep'") > 0,
        "the first run to be held in its writes", runs);
    for (int i = 1; i < RUNS; i++) {
      runs.add(JarRun.start(dir, "run-" + (i + 1), "--input=" + inputs.get(i), "--jdbcUrl=" + db));
    }
    await(() -> TestDatabase.count(db, "select count(*) from pg_locks where locktype = 'advisory' and not granted")
        == RUNS - 1, "every later run to wait for the lock", runs);
    for (JarRun waiting : runs.subList(1, RUNS)) {
      assertTrue(waiting.stdout().contains("waiting for run 1 to finish"), waiting.describe());
    }
    TestDatabase.execute(db, "delete from test_hold");
    for (JarRun run : runs) {
      run.await();
      assertEquals(0, run.exitCode(), run.describe());
      assertTrue(run.stdout().contains(" succeeded: rows read "), run.describe());
    }

    List<List<String>> ledger = TestDatabase.rows(db,
        "select status, started_at >= coalesce(lag(finished_at) over (order by started_at), started_at),"
            + " rows_new from etl_run order by started_at");
    assertEquals(RUNS, ledger.size(), ledger.toString());
    long rowsNew = 0;
    for (List<String> run : ledger) {
      assertEquals("succeeded", run.get(0), ledger.toString());
      assertEquals("t", run.get(1), "runs overlapped: " + ledger);
      rowsNew += Long.parseLong(run.get(2));
    }
    String together = TestDatabase.freshDatabase();
    RunSummary one = TestRuns.load(together, dir.resolve("input-*.csv"), TestRuns.AS_THE_COMMAND_RUNS);
    assertEquals(one.rowsNew(), rowsNew, "events lost or counted twice across the runs");
    assertEquals(PublishedTables.snapshot(together), PublishedTables.snapshot(db));
    System.out.printf("concurrent runs: %d on one database, serialised, %d events, rows lost 0%n",
        RUNS, rowsNew);
  }

  /**
   * Two disjoint generated inputs A and B, then C (the second half of A and the first of B) and D
   * (new rows and the first quarter of A): disjoint and overlapping.
   */
  private List<Path> inputs() throws IOException {
    List<byte[]> a = records(1_200, 71);
    List<byte[]> b = records(1_200, 72);
    List<byte[]> d = new ArrayList<>(records(600, 73));
    d.addAll(a.subList(0, a.size() / 4));
    List<byte[]> c = new ArrayList<>(a.subList(a.size() / 2, a.size()));
    c.addAll(b.subList(0, b.size() / 2));
    List<Path> inputs = new ArrayList<>();
    for (List<byte[]> rows : List.of(a, b, c, d)) {
      Path file = dir.resolve("input-" + (char) ('a' + inputs.size()) + ".csv");
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      content.writeBytes((UsageDataGenerator.HEADER + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (byte[] row : rows) {
        content.writeBytes(row);
        content.write('\n');
      }
      Files.write(file, content.toByteArray());
      inputs.add(file);
    }
    return inputs;
  }

  /** A generated file's data records, each as its raw bytes. */
  private List<byte[]> records(long rows, long seed) throws IOException {
    Path file = dir.resolve("generated-" + seed + ".csv");
    new UsageDataGenerator(1).generate(rows, seed, file);
    List<byte[]> records = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file);
        CsvRecordScanner scanner = new CsvRecordScanner(in, 1 << 20)) {
      scanner.next();
      for (CsvRecord record = scanner.next(); record != null; record = scanner.next()) {
        records.add(record.rawBytes());
      }
    }
    Files.delete(file);
    return records;
  }

  private static void await(BooleanSupplier condition, String what, List<JarRun> runs)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT_TIMEOUT);
    while (!condition.getAsBoolean()) {
      for (JarRun run : runs) {
        assertTrue(run.process().isAlive(), "a run ended before " + what + "\n" + run.describe());
      }
      assertFalse(Instant.now().isAfter(deadline), "no " + what + " within " + WAIT_TIMEOUT);
      Thread.sleep(100);
    }
  }
}
