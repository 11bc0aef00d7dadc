package com.usageintel.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Writes rows through JdbcIO in real batches: rows are gathered into batches of up to {@code
 * batchSize} within each bundle, and each batch is inserted by one {@link BatchInsert} statement
 * and committed on its own. Statements must be idempotent upserts, since runners retry failed
 * bundles. The result is JdbcIO's completion signal, for {@code Wait.on}.
 *
 * <p>Batching within bundles needs no state: GroupIntoBatches keeps its buffer in state, which the
 * Direct runner copies on every bundle, and that made small loads take minutes.
 */
public final class UpsertInBatches<T> extends PTransform<PCollection<T>, PCollection<Void>> {
  private final BatchInsert<T> insert;
  private final PostgresDataSource dataSource;
  private final int batchSize;

  private UpsertInBatches(BatchInsert<T> insert, PostgresDataSource dataSource, int batchSize) {
    this.insert = insert;
    this.dataSource = dataSource;
    this.batchSize = batchSize;
  }

  public static <T> UpsertInBatches<T> of(
      BatchInsert<T> insert, PostgresDataSource dataSource, int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("the write batch size must be positive, was " + batchSize);
    }
    return new UpsertInBatches<>(insert, dataSource, batchSize);
  }

  @Override
  public PCollection<Void> expand(PCollection<T> rows) {
    return rows.apply("GatherBatches", ParDo.of(new BatchWithinBundleFn<T>(batchSize)))
        .setCoder(ListCoder.of(rows.getCoder()))
        .apply(
            "InsertBatches",
            JdbcIO.<List<T>>write()
                .withDataSourceProviderFn(dataSource)
                .withStatement(insert.sql())
                .withPreparedStatementSetter(insert.setter())
                // Each element is already a batch of rows; commit it on its own.
                .withBatchSize(1)
                .withResults());
  }

  private static class BatchWithinBundleFn<T> extends DoFn<T, List<T>> {
    private final int batchSize;
    private transient List<T> batch;
    private transient BoundedWindow window;

    BatchWithinBundleFn(int batchSize) {
      this.batchSize = batchSize;
    }

    @StartBundle
    public void startBundle() {
      batch = new ArrayList<>();
    }

    @ProcessElement
    public void processElement(@Element T row, BoundedWindow window, OutputReceiver<List<T>> out) {
      // Loads are batch jobs in the global window; a batch never spans windows.
      if (this.window != null && !this.window.equals(window) && !batch.isEmpty()) {
        throw new IllegalStateException("rows of one bundle must share a window");
      }
      this.window = window;
      batch.add(row);
      if (batch.size() >= batchSize) {
        out.output(batch);
        batch = new ArrayList<>();
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      if (!batch.isEmpty()) {
        Instant timestamp = window.maxTimestamp();
        context.output(batch, timestamp, window);
        batch = new ArrayList<>();
      }
    }
  }
}
