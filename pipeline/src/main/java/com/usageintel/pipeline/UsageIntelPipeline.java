package com.usageintel.pipeline;

import com.usageintel.schemas.IssueCount;
import com.usageintel.schemas.ReferenceData;
import com.usageintel.schemas.RejectedRecord;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.CleanUsageEvents;
import com.usageintel.transforms.CombineDailyAggregates;
import com.usageintel.transforms.CountFieldIssues;
import com.usageintel.transforms.DeduplicateEvents;
import com.usageintel.transforms.DropProvenance;
import com.usageintel.transforms.KeyDimensions;
import com.usageintel.transforms.ReadUsageCsv;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The pipeline, told as its steps: read the raw CSV, clean it against the reference data,
 * deduplicate events, merge them with the events earlier runs loaded, key the dimensions and
 * combine the aggregates over all of them, stage everything (events by COPY, the rest through
 * JdbcIO) and quarantine the rejects, then publish the run in one transaction once every write
 * has succeeded. It wires; the rules live in the transforms module.
 */
public final class UsageIntelPipeline {
  private UsageIntelPipeline() {}

  /**
   * What a run needs beyond its options: its id, its database, its reference data, and whether
   * the database holds events from earlier runs (runs take turns, so that cannot change).
   */
  public record RunTarget(
      long runId, PostgresDataSource dataSource, ReferenceData referenceData, boolean eventsLoaded) {}

  public static void buildPipeline(Pipeline pipeline, UsageIntelOptions options, RunTarget target) {
    int shards = groupingShards(options);
    ReadUsageCsv.Result read =
        pipeline.apply(
            "ReadUsageCsv",
            ReadUsageCsv.from(options.getInput()).withMaxRecordBytes(options.getMaxRecordBytes()));

    CleanUsageEvents.Result cleaned =
        read.records()
            .apply(
                "CleanUsageEvents",
                CleanUsageEvents.with(target.referenceData())
                    .withSourceZone(ZoneId.of(options.getSourceTimeZone()))
                    .withDurationCapMinutes(options.getDurationCapMinutes()));

    DeduplicateEvents.Result deduplicated =
        cleaned.events().apply("DeduplicateEvents", DeduplicateEvents.byIdentity().withShards(shards));

    PCollection<RejectedRecord> rejected =
        PCollectionList.of(read.malformed())
            .and(cleaned.rejected())
            .apply("GatherRejectedRecords", Flatten.pCollections());
    PCollection<IssueCount> issueCounts =
        cleaned.issues().apply("CountFieldIssues", CountFieldIssues.perFieldAndCode());

    long runId = target.runId();
    ZoneId reportingZone = ZoneId.of(options.getReportingTimeZone());
    int batchSize = options.getWriteBatchSize();
    PostgresDataSource db = target.dataSource();
    PCollection<Void> stagedEvents =
        deduplicated
            .survivors()
            .apply("StageEvents", CopyInBundles.into(RunTables.stagedEvents(runId, reportingZone), db));
    PCollection<Void> quarantined =
        rejected.apply(
            "QuarantineRejectedRecords",
            UpsertInBatches.of(RunTables.rejectedRows(runId), db, batchSize));
    PCollection<Void> issuesWritten =
        issueCounts.apply(
            "WriteIssueCounts", UpsertInBatches.of(RunTables.issueCounts(runId), db, batchSize).gatheringSmallBundles());

    // Every table below the events is computed over all events, this run's and earlier runs',
    // so the result does not depend on the order in which inputs were loaded.
    PCollection<UsageEvent> allEvents =
        target.eventsLoaded()
            ? PCollectionList.of(deduplicated.survivors())
                .and(pipeline.apply("ReadLoadedEvents", ReadLoadedEvents.from(db)))
                .apply("GatherAllEvents", Flatten.pCollections())
                .apply("MergeWithLoadedEvents", DeduplicateEvents.byIdentity().withShards(shards))
                .survivors()
            : deduplicated.survivors();
    // The dimensions and aggregates need no raw text: every step that reads the events on Flink
    // gets its own serialized copy, and the raw text is most of an event's bytes.
    PCollection<UsageEvent> eventValues = allEvents.apply("DropProvenance", DropProvenance.ofEvents());
    KeyDimensions.Result dimensions =
        eventValues.apply("KeyDimensions", KeyDimensions.inUtc().inZone(reportingZone).withShards(shards));
    CombineDailyAggregates.Result aggregates =
        eventValues.apply(
            "CombineDailyAggregates",
            CombineDailyAggregates.inUtc().inZone(reportingZone).withShards(shards));
    List<PCollection<?>> writes = new ArrayList<>(List.of(stagedEvents, quarantined, issuesWritten));
    writes.add(dimensions.members()
        .apply("StageDimMembers", UpsertInBatches.of(RunTables.dimMembers(runId), db, batchSize).gatheringSmallBundles()));
    writes.add(dimensions.dates()
        .apply("StageDimDate", UpsertInBatches.of(RunTables.dimDates(runId), db, batchSize)));
    writes.add(dimensions.appVersions()
        .apply("StageDimAppVersion", UpsertInBatches.of(RunTables.dimAppVersions(runId), db, batchSize).gatheringSmallBundles()));
    writes.add(dimensions.users()
        .apply("StageDimUser", UpsertInBatches.of(RunTables.dimUsers(runId), db, batchSize).gatheringSmallBundles()));
    writes.add(aggregates.usageDaily()
        .apply("StageUsageDaily", UpsertInBatches.of(RunTables.usageDaily(runId), db, batchSize)));
    writes.add(aggregates.kpiDaily()
        .apply("StageKpiDaily", UpsertInBatches.of(RunTables.kpiDaily(runId), db, batchSize)));
    writes.add(aggregates.versionStability()
        .apply("StageVersionStability",
            UpsertInBatches.of(RunTables.versionStability(runId), db, batchSize)));

    // Counted where they are made: on Flink a second reader of the records would get a copy.
    PCollectionView<Long> rowsRead =
        read.rowsReadPerFile().apply("CountRowsRead", Sum.longsGlobally().asSingletonView());
    PublishRun.RowTotals totals =
        new PublishRun.RowTotals(
            rowsRead,
            deduplicated
                .survivorCounts()
                .apply("CountEvents", Sum.longsGlobally().asSingletonView()),
            deduplicated
                .duplicateRows()
                .apply("CountDuplicateRows", Sum.longsGlobally().asSingletonView()),
            rejected.apply(
                "CountRejectedRows",
                Combine.globally(Count.<RejectedRecord>combineFn()).asSingletonView()));

    pipeline.apply(
        "PublishRun",
        PublishRun.of(runId, db, writes, totals));
  }

  /**
   * The stage of the run a step belongs to, by the name its top-level transform is given above:
   * read, clean, deduplicate, merge with loaded, dimensions, aggregates, write, publish.
   */
  static String stageOf(String stepName) {
    String topLevel = stepName.split("/", 2)[0];
    return switch (topLevel) {
      case "ReadUsageCsv" -> "read";
      case "CleanUsageEvents" -> "clean";
      case "DeduplicateEvents" -> "deduplicate";
      case "MergeWithLoadedEvents" -> "merge with loaded";
      case "KeyDimensions" -> "dimensions";
      case "CombineDailyAggregates" -> "aggregates";
      case "PublishRun" -> "publish";
      default -> topLevel.startsWith("Stage") || topLevel.startsWith("Quarantine")
              || topLevel.startsWith("Write")
          ? "write"
          : topLevel;
    };
  }

  /**
   * Shards for the grouping steps. The Direct runner copies a group's state for every bundle that
   * adds to it, and its bundles follow the shards of the step before: few shards, few copies. On
   * Flink a shard's group is held in memory by one slot (deduplication holds its events): 64
   * shards keep that near 150,000 events at ten million, and give every slot several shards.
   */
  static int groupingShards(UsageIntelOptions options) {
    if (options.getGroupingShards() > 0) {
      return options.getGroupingShards();
    }
    if (options.getRunner().getSimpleName().equals("DirectRunner")) {
      return 2;
    }
    return Math.max(64, 4 * options.as(FlinkPipelineOptions.class).getParallelism());
  }
}
