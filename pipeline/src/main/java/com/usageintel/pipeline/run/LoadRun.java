package com.usageintel.pipeline.run;

import com.usageintel.pipeline.SoftwareVersion;
import com.usageintel.pipeline.UserFacingException;
import com.usageintel.pipeline.warehouse.EmbeddedDatabase;
import com.usageintel.pipeline.warehouse.PostgresDataSource;
import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import com.usageintel.pipeline.warehouse.RunLedger;
import com.usageintel.pipeline.warehouse.WarehouseColumns;
import com.usageintel.pipeline.warehouse.WarehouseSchema;
import com.usageintel.schemas.ReferenceData;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;

/**
 * One load, from options to published tables: checks the options and every input's header
 * before anything is written, opens the database (embedded unless a JDBC URL is given), takes the
 * run lock, records the run in {@code etl_run}, runs the pipeline and reports its accounting.
 */
public final class LoadRun {
  private LoadRun() {}

  public static RunSummary execute(UsageIntelOptions options, PrintWriter out) {
    RunOptions.check(options);
    FileSystems.setDefaultPipelineOptions(options);
    List<String> files = InputFiles.checkHeaders(options.getInput());
    options.setInput(InputFiles.absolute(options.getInput()));
    ReferenceData referenceData =
        RunOptions.isBlank(options.getReferenceData())
            ? ReferenceData.loadDefault()
            : ReferenceData.load(Path.of(options.getReferenceData()));

    EmbeddedDatabase embedded = null;
    PostgresDataSource db;
    if (RunOptions.isBlank(options.getJdbcUrl())) {
      embedded = EmbeddedDatabase.startWarehouse(
          Path.of(options.getEmbeddedDataDir()), options.getEmbeddedPort());
      db = embedded.dataSource();
      options.setJdbcUrl(db.jdbcUrl());
      options.setDbUser(db.user());
      out.println("embedded PostgreSQL on " + db.jdbcUrl() + " (data in " + options.getEmbeddedDataDir() + ")");
    } else {
      db = PostgresDataSource.of(options.getJdbcUrl(), options.getDbUser());
    }
    // What must happen if the JVM ends during the load; with the embedded server, before it stops.
    List<Runnable> atExit = new CopyOnWriteArrayList<>();
    Runnable runAtExit = () -> atExit.forEach(Runnable::run);
    Thread hook = null;
    if (embedded != null) {
      embedded.beforeStopAtExit(runAtExit);
    } else {
      hook = new Thread(runAtExit, "usage-intel-run-stopped");
      Runtime.getRuntime().addShutdownHook(hook);
    }
    try {
      return load(options, files, referenceData, db, atExit::add, out);
    } finally {
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The hook runs.
        }
      }
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private static RunSummary load(
      UsageIntelOptions options,
      List<String> files,
      ReferenceData referenceData,
      PostgresDataSource db,
      Consumer<Runnable> atExit,
      PrintWriter out) {
    try (Connection control = db.connect()) {
      if (!RunLedger.tryLockRuns(control)) {
        out.println(RunLedger.runningRun(control)
            .map(runId -> "run " + runId + " is loading this database; waiting for run " + runId
                + " to finish...")
            .orElse("another run is loading this database; waiting for it to finish..."));
        RunLedger.lockRuns(control);
      }
      WarehouseSchema.apply(db, control);
      // Empty when no events are loaded: then the run has nothing to merge with.
      List<String> loadedEventZones = RunLedger.reportingZonesOfLoadedEvents(control);
      RunOptions.checkReportingZone(loadedEventZones, options.getReportingTimeZone());
      int abandoned = RunLedger.failAbandonedRuns(control);
      if (abandoned > 0) {
        out.println("marked " + abandoned + " abandoned run(s) as failed");
      }
      long runId =
          RunLedger.startRun(
              control,
              options.getRunner().getSimpleName(),
              files,
              referenceData.checksum(),
              SoftwareVersion.get(),
              RunOptions.resultsJson(options));
      // A run stopped by SIGTERM or Ctrl-C says so in etl_run on the way out, while the JVM lets
      // it (not after SIGKILL: then the next run marks it abandoned). A publish under way when
      // the signal came finishes first: failRun changes only a run that is still running.
      AtomicBoolean ended = new AtomicBoolean();
      atExit.accept(() -> {
        if (ended.compareAndSet(false, true)) {
          recordFailure(control, runId, STOPPED);
        }
      });
      try {
        return runPipeline(options, files, referenceData, db, control, runId, loadedEventZones, out);
      } finally {
        ended.set(true);
      }
    } catch (SQLException e) {
      throw new UserFacingException(
          "database error on " + db.jdbcUrl() + ": " + UserFacingException.firstLine(e), e);
    }
  }

  public static final String STOPPED =
      "stopped: the process was ended (SIGTERM or Ctrl-C) before the run finished";

  private static RunSummary runPipeline(
      UsageIntelOptions options,
      List<String> files,
      ReferenceData referenceData,
      PostgresDataSource db,
      Connection control,
      long runId,
      List<String> loadedEventZones,
      PrintWriter out) throws SQLException {
    out.println("run " + runId + " started on " + options.getRunner().getSimpleName()
        + " over " + files.size() + " file(s)");
    // The name by which the run's job is found on a cluster (and in its web UI).
    options.setJobName("usage-intel-run-" + runId);
    String flinkMaster = options.as(FlinkPipelineOptions.class).getFlinkMaster();
    FlinkJobMonitor flinkJob =
        options.getRunner().getSimpleName().equals("FlinkRunner") && !flinkMaster.startsWith("[")
            ? new FlinkJobMonitor(flinkMaster, options.getJobName())
            : null;
    if (flinkJob != null) {
      out.println("Flink web UI: http://" + flinkMaster + " (job " + options.getJobName() + ")");
    }
    // The Direct runner runs in the background, so that its live metrics can be reported.
    options.as(DirectOptions.class).setBlockOnRun(false);
    long startedAtMillis = System.currentTimeMillis();
    try (RunProgress progress = RunProgress.start(db, runId, out, flinkJob)) {
      Pipeline pipeline = Pipeline.create(options);
      UsageIntelPipeline.buildPipeline(
          pipeline,
          options,
          new UsageIntelPipeline.RunTarget(
              runId, WarehouseColumns.read(control), db, referenceData, !loadedEventZones.isEmpty(),
              RunLedger.loadedDaysWithoutState(control)));
      PipelineResult result = pipeline.run();
      progress.watch(result);
      PipelineResult.State state = result.waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("the pipeline ended in state " + state);
      }
      StageTimeline.describe(result, startedAtMillis).ifPresent(out::println);
    } catch (RuntimeException e) {
      String reason = describeFailure(e);
      recordFailure(control, runId, reason);
      throw new UserFacingException(
          "run " + runId + " failed and published nothing: " + reason, e);
    }
    RunSummary summary = RunLedger.summary(control, runId);
    RunLedger.publishTimings(control, runId).ifPresent(out::println);
    if (!"succeeded".equals(summary.status())) {
      throw new UserFacingException("run " + runId + " ended without publishing (status "
          + summary.status() + ")");
    }
    return summary;
  }

  /**
   * Why the pipeline failed, in one line. An input that was readable here when the run started
   * but not where the pipeline ran (a worker of a cluster) says so: every worker must see it.
   */
  public static String describeFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof FileNotFoundException || t instanceof NoSuchFileException) {
        return "a worker cannot read the input (" + UserFacingException.firstLine(t)
            + "); on a cluster every TaskManager must read each --input file at the same path";
      }
    }
    return UserFacingException.firstLine(error);
  }

  /** Best effort: if the database itself is gone, the next run marks this one failed. */
  private static void recordFailure(Connection control, long runId, String reason) {
    try {
      RunLedger.failRun(control, runId, reason);
    } catch (SQLException ignored) {
      // The run stays 'running' until the next run, holding the lock, marks it abandoned.
    }
  }

}
