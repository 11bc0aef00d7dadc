package com.usageintel.pipeline.warehouse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.usageintel.pipeline.TestDatabase;
import com.usageintel.schemas.DimAppVersion;
import com.usageintel.schemas.DimMember;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.schemas.UsageEventCoder;
import com.usageintel.transforms.aggregate.CalendarDays;
import com.usageintel.transforms.aggregate.CurrentAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * A run is published once its writes are done, in one transaction: its staged events move into the
 * loaded events and the fact, its accounting is stored and checked, its staging is cleared. A run
 * no longer running is not published, not even by a second attempt after the first committed; a
 * run whose counts do not add up is not published at all. The writes here are the product's own,
 * of the rows a run stages for its events; the step waits for them as the pipeline's does. (A
 * publish aborted by a deadlock and tried again is PublishAtomicityTest's.)
 */
public class PublishRunTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** The run's ledger row: status, then rows read, new, already loaded, duplicate, rejected. */
  private static final String LEDGER = "select status, rows_read, rows_new, rows_already_loaded,"
      + " rows_duplicate, rows_rejected from etl_run where run_id = ";
  private static final String LOADED_EVENTS =
      "select user_id, feature_used_at, run_id from stg_feature_usage order by feature_used_at";
  private static final String FACT_ROWS = "select count(*) from fact_feature_usage";

  /** Two events of U1 on 1 September, with every member known. */
  private static final List<UsageEvent> EVENTS = List.of(
      TestWarehouse.event("U1", "2025-09-01T08:00:00Z", "Navigation").build(),
      TestWarehouse.event("U1", "2025-09-01T09:00:00Z", "Navigation").build());

  private PostgresDataSource db;
  private long runId;

  @Before
  public void startRun() {
    db = TestWarehouse.fresh();
    // As KeyEventsByUser registers the run's users while it tallies them.
    TestDatabase.execute(db.jdbcUrl(),
        "insert into dim_key (dimension, member) values ('user', 'U1')");
    runId = TestWarehouse.startRun(db);
  }

  @After
  public void dropWarehouse() {
    TestDatabase.drop(db.jdbcUrl());
  }

  private PCollectionList<Void> stage(List<UsageEvent> events) {
    return stage(events, 0);
  }

  /**
   * The writes of a run that staged these events, through the product's tables: the events, their
   * dimension members, versions, users' spans and days. Each is a completion signal. The events
   * reach their COPY only after {@code lateMillis} each: a write that takes its time.
   */
  private PCollectionList<Void> stage(List<UsageEvent> events, long lateMillis) {
    Set<DimMember> members = new LinkedHashSet<>();
    Set<DimAppVersion> versions = new LinkedHashSet<>();
    Map<String, CurrentAttributes> users = new TreeMap<>();
    Set<Integer> days = new LinkedHashSet<>();
    for (UsageEvent e : events) {
      members.add(DimMember.create(DimMember.REGION, e.getRegion()));
      members.add(DimMember.create(DimMember.PLATFORM, e.getOsType()));
      members.add(DimMember.create(DimMember.VEHICLE, e.getVehicleModel()));
      members.add(DimMember.create(DimMember.FEATURE, e.getFeatureName()));
      int day = CalendarDays.dateSk(e, ZoneOffset.UTC);
      // The events here are all of v5.5.
      versions.add(DimAppVersion.create(e.getAppVersion(), 5, 5, 5_005L, day));
      users.computeIfAbsent(e.getUserId(), user -> new CurrentAttributes()).add(e);
      days.add(day);
    }
    List<KV<String, CurrentAttributes>> spans = new ArrayList<>();
    users.forEach((user, attributes) -> spans.add(KV.of(user, attributes)));
    RunTables tables = TestWarehouse.tables(db, runId);
    return PCollectionList.of(List.of(
        pipeline.apply("Events", Create.of(events).withCoder(UsageEventCoder.of()))
            .apply("ArriveLate", MapElements.into(TypeDescriptor.of(UsageEvent.class))
                .via(event -> {
                  sleep(lateMillis);
                  return event;
                }))
            .apply("StageEvents",
                CopyInBundles.into(tables.incomingEvents(ZoneOffset.UTC), db)),
        pipeline.apply("Members", Create.of(members).withType(TypeDescriptor.of(DimMember.class)))
            .apply("StageMembers", InsertInBatches.of(tables.dimMembers(), db, 10)),
        pipeline.apply("Versions",
                Create.of(versions).withType(TypeDescriptor.of(DimAppVersion.class)))
            .apply("StageVersions", InsertInBatches.of(tables.dimAppVersions(), db, 10)),
        pipeline.apply("Users", Create.of(spans)
                .withCoder(KvCoder.of(StringUtf8Coder.of(), CurrentAttributes.coder())))
            .apply("StageUsers", InsertInBatches.of(tables.userSpans(), db, 10)),
        pipeline.apply("Days", Create.of(days).withCoder(VarIntCoder.of()))
            .apply("StageDays", InsertInBatches.of(tables.touchedDays(), db, 10))));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The pipeline's counts, as singleton side inputs. */
  private PublishRun.RowTotals totals(long read, long survivors, long duplicates, long rejected) {
    return new PublishRun.RowTotals(total("Read", read), total("Survivors", survivors),
        total("Duplicates", duplicates), total("Rejected", rejected));
  }

  private PCollectionView<Long> total(String name, long count) {
    return pipeline.apply("Count" + name, Create.of(count))
        .apply("View" + name, View.asSingleton());
  }

  private long stagedEvents() {
    return TestDatabase.count(db.jdbcUrl(), "select count(*) from "
        + "incoming_feature_usage where run_id = " + runId);
  }

  private long stagedRows() {
    return TestWarehouse.incomingRows(db);
  }

  /**
   * The state after this run's one publish, by hand: read 5 = 2 events + 1 duplicate + 2 rejected;
   * both events new. They are loaded under the run and in the fact; nothing is left staged.
   */
  private void assertPublishedOnce() {
    assertEquals(List.of(List.of("succeeded", "5", "2", "0", "1", "2")),
        TestDatabase.rows(db.jdbcUrl(), LEDGER + runId));
    assertEquals(List.of(
            List.of("U1", "2025-09-01 08:00:00+00", String.valueOf(runId)),
            List.of("U1", "2025-09-01 09:00:00+00", String.valueOf(runId))),
        TestDatabase.rows(db.jdbcUrl(), LOADED_EVENTS));
    assertEquals(2, TestDatabase.count(db.jdbcUrl(), FACT_ROWS));
    assertEquals(0, stagedRows());
  }

  /** Nothing of the run published: the ledger says {@code status}, its events are still staged. */
  private void assertNothingPublished(String status) {
    assertEquals(List.of(Arrays.asList(status, null, null, null, null, null)),
        TestDatabase.rows(db.jdbcUrl(), LEDGER + runId));
    assertEquals(List.of(), TestDatabase.rows(db.jdbcUrl(), LOADED_EVENTS));
    assertEquals(0, TestDatabase.count(db.jdbcUrl(), FACT_ROWS));
    assertEquals(2, stagedEvents());
  }

  @Test
  public void aRunIsPublishedOnceItsWritesAreDone() {
    // The events are staged late: published before them, the run would not add up.
    PCollection<Long> published =
        stage(EVENTS, 500).apply(PublishRun.of(runId, db, totals(5, 2, 1, 2)));

    PAssert.that(published).containsInAnyOrder(runId);
    pipeline.run();

    assertPublishedOnce();
  }

  /** A runner retries the publish step after its transaction committed. */
  @Test
  public void aPublishTriedAgainAfterItCommittedChangesNothing() {
    PublishRun.RowTotals totals = totals(5, 2, 1, 2);
    PCollection<Long> first = stage(EVENTS).apply("Publish", PublishRun.of(runId, db, totals));
    PCollection<Void> firstDone = first.apply("FirstDone",
        MapElements.into(TypeDescriptors.voids()).via(published -> (Void) null));
    // Again, once the first has committed: its staging is gone, so a second publish could not
    // add up and would fail the pipeline.
    PCollection<Long> second =
        PCollectionList.of(firstDone).apply("PublishAgain", PublishRun.of(runId, db, totals));

    PAssert.that(second).containsInAnyOrder(runId);
    pipeline.run();

    assertPublishedOnce();
  }

  @Test
  public void aRunNoLongerRunningIsNotPublished() throws SQLException {
    try (Connection connection = db.connect()) {
      RunLedger.failRun(connection, runId, "the driver gave up");
    }
    PCollection<Long> published = stage(EVENTS).apply(PublishRun.of(runId, db, totals(5, 2, 1, 2)));

    PAssert.that(published).containsInAnyOrder(runId);
    pipeline.run();

    assertNothingPublished("failed");
  }

  @Test
  public void aRunWhoseCountsDoNotAddUpIsNotPublished() {
    // 3 events counted, but only 2 staged: a write lost one.
    stage(EVENTS).apply(PublishRun.of(runId, db, totals(6, 3, 1, 2)));

    Pipeline.PipelineExecutionException failure =
        assertThrows(Pipeline.PipelineExecutionException.class, () -> pipeline.run());

    assertTrue(failure.getCause() instanceof IllegalStateException);
    assertEquals("run " + runId + " does not add up, so it was not published: rows read 6, events"
        + " counted 3, events staged 2, duplicates 1, rejected 2", failure.getCause().getMessage());
    assertNothingPublished("running");
  }

  @Test
  public void aRunWithoutEventsPublishesItsAccounting() {
    // Every row read was rejected: 3 = 0 events + 0 duplicates + 3 rejected.
    PCollection<Long> published =
        stage(List.of()).apply(PublishRun.of(runId, db, totals(3, 0, 0, 3)));

    PAssert.that(published).containsInAnyOrder(runId);
    pipeline.run();

    assertEquals(List.of(List.of("succeeded", "3", "0", "0", "0", "3")),
        TestDatabase.rows(db.jdbcUrl(), LEDGER + runId));
    assertEquals(List.of(), TestDatabase.rows(db.jdbcUrl(), LOADED_EVENTS));
    assertEquals(0, TestDatabase.count(db.jdbcUrl(), FACT_ROWS));
  }
}
