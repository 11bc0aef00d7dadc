package com.usageintel.pipeline;

import static com.usageintel.pipeline.TestRuns.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.generate.UsageDataGenerator;
import com.usageintel.pipeline.warehouse.EmbeddedDatabase;
import com.usageintel.pipeline.warehouse.PostgresDataSource;
import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that fails after some of its writes committed publishes nothing (contract section 6.4),
 * and a run killed mid-way is marked failed by the next one. Faults are injected in the real
 * database: a trigger that refuses one staging table's rows.
 */
class PublishAtomicityTest {
  @TempDir Path dir;

  private Path generate(String name, long rows, long seed) throws IOException {
    Path file = dir.resolve(name);
    new UsageDataGenerator(1).generate(rows, seed, file);
    return file;
  }

  @Test
  void aRunThatFailsAfterSomeWritesPublishesNothingAndARerunCompletesIt() throws IOException {
    Path a = generate("a.csv", 600, 1);
    Path b = generate("b.csv", 600, 2);
    String db = TestDatabase.freshDatabase();
    load(db, a);
    Map<String, List<List<String>>> before = PublishedTables.exact(db);
    TestDatabase.execute(db, "create function refuse() returns trigger language plpgsql as"
        + " $$ begin raise exception 'injected fault: disk full'; end $$");
    TestDatabase.execute(db, "create trigger refuse before insert on incoming_agg_app_version_stability"
        + " for each statement execute function refuse()");

    UserFacingException failure = assertThrows(UserFacingException.class, () -> load(db, b));

    long failedRun = 2;
    assertTrue(failure.getMessage().startsWith("run 2 failed and published nothing: "),
        failure.getMessage());
    assertTrue(failure.getMessage().contains("injected fault: disk full"), failure.getMessage());
    assertEquals(1, failure.getMessage().lines().count());
    assertEquals(before, PublishedTables.exact(db), "published tables changed by a failed run");
    assertEquals(List.of(List.of("failed")),
        TestDatabase.rows(db, "select status from etl_run where run_id = " + failedRun));
    // The fault struck after other writes of the run had committed to staging.
    assertTrue(TestDatabase.count(db, "select count(*) from incoming_feature_usage where run_id = " + failedRun) > 0);

    TestDatabase.execute(db, "drop trigger refuse on incoming_agg_app_version_stability");
    RunSummary rerun = load(db, b);

    String uninterrupted = TestDatabase.freshDatabase();
    load(uninterrupted, a);
    RunSummary expected = load(uninterrupted, b);
    assertEquals(expected.rowsNew(), rerun.rowsNew());
    assertEquals(PublishedTables.snapshot(uninterrupted), PublishedTables.snapshot(db));
    assertEquals(0, TestDatabase.count(db, "select count(*) from incoming_feature_usage"));
  }

  @Test
  void theNextRunMarksAKilledRunFailedAndClearsItsStaging() throws IOException {
    Path a = generate("a.csv", 200, 3);
    String db = TestDatabase.freshDatabase();
    load(db, a);
    // What a process killed mid-run leaves: its run 'running' and some staged rows.
    TestDatabase.execute(db, "insert into etl_run (started_at, status, runner, inputs, reference_checksum,"
        + " software_version, options) values (now(), 'running', 'DirectRunner', '{x.csv}', 'c',"
        + " 'v', '{}')");
    TestDatabase.execute(db, "insert into incoming_dim_member values (2, 'region', 'Atlantis')");
    Map<String, List<List<String>>> before = PublishedTables.exact(db);

    RunSummary next = load(db, a);

    assertEquals(3, next.runId());
    assertEquals(List.of(List.of("failed", "abandoned: the process ended before the run finished")),
        TestDatabase.rows(db, "select status, error_message from etl_run where run_id = 2"));
    assertEquals(0, TestDatabase.count(db, "select count(*) from incoming_dim_member"));
    assertEquals(before, PublishedTables.exact(db));
  }

  /**
   * A reader holds one published table and then asks for another that the publish has locked:
   * PostgreSQL breaks the deadlock by aborting one side, here the publish (it waited first). The
   * publish changed nothing when aborted, and tries again once the reader is done.
   */
  @Test
  void aPublishAbortedByADeadlockWithAReaderIsTriedAgain() throws Exception {
    Path a = generate("a.csv", 300, 5);
    Path b = generate("b.csv", 300, 6);
    String db = TestDatabase.freshDatabase();
    load(db, a);
    try (Connection reader = PostgresDataSource.of(db, EmbeddedDatabase.USER).connect()) {
      reader.setAutoCommit(false);
      try (Statement statement = reader.createStatement()) {
        statement.executeQuery("select count(*) from agg_kpi_daily").close();
      }
      ExecutorService run = Executors.newSingleThreadExecutor();
      Future<RunSummary> second = run.submit(() -> load(db, b));
      // The publish has locked the fact and waits for agg_kpi_daily, which the reader holds.
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (TestDatabase.count(db, "select count(*) from pg_locks l join pg_class c"
          + " on c.oid = l.relation where c.relname = 'agg_kpi_daily' and not l.granted") == 0) {
        assertTrue(System.nanoTime() < deadline, "the publish never waited for the reader");
        Thread.sleep(50);
      }
      try (Statement statement = reader.createStatement()) {
        // Waits for the publish until PostgreSQL aborts the publish's transaction.
        statement.executeQuery("select count(*) from fact_feature_usage").close();
      }
      reader.commit();
      RunSummary published = second.get(2, TimeUnit.MINUTES);
      run.shutdown();

      String uninterrupted = TestDatabase.freshDatabase();
      load(uninterrupted, a);
      RunSummary expected = load(uninterrupted, b);
      assertEquals("succeeded", published.status());
      assertEquals(expected.rowsNew(), published.rowsNew());
      assertEquals(PublishedTables.snapshot(uninterrupted), PublishedTables.snapshot(db));
      TestDatabase.drop(uninterrupted);
    }
    TestDatabase.drop(db);
  }
}
