package com.usageintel.pipeline;

import static com.usageintel.pipeline.TestRuns.load;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.usageintel.pipeline.generate.UsageDataGenerator;
import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same answer everywhere (contract section 6.5): Beam's Direct runner and Flink 1.19 in this JVM
 * at parallelism 1 and 2 publish identical tables (keys aside) from the same inputs, loaded in
 * two runs so that the read-back of loaded events is exercised too.
 */
class RunnersAgreeTest {
  @TempDir Path dir;

  private String loadBoth(Path a, Path b, String... runnerArgs) {
    String db = TestDatabase.freshDatabase();
    RunSummary first = load(db, a, runnerArgs);
    RunSummary second = load(db, b, runnerArgs);
    assertEquals("succeeded", first.status());
    assertEquals("succeeded", second.status());
    return db;
  }

  @Test
  void directAndFlinkAtParallelismOneAndTwoPublishTheSameTables() throws IOException {
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    new UsageDataGenerator(1).generate(700, 11, a);
    new UsageDataGenerator(1).generate(700, 12, b);

    String direct = loadBoth(a, b, "--runner=DirectRunner");
    String flinkOne = loadBoth(a, b, "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=1");
    String flinkTwo = loadBoth(a, b, "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");

    var expected = PublishedTables.snapshot(direct);
    assertEquals(expected, PublishedTables.snapshot(flinkOne), "Flink at parallelism 1");
    assertEquals(expected, PublishedTables.snapshot(flinkTwo), "Flink at parallelism 2");
    assertEquals(
        TestDatabase.rows(direct, "select rows_read, rows_new, rows_already_loaded,"
            + " rows_duplicate, rows_rejected from etl_run order by run_id"),
        TestDatabase.rows(flinkTwo, "select rows_read, rows_new, rows_already_loaded,"
            + " rows_duplicate, rows_rejected from etl_run order by run_id"));
  }
}
