package com.usageintel.pipeline;

import static com.usageintel.pipeline.CommandLineRun.execute;
import static com.usageintel.pipeline.TestRuns.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.usageintel.pipeline.generate.UsageDataGenerator;
import com.usageintel.pipeline.warehouse.EmbeddedDatabase;
import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the database under a run (contract section 6.4 and 6.6), through the command line as
 * a user meets them: the server stops in the middle of the writes; a table the run must write
 * refuses it (permission denied); the database is read-only. Each ends in one line and a non-zero
 * exit, leaves the published tables as they were, and a re-run once the fault is gone publishes
 * exactly what an uninterrupted run publishes.
 */
class DatabaseFaultsTest {
  private static final Duration FAULT_TIMEOUT = Duration.ofMinutes(3);

  @TempDir Path dir;

  @Test
  void theDatabaseStoppingMidRunFailsItInOneLineAndARerunCompletesIt() throws Exception {
    Path a = generate("a.csv", 800, 51);
    Path b = generate("b.csv", 3_000, 52);
    Path dataDir = dir.resolve("pgdata");
    int port = freePort();
    EmbeddedDatabase server = EmbeddedDatabase.start(dataDir, port);
    String db = server.jdbcUrl();
    try {
      load(db, a, TestRuns.AS_THE_COMMAND_RUNS);
      Map<String, List<List<String>>> before = PublishedTables.exact(db);
      // Holds one staging write while the run's other writes go on, so the server stops while the
      // run is writing, never after it published.
      TestDatabase.execute(db, "create function hold_write() returns trigger language plpgsql as"
          + " $$ begin perform pg_sleep(600); return null; end $$");
      TestDatabase.execute(db, "create trigger hold_write before insert on incoming_agg_kpi_daily"
          + " for each statement execute function hold_write()");

      CompletableFuture<CommandLineRun> run = CompletableFuture.supplyAsync(
          () -> execute("run", "--input=" + b, "--jdbcUrl=" + db));
      await(() -> TestDatabase.count(db, "select count(*) from pg_stat_activity where wait_event = 'PgSleep'") > 0
              && TestDatabase.count(db, "select count(*) from incoming_feature_usage where run_id = 2") > 0,
          "the run to be writing", run);
      server.close();
      CommandLineRun failed = run.get(FAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      assertEquals(1, failed.exitCode(), failed.describe());
      List<String> errors = failed.err().lines().toList();
      assertEquals(1, errors.size(), failed.describe());
      assertTrue(errors.get(0).startsWith("usage-intel: run 2 failed and published nothing: "),
          failed.describe());

      server = EmbeddedDatabase.start(dataDir, port);
      assertEquals(before, PublishedTables.exact(db), "a run cut off by the database changed published tables");
      TestDatabase.execute(db, "drop trigger hold_write on incoming_agg_kpi_daily");
      StringWriter rerunOutput = new StringWriter();
      RunSummary rerun = TestRuns.load(db, b, new PrintWriter(rerunOutput, true), TestRuns.AS_THE_COMMAND_RUNS);

      assertEquals("succeeded", rerun.status(), rerun.describe());
      // The run could not record its failure in a stopped database; the next run does.
      assertTrue(rerunOutput.toString().contains("marked 1 abandoned run(s) as failed"), rerunOutput.toString());
      assertEquals(List.of(List.of("2", "failed")),
          TestDatabase.rows(db, "select run_id, status from etl_run where run_id = 2"));
      assertEquals(uninterrupted(a, b), PublishedTables.snapshot(db));
      assertEquals(0, TestDatabase.count(db, "select count(*) from incoming_feature_usage"));
    } finally {
      server.close();
    }
  }

  @Test
  void aTableTheRunMayNotWriteFailsItInOneLineAndPublishesNothing() throws IOException {
    Path a = generate("a.csv", 600, 61);
    Path b = generate("b.csv", 600, 62);
    String db = TestDatabase.freshDatabase();
    String loader = "loader_" + ProcessHandle.current().pid();
    String name = db.substring(db.lastIndexOf('/') + 1);
    String server = db.substring(0, db.lastIndexOf('/') + 1) + "postgres";
    TestDatabase.execute(server, "create role " + loader + " login");
    TestDatabase.execute(server, "alter database " + name + " owner to " + loader);
    String[] asLoader = {"--dbUser=" + loader, TestRuns.AS_THE_COMMAND_RUNS[0], TestRuns.AS_THE_COMMAND_RUNS[1]};
    load(db, a, asLoader);
    Map<String, List<List<String>>> before = PublishedTables.exact(db);

    // Quarantine is written while the run goes; the fact table only in the publish transaction.
    for (String table : List.of("dq_rejected_rows", "fact_feature_usage")) {
      TestDatabase.execute(db, "revoke insert on " + table + " from " + loader);
      CommandLineRun refused = execute("run", "--input=" + b, "--jdbcUrl=" + db, asLoader[0]);
      TestDatabase.execute(db, "grant insert on " + table + " to " + loader);

      assertEquals(1, refused.exitCode(), refused.describe());
      List<String> errors = refused.err().lines().toList();
      assertEquals(1, errors.size(), refused.describe());
      assertTrue(errors.get(0).matches("usage-intel: run \\d+ failed and published nothing: ERROR:"
          + " permission denied for table " + table), refused.describe());
      assertEquals(before, PublishedTables.exact(db), table + ": published tables changed");
    }
    assertEquals(List.of(List.of("failed"), List.of("failed")),
        TestDatabase.rows(db, "select status from etl_run where run_id in (2, 3) order by run_id"));

    TestDatabase.execute(server, "alter database " + name + " set default_transaction_read_only = on");
    CommandLineRun readOnly = execute("run", "--input=" + b, "--jdbcUrl=" + db, asLoader[0]);
    TestDatabase.execute(server, "alter database " + name + " reset default_transaction_read_only");

    assertEquals(1, readOnly.exitCode(), readOnly.describe());
    // The first statement that writes says so (the migrations have nothing to do on a current schema).
    List<String> readOnlyErrors = readOnly.err().lines().toList();
    assertEquals(1, readOnlyErrors.size(), readOnly.describe());
    assertTrue(readOnlyErrors.get(0).startsWith("usage-intel: database error on " + db + ": ERROR:"
        + " cannot execute ") && readOnlyErrors.get(0).endsWith(" in a read-only transaction"),
        readOnly.describe());
    assertEquals(before, PublishedTables.exact(db));

    RunSummary rerun = load(db, b, asLoader);
    assertEquals("succeeded", rerun.status(), rerun.describe());
    assertEquals(uninterrupted(a, b), PublishedTables.snapshot(db));
  }

  /** What loading the inputs one run each, without a fault, publishes. */
  private static Map<String, List<List<String>>> uninterrupted(Path... inputs) {
    String db = TestDatabase.freshDatabase();
    for (Path input : inputs) {
      assertEquals("succeeded", load(db, input, TestRuns.AS_THE_COMMAND_RUNS).status());
    }
    return PublishedTables.snapshot(db);
  }

  private Path generate(String name, long rows, long seed) throws IOException {
    Path file = dir.resolve(name);
    new UsageDataGenerator(1).generate(rows, seed, file);
    return file;
  }

  private static void await(BooleanSupplier condition, String what, CompletableFuture<CommandLineRun> run)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(FAULT_TIMEOUT);
    while (!condition.getAsBoolean()) {
      if (run.isDone()) {
        fail("the run ended before " + what + ": " + run.join().describe());
      }
      if (Instant.now().isAfter(deadline)) {
        fail("no " + what + " within " + FAULT_TIMEOUT);
      }
      Thread.sleep(100);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
