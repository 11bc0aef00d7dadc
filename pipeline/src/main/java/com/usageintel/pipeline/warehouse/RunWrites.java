package com.usageintel.pipeline.warehouse;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * The run's writes into the warehouse as the wiring adds them, each a named step whose completion
 * signal the publish waits on ({@link PublishRun} takes {@link #all()}).
 */
public final class RunWrites {
  private final PostgresDataSource database;
  private final int batchSize;
  private final List<PCollection<Void>> done = new ArrayList<>();

  public RunWrites(PostgresDataSource database, int batchSize) {
    this.database = database;
    this.batchSize = batchSize;
  }

  /** Many rows of few columns: by COPY. */
  public <T> void copy(String step, PCollection<T> rows, BatchInsert<T> table) {
    done.add(rows.apply(step, CopyInBundles.into(table, database)));
  }

  /** Rows in batches of the run's batch size, a batch per statement. */
  public <T> void insert(String step, PCollection<T> rows, BatchInsert<T> table) {
    done.add(rows.apply(step, InsertInBatches.of(table, database, batchSize)));
  }

  /** Rows that come a few to a bundle: gathered into full batches first. */
  public <T> void insertFew(String step, PCollection<T> rows, BatchInsert<T> table) {
    done.add(rows.apply(step, InsertInBatches.of(table, database, batchSize).gatheringSmallBundles()));
  }

  public PCollectionList<Void> all() {
    return PCollectionList.of(done);
  }
}
