package com.usageintel.pipeline.warehouse;

import com.usageintel.transforms.ClockedDoFn;
import com.usageintel.transforms.StepClock;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes rows through JdbcIO in real batches: rows are gathered into batches of up to {@code
 * batchSize} within each bundle, and each batch is inserted by one {@link BatchInsert} statement
 * and committed on its own. Statements must be idempotent (insert ... on conflict do nothing),
 * since runners retry failed bundles. The result is JdbcIO's completion signal, for {@code Wait.on}.
 *
 * <p>Batching within bundles needs no state: GroupIntoBatches keeps its buffer in state, which the
 * Direct runner copies on every bundle, and that made small loads take minutes.
 */
public final class InsertInBatches<T> extends PTransform<PCollection<T>, PCollection<Void>> {
  /** Few keys: enough for parallel writes, few enough that each gathers many rows. */
  private static final int GATHER_KEYS = 4;

  private final BatchInsert<T> insert;
  private final PostgresDataSource dataSource;
  private final int batchSize;
  private final boolean gatherFirst;

  private InsertInBatches(
      BatchInsert<T> insert, PostgresDataSource dataSource, int batchSize, boolean gatherFirst) {
    this.insert = insert;
    this.dataSource = dataSource;
    this.batchSize = batchSize;
    this.gatherFirst = gatherFirst;
  }

  public static <T> InsertInBatches<T> of(
      BatchInsert<T> insert, PostgresDataSource dataSource, int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("the write batch size must be positive, was " + batchSize);
    }
    return new InsertInBatches<>(insert, dataSource, batchSize, false);
  }

  /**
   * For rows that arrive one per bundle, as every output of a grouping does on the Direct
   * runner: they are first gathered onto a few keys, so batches are full rather than one row
   * each. Only for modest row counts (dimensions, aggregates): a group is held in memory.
   */
  public InsertInBatches<T> gatheringSmallBundles() {
    return new InsertInBatches<>(insert, dataSource, batchSize, true);
  }

  @Override
  public PCollection<Void> expand(PCollection<T> rows) {
    PCollection<List<T>> batches;
    if (gatherFirst) {
      batches =
          rows.apply("KeyForGathering",
                  WithKeys.<Integer, T>of(row -> Math.floorMod(row.hashCode(), GATHER_KEYS))
                      .withKeyType(TypeDescriptors.integers()))
              .setCoder(KvCoder.of(VarIntCoder.of(), rows.getCoder()))
              .apply("GatherRows", GroupByKey.create())
              .apply("SplitIntoBatches", ParDo.of(new SplitIntoBatchesFn<T>(batchSize)));
    } else {
      batches = rows.apply("GatherBatches", ParDo.of(new BatchWithinBundleFn<T>(batchSize)));
    }
    return batches
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

  private static class SplitIntoBatchesFn<T> extends ClockedDoFn<KV<Integer, Iterable<T>>, List<T>> {
    private final int batchSize;

    SplitIntoBatchesFn(int batchSize) {
      this.batchSize = batchSize;
    }

    @ProcessElement
    public void processElement(@Element KV<Integer, Iterable<T>> rows, OutputReceiver<List<T>> out) {
      List<T> batch = new ArrayList<>();
      for (T row : rows.getValue()) {
        batch.add(row);
        if (batch.size() >= batchSize) {
          out.output(batch);
          batch = new ArrayList<>();
        }
      }
      if (!batch.isEmpty()) {
        out.output(batch);
      }
    }
  }

  private static class BatchWithinBundleFn<T> extends DoFn<T, List<T>> {
    private final int batchSize;
    private final StepClock clock = new StepClock();
    private transient BundleBatch<T> batch;

    BatchWithinBundleFn(int batchSize) {
      this.batchSize = batchSize;
    }

    @StartBundle
    public void startBundle() {
      clock.tick();
      batch = new BundleBatch<>(batchSize);
    }

    @ProcessElement
    public void processElement(@Element T row, BoundedWindow window, OutputReceiver<List<T>> out) {
      List<T> full = batch.add(row, window);
      if (full != null) {
        out.output(full);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      if (!batch.isEmpty()) {
        context.output(batch.take(), batch.window().maxTimestamp(), batch.window());
      }
      clock.tick();
    }
  }
}
