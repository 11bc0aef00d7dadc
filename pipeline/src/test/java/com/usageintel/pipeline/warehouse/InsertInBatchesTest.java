package com.usageintel.pipeline.warehouse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.usageintel.pipeline.TestDatabase;
import com.usageintel.transforms.aggregate.CalendarDays;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * Rows go in batches of at most the batch size, each row once, also when a batch is written twice
 * (the statements are no-ops on conflict), and the result signals the end of the writes. The rows
 * are a run's touched days (one integer column); a trigger records how many rows each statement
 * inserted.
 */
public class InsertInBatchesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private PostgresDataSource db;
  private long runId;
  private BatchInsert<Integer> days;

  @Before
  public void freshWarehouse() {
    db = TestWarehouse.fresh();
    runId = TestWarehouse.startRun(db);
    // The one table these tests write; its name is only ever taken from here.
    days = TestWarehouse.tables(db, runId).touchedDays();
    String url = db.jdbcUrl();
    TestDatabase.execute(url, "create table inserted_batches (batch_rows bigint not null)");
    TestDatabase.execute(url, "create function record_batch() returns trigger language plpgsql"
        + " as $$ begin insert into inserted_batches select count(*) from inserted; return null;"
        + " end $$");
    TestDatabase.execute(url, "create trigger record_batch after insert on " + days.table()
        + " referencing new table as inserted for each statement execute function record_batch()");
  }

  @After
  public void dropWarehouse() {
    TestDatabase.drop(db.jdbcUrl());
  }

  /** The date keys of the first {@code count} days from 1 September 2025. */
  private static List<Integer> daysFromSeptember(int count) {
    List<Integer> days = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      days.add(CalendarDays.dateSk(LocalDate.of(2025, 9, 1).plusDays(i)));
    }
    return days;
  }

  private List<Integer> storedDays() {
    List<Integer> stored = new ArrayList<>();
    for (List<String> row : TestDatabase.rows(db.jdbcUrl(),
        "select date_sk from " + days.table() + " where run_id = " + runId + " order by date_sk")) {
      stored.add(Integer.parseInt(row.get(0)));
    }
    return stored;
  }

  /** The rows each insert statement added, smallest first. */
  private List<Long> batchSizes() {
    List<Long> sizes = new ArrayList<>();
    for (List<String> row : TestDatabase.rows(db.jdbcUrl(),
        "select batch_rows from inserted_batches order by batch_rows")) {
      sizes.add(Long.parseLong(row.get(0)));
    }
    return sizes;
  }

  /**
   * The rows of this run that a step sees once it has waited on {@code written}: all of them, if
   * the signal completes only after the last batch committed.
   */
  private PCollection<Long> rowsSeenAfter(String name, PCollection<Void> written) {
    String url = db.jdbcUrl();
    String count = "select count(*) from " + days.table() + " where run_id = " + runId;
    return pipeline
        .apply("Start" + name, Create.of(0))
        .apply("WaitFor" + name, Wait.on(written))
        .apply("Count" + name, MapElements.into(TypeDescriptors.longs())
            .via(ignored -> TestDatabase.count(url, count)));
  }

  @Test
  public void everyRowIsInsertedOnceInBatchesOfAtMostTheBatchSize() {
    PCollection<Void> written = pipeline
        .apply(Create.of(daysFromSeptember(100)).withCoder(VarIntCoder.of()))
        .apply(InsertInBatches.of(days, db, 3));

    PAssert.that(rowsSeenAfter("Rows", written)).containsInAnyOrder(100L);
    pipeline.run();

    assertEquals(daysFromSeptember(100), storedDays());
    // However the runner cuts the 100 rows into bundles: no batch above 3 rows, 100 rows in all.
    List<Long> sizes = batchSizes();
    assertTrue("batches " + sizes, sizes.stream().allMatch(size -> size >= 1 && size <= 3));
    assertEquals(100L, sizes.stream().mapToLong(Long::longValue).sum());
  }

  @Test
  public void gatheredRowsFillTheirBatches() {
    PCollection<Void> written = pipeline
        .apply(Create.of(daysFromSeptember(10)).withCoder(VarIntCoder.of()))
        .apply(InsertInBatches.of(days, db, 2).gatheringSmallBundles());

    PAssert.that(rowsSeenAfter("Rows", written)).containsInAnyOrder(10L);
    pipeline.run();

    assertEquals(daysFromSeptember(10), storedDays());
    // By hand: an Integer's hash is its value, gathered on value mod 4 (20250900 is a multiple of
    // 4). Key 0: days 4, 8 -> one batch of 2. Key 1: days 1, 5, 9 -> 2 + 1. Key 2: days 2, 6, 10
    // -> 2 + 1. Key 3: days 3, 7 -> 2. Six statements: 1, 1, 2, 2, 2, 2.
    assertEquals(List.of(1L, 1L, 2L, 2L, 2L, 2L), batchSizes());
  }

  /**
   * A runner retries a bundle whose batch had committed: the same rows arrive again. Here every
   * row comes twice, in batches of one (the copy is a statement of its own, as a retry is) and
   * gathered (both copies in one statement). Neither fails, and each row is stored once.
   */
  @Test
  public void rowsWrittenTwiceAreStoredOnce() {
    List<Integer> twice = new ArrayList<>(List.of(20250901, 20250902, 20250903));
    twice.addAll(List.copyOf(twice));
    Collections.reverse(twice);

    pipeline.apply("OneByOne", Create.of(twice).withCoder(VarIntCoder.of()))
        .apply("InsertOneByOne", InsertInBatches.of(days, db, 1));
    pipeline.apply("Gathered", Create.of(twice).withCoder(VarIntCoder.of()))
        .apply("InsertGathered", InsertInBatches.of(days, db, 10).gatheringSmallBundles());
    pipeline.run();

    assertEquals(List.of(20250901, 20250902, 20250903), storedDays());
    // Every statement ran; the ones that came second inserted nothing. 3 rows in all.
    assertEquals(3L, batchSizes().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  public void noRowsRunNoStatementAndStillSignalTheEnd() {
    PCollection<Void> inBundles = pipeline
        .apply("NoRows", Create.empty(VarIntCoder.of()))
        .apply("InsertInBundles", InsertInBatches.of(days, db, 3));
    PCollection<Void> gathered = pipeline
        .apply("NoRowsToGather", Create.empty(VarIntCoder.of()))
        .apply("InsertGathered", InsertInBatches.of(days, db, 3).gatheringSmallBundles());

    PAssert.that(rowsSeenAfter("InBundles", inBundles)).containsInAnyOrder(0L);
    PAssert.that(rowsSeenAfter("Gathered", gathered)).containsInAnyOrder(0L);
    pipeline.run();

    assertEquals(List.of(), storedDays());
    assertEquals(List.of(), batchSizes());
  }

  @Test
  public void aBatchSizeBelowOneIsRefused() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> InsertInBatches.of(days, db, 0));
    assertEquals("the write batch size must be positive, was 0", refused.getMessage());
  }
}
