package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.generate.UsageDataGenerator;
import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of the shaded jar killed with SIGKILL at random points, one after another on one database
 * (contract section 6.4): after each kill the published tables are exactly those before the run
 * or those after it, never a mix; the next run completes, marks the killed run failed if it was
 * left running, and in the end the tables are what one run over every input publishes.
 *
 * <p>Each kill lands after a delay drawn, from a seeded random, across the duration of a whole
 * run. {@code -Dreliability.kills} sets the number of kills (5 in every {@code mvn verify}, 50
 * with {@code -Pnightly}), {@code -Dreliability.seed} the seed; a failure names both.
 */
class KilledRunsIT {
  static final int KILLS = Integer.getInteger("reliability.kills", 5);
  private static final long SEED = Long.getLong("reliability.seed", 20_251_124);

  @TempDir Path work;

  @Test
  void aRunKilledAnywhereLeavesTheOldOrTheNewTablesAndTheNextRunCompletesIt() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    String db = TestDatabase.freshDatabase();
    Path first = generate(work, 0);
    long started = System.nanoTime();
    JarRun whole = JarRun.start(work, "run-0", "--input=" + first, "--jdbcUrl=" + db).await();
    Duration runTime = Duration.ofNanos(System.nanoTime() - started);
    assertEquals(0, whole.exitCode(), whole.describe());

    int killedBeforePublishing = 0;
    int killedAfterPublishing = 0;
    for (int kill = 1; kill <= KILLS; kill++) {
      Path input = generate(work, kill);
      long delayMillis = random.nextLong(runTime.toMillis());
      String attempt = "seed " + SEED + ", kill " + kill + " after " + delayMillis + " ms of a "
          + runTime.toMillis() + " ms run";
      Map<String, List<List<String>>> before = PublishedTables.exact(db);

      JarRun killed = JarRun.start(work, "killed-" + kill, "--input=" + input, "--jdbcUrl=" + db);
      Thread.sleep(delayMillis);
      killed.kill();
      Map<String, List<List<String>>> afterKill = PublishedTables.exact(db);
      long leftRunning = TestDatabase.count(db, "select count(*) from etl_run where status = 'running'");
      StringWriter output = new StringWriter();
      RunSummary next = TestRuns.load(db, input, new PrintWriter(output, true), TestRuns.AS_THE_COMMAND_RUNS);
      Map<String, List<List<String>>> after = PublishedTables.exact(db);

      assertEquals("succeeded", next.status(), attempt + ": " + next.describe());
      assertTrue(afterKill.equals(before) || afterKill.equals(after),
          attempt + ": the published tables are neither those before the killed run nor after it");
      if (leftRunning > 0) {
        assertTrue(output.toString().contains("marked " + leftRunning + " abandoned run(s) as failed"),
            attempt + ": " + output);
      }
      assertEquals(0, TestDatabase.count(db, "select count(*) from etl_run where status = 'running'"), attempt);
      assertEquals(0, TestDatabase.count(db, "select count(*) from incoming_feature_usage"), attempt);
      if (afterKill.equals(before)) {
        killedBeforePublishing++;
      } else {
        killedAfterPublishing++;
      }
    }

    String together = TestDatabase.freshDatabase();
    TestRuns.load(together, work.resolve("input-*.csv"), TestRuns.AS_THE_COMMAND_RUNS);
    assertEquals(PublishedTables.snapshot(together), PublishedTables.snapshot(db),
        "seed " + SEED + ": the tables after " + KILLS + " killed runs and their re-runs");
    System.out.printf("kills survived: %d (seed %d; %d before the run published, %d after)%n",
        KILLS, SEED, killedBeforePublishing, killedAfterPublishing);
  }

  /** Small inputs of distinct seeds, so that each run adds events of its own. */
  private static Path generate(Path work, int index) throws IOException {
    Path file = work.resolve("input-" + index + ".csv");
    new UsageDataGenerator(1).generate(1_000, 300 + index, file);
    return file;
  }
}
