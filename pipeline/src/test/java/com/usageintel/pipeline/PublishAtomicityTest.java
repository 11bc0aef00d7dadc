package com.usageintel.pipeline;

import static com.usageintel.pipeline.TestRuns.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.RunLedger.RunSummary;
import com.usageintel.pipeline.generate.UsageDataGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    TestDatabase.execute(db, "create trigger refuse before insert on stage_agg_app_version_stability"
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
    assertTrue(TestDatabase.count(db, "select count(*) from stage_feature_usage where run_id = " + failedRun) > 0);

    TestDatabase.execute(db, "drop trigger refuse on stage_agg_app_version_stability");
    RunSummary rerun = load(db, b);

    String uninterrupted = TestDatabase.freshDatabase();
    load(uninterrupted, a);
    RunSummary expected = load(uninterrupted, b);
    assertEquals(expected.rowsNew(), rerun.rowsNew());
    assertEquals(PublishedTables.snapshot(uninterrupted), PublishedTables.snapshot(db));
    assertEquals(0, TestDatabase.count(db, "select count(*) from stage_feature_usage"));
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
    TestDatabase.execute(db, "insert into stage_dim_member values (2, 'region', 'Atlantis')");
    Map<String, List<List<String>>> before = PublishedTables.exact(db);

    RunSummary next = load(db, a);

    assertEquals(3, next.runId());
    assertEquals(List.of(List.of("failed", "abandoned: the process ended before the run finished")),
        TestDatabase.rows(db, "select status, error_message from etl_run where run_id = 2"));
    assertEquals(0, TestDatabase.count(db, "select count(*) from stage_dim_member"));
    assertEquals(before, PublishedTables.exact(db));
  }
}
