package com.usageintel.pipeline.run;

import com.usageintel.pipeline.UserFacingException;
import com.usageintel.pipeline.warehouse.PostgresDataSource;
import com.usageintel.transforms.ReadUsageCsv;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Prints a run's progress every few seconds while the pipeline runs: rows read and rejected from
 * Beam's metrics where the runner reports them live (the Direct runner), and on every runner what
 * has reached the database so far, read from the run's staging and quarantine tables.
 */
final class RunProgress implements AutoCloseable {
  static final long INTERVAL_SECONDS = 5;

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "usage-intel-progress");
        thread.setDaemon(true);
        return thread;
      });
  private final AtomicReference<PipelineResult> result = new AtomicReference<>();
  private final PostgresDataSource db;
  private final long runId;
  private final PrintWriter out;
  private final long startNanos = System.nanoTime();
  private final FlinkJobMonitor flinkJob;
  private boolean flinkJobUrlShown;

  private RunProgress(PostgresDataSource db, long runId, PrintWriter out, FlinkJobMonitor flinkJob) {
    this.db = db;
    this.runId = runId;
    this.out = out;
    this.flinkJob = flinkJob;
  }

  /** Progress of a run; {@code flinkJob} follows it on a Flink cluster, null elsewhere. */
  static RunProgress start(
      PostgresDataSource db, long runId, PrintWriter out, FlinkJobMonitor flinkJob) {
    RunProgress progress = new RunProgress(db, runId, out, flinkJob);
    progress.timer.scheduleAtFixedRate(
        progress::report, INTERVAL_SECONDS, INTERVAL_SECONDS, TimeUnit.SECONDS);
    return progress;
  }

  /** The running pipeline, once the runner hands it back while it runs. */
  void watch(PipelineResult running) {
    result.set(running);
  }

  private void report() {
    StringBuilder line = new StringBuilder(String.format(
        "  %4ds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos)));
    OptionalLong read = flinkJob != null ? flinkJobRowsRead() : metricRowsRead();
    read.ifPresent(rows -> line.append(String.format(": rows read %,d", rows)));
    try (Connection connection = db.apply(null).getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "select (select count(*) from incoming_feature_usage where run_id = ?),"
                + " (select count(*) from dq_rejected_rows where run_id = ?)")) {
      for (int i = 1; i <= 2; i++) {
        statement.setLong(i, runId);
      }
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        line.append(String.format("%s events staged %,d, rows quarantined %,d",
            read.isPresent() ? "," : ":", rs.getLong(1), rs.getLong(2)));
      }
    } catch (SQLException e) {
      line.append(": database not answering (").append(UserFacingException.firstLine(e)).append(')');
    }
    out.println(line);
    out.flush();
  }

  /** Rows read so far, where the runner reports metrics while it runs (the Direct runner). */
  private OptionalLong metricRowsRead() {
    PipelineResult running = result.get();
    if (running == null) {
      return OptionalLong.empty();
    }
    try {
      MetricQueryResults metrics = running.metrics().queryMetrics(MetricsFilter.builder()
          .addNameFilter(MetricNameFilter.named(ReadUsageCsv.class, ReadUsageCsv.ROWS_READ))
          .build());
      long read = 0;
      for (MetricResult<Long> counter : metrics.getCounters()) {
        read += counter.getAttempted();
      }
      return OptionalLong.of(read);
    } catch (RuntimeException e) {
      return OptionalLong.empty(); // Some runners report metrics only at the end.
    }
  }

  /** Rows read so far on a Flink cluster, and the job's page the first time the cluster knows it. */
  private OptionalLong flinkJobRowsRead() {
    if (!flinkJobUrlShown) {
      flinkJob.jobUrl().ifPresent(url -> {
        out.println("Flink job: " + url);
        flinkJobUrlShown = true;
      });
    }
    return flinkJob.counter(ReadUsageCsv.class.getName(), ReadUsageCsv.ROWS_READ);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
