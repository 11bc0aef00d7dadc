package com.usageintel.pipeline.run;

import com.usageintel.pipeline.warehouse.CopyInBundles;
import com.usageintel.pipeline.warehouse.InsertInBatches;
import com.usageintel.pipeline.warehouse.KeyEventsByUser;
import com.usageintel.pipeline.warehouse.PostgresDataSource;
import com.usageintel.pipeline.warehouse.PublishRun;
import com.usageintel.pipeline.warehouse.ReadLoadedEvents;
import com.usageintel.pipeline.warehouse.ReadStoredState;
import com.usageintel.pipeline.warehouse.RunTables;
import com.usageintel.pipeline.warehouse.WarehouseColumns;
import com.usageintel.schemas.IssueCount;
import com.usageintel.schemas.MemberDay;
import com.usageintel.schemas.ReferenceData;
import com.usageintel.schemas.RejectedRecord;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.schemas.UserAttribute;
import com.usageintel.schemas.VersionStability;
import com.usageintel.transforms.CleanUsageEvents;
import com.usageintel.transforms.CompareAppVersions;
import com.usageintel.transforms.ComputeFeatureTables;
import com.usageintel.transforms.ComputeFleetTables;
import com.usageintel.transforms.CountFieldIssues;
import com.usageintel.transforms.DeduplicateEvents;
import com.usageintel.transforms.DistinctInShards;
import com.usageintel.transforms.DropProvenance;
import com.usageintel.transforms.KeepDaysNotIn;
import com.usageintel.transforms.ListDimensions;
import com.usageintel.transforms.ReadUsageCsv;
import com.usageintel.transforms.TallyDays;
import com.usageintel.transforms.TallyUsers;
import com.usageintel.transforms.aggregate.CalendarDays;
import com.usageintel.transforms.aggregate.CurrentAttributes;
import com.usageintel.transforms.aggregate.DayState;
import com.usageintel.transforms.aggregate.FeatureDayState;
import com.usageintel.transforms.aggregate.VersionDayState;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The pipeline, told as its steps: read the raw CSV, clean it against the reference data,
 * deduplicate events, merge them with the loaded events of the days they touch, tally those days
 * afresh and combine the cross-day tables from every day's state (the touched days' new state,
 * the others' stored state), stage everything (events by COPY, the rest through JdbcIO) and
 * quarantine the rejects, then publish the run in one transaction once every write has
 * succeeded. It wires; the rules live in the transforms module.
 */
public final class UsageIntelPipeline {
  private UsageIntelPipeline() {}

  /**
   * What a run needs beyond its options: its id, the columns of the tables it writes, its
   * database, its reference data, whether the database holds events from earlier runs (runs take
   * turns, so that cannot change), and the loaded days that have no stored state yet (a database loaded by an older release): those are
   * recomputed from their events like the days the run touches.
   */
  public record RunTarget(
      long runId,
      WarehouseColumns columns,
      PostgresDataSource dataSource,
      ReferenceData referenceData,
      boolean eventsLoaded,
      List<Integer> daysWithoutState) {}

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
    RunTables tables = new RunTables(target.columns(), runId);
    ZoneId reportingZone = ZoneId.of(options.getReportingTimeZone());
    int batchSize = options.getWriteBatchSize();
    PostgresDataSource db = target.dataSource();
    PCollection<UsageEvent> runEvents = deduplicated.survivors();
    List<PCollection<Void>> writes = new ArrayList<>();
    writes.add(runEvents
        .apply("StageEvents", CopyInBundles.into(tables.incomingEvents(reportingZone), db)));
    writes.add(rejected.apply(
        "QuarantineRejectedRecords", InsertInBatches.of(tables.rejectedRows(), db, batchSize)));
    writes.add(issueCounts.apply(
        "WriteIssueCounts", InsertInBatches.of(tables.issueCounts(), db, batchSize).gatheringSmallBundles()));

    // The days this run recomputes: its events' days, and loaded days without state. Every other
    // day enters the cross-day tables through the state earlier runs stored.
    PCollection<Integer> touchedDays =
        PCollectionList.of(runEvents.apply("EventDays", MapElements.into(TypeDescriptors.integers())
                .via(e -> CalendarDays.dateSk(e, reportingZone))))
            .and(pipeline.apply("DaysWithoutState",
                Create.of(target.daysWithoutState()).withCoder(VarIntCoder.of())))
            .apply("GatherTouchedDays", Flatten.pCollections())
            .apply("DistinctTouchedDays", DistinctInShards.withShards(shards));
    writes.add(touchedDays.apply(
        "StageTouchedDays", InsertInBatches.of(tables.touchedDays(), db, batchSize).gatheringSmallBundles()));
    PCollectionView<List<Integer>> touchedDayList = touchedDays.apply("TouchedDayList", View.asList());

    // Every event of the touched days: this run's merged with the loaded ones by the survivor rule.
    PCollection<UsageEvent> touchedEvents = runEvents;
    PCollection<String> replacedUsers = pipeline.apply("NoReplacedUsers", Create.empty(StringUtf8Coder.of()));
    if (target.eventsLoaded()) {
      DeduplicateEvents.Result merged =
          PCollectionList.of(runEvents)
              .and(touchedDays.apply("ReadLoadedEventsOfTouchedDays", ReadLoadedEvents.onDays(db)))
              .apply("GatherTouchedEvents", Flatten.pCollections())
              .apply("MergeWithLoadedEvents", DeduplicateEvents.byIdentity().withShards(shards));
      touchedEvents = merged.survivors();
      replacedUsers = merged.usersWithReplacedEvents().apply("DistinctReplacedUsers", DistinctInShards.withShards(shards));
    }
    writes.add(replacedUsers.apply(
        "StageReplacedUsers", InsertInBatches.of(tables.replacedUsers(), db, batchSize).gatheringSmallBundles()));
    // The tallies need no raw text: every step that reads the events on Flink gets its own
    // serialized copy, and the raw text is most of an event's bytes.
    PCollection<UsageEvent> eventValues = touchedEvents.apply("DropProvenance", DropProvenance.ofEvents());

    TallyDays.Result days =
        eventValues
            .apply("KeyEventsByUser", KeyEventsByUser.in(db))
            .apply("TallyDays", TallyDays.ofKeyedEvents().inZone(reportingZone).withShards(shards));

    // A user whose loaded event was replaced is tallied afresh over all their events.
    PCollection<UsageEvent> userEvents = eventValues;
    if (target.eventsLoaded()) {
      userEvents =
          PCollectionList.of(eventValues)
              .and(replacedUsers
                  .apply("ReadEventsOfReplacedUsers", ReadLoadedEvents.ofUsers(db))
                  .apply("KeepUntouchedDaysEvents", KeepDaysNotIn.of(
                      touchedDayList, (UsageEvent e) -> CalendarDays.dateSk(e, reportingZone)))
                  .apply("DropProvenanceOfHistory", DropProvenance.ofEvents()))
              .apply("GatherUserEvents", Flatten.pCollections());
    }
    PCollection<KV<String, CurrentAttributes>> userStates =
        userEvents.apply("TallyUsers", TallyUsers.ofEvents().withShards(shards));

    PCollection<DayState> allDays = days.days();
    PCollection<VersionDayState> allVersionDays = days.versionDays();
    PCollection<MemberDay> allMemberDays = days.memberDays();
    PCollection<FeatureDayState> allFeatureDays = days.featureDays();
    if (target.eventsLoaded()) {
      allDays = withStored(days.days(), pipeline.apply("ReadStoredDays", ReadStoredState.days(db)),
          DayState::dateSk, touchedDayList, "Days");
      allVersionDays = withStored(days.versionDays(),
          pipeline.apply("ReadStoredVersionDays", ReadStoredState.versionDays(db)),
          VersionDayState::dateSk, touchedDayList, "VersionDays");
      allMemberDays = withStored(days.memberDays(),
          pipeline.apply("ReadStoredMemberDays", ReadStoredState.memberDays(db)),
          MemberDay::getDateSk, touchedDayList, "MemberDays");
      allFeatureDays = withStored(days.featureDays(),
          pipeline.apply("ReadStoredFeatureDays", ReadStoredState.featureDays(db)),
          FeatureDayState::dateSk, touchedDayList, "FeatureDays");
    }
    ComputeFleetTables.Result fleetTables =
        allDays.apply("ComputeFleetTables", ComputeFleetTables.fromDayStates());
    ComputeFeatureTables.Result featureTables =
        allFeatureDays.apply("ComputeFeatureTables", ComputeFeatureTables.fromFeatureDayStates());
    PCollection<VersionStability> stability =
        allVersionDays.apply("CompareAppVersions", CompareAppVersions.fromVersionDayStates().withShards(shards));
    ListDimensions.Result dimensions = allMemberDays.apply("ListDimensions", ListDimensions.fromMemberDays());

    writes.add(dimensions.members()
        .apply("StageDimMembers", InsertInBatches.of(tables.dimMembers(), db, batchSize).gatheringSmallBundles()));
    writes.add(dimensions.dates()
        .apply("StageDimDate", InsertInBatches.of(tables.dimDates(), db, batchSize)));
    writes.add(dimensions.appVersions()
        .apply("StageDimAppVersion", InsertInBatches.of(tables.dimAppVersions(), db, batchSize).gatheringSmallBundles()));
    writes.add(userStates
        .apply("StageUserSpans", InsertInBatches.of(tables.userSpans(), db, batchSize)));
    writes.add(userStates
        .apply("ListKnownAttributes", FlatMapElements.into(TypeDescriptor.of(UserAttribute.class))
            .via(user -> user.getValue().known(user.getKey())))
        .apply("StageUserAttributes", InsertInBatches.of(tables.userAttributes(), db, batchSize)));
    writes.add(days.usageDaily()
        .apply("StageUsageDaily", InsertInBatches.of(tables.usageDaily(), db, batchSize)));
    writes.add(days.days()
        .apply("StageDayStates", InsertInBatches.of(tables.dayStates(), db, batchSize)));
    writes.add(days.versionDays()
        .apply("StageVersionDayStates", InsertInBatches.of(tables.versionDayStates(), db, batchSize)));
    writes.add(days.memberDays()
        .apply("StageMemberDays", InsertInBatches.of(tables.memberDays(), db, batchSize)));
    writes.add(days.featureDays()
        .apply("StageFeatureDayStates", InsertInBatches.of(tables.featureDayStates(), db, batchSize)));
    writes.add(fleetTables.kpiDays()
        .apply("StageKpiDaily", InsertInBatches.of(tables.kpiDaily(), db, batchSize)));
    writes.add(fleetTables.weeklyRetention()
        .apply("StageRetentionWeekly", InsertInBatches.of(tables.retentionWeekly(), db, batchSize)));
    writes.add(featureTables.featureRetention()
        .apply("StageFeatureRetentionWeekly",
            InsertInBatches.of(tables.featureRetentionWeekly(), db, batchSize)));
    writes.add(featureTables.featureAdoption()
        .apply("StageFeatureAdoptionDaily",
            InsertInBatches.of(tables.featureAdoptionDaily(), db, batchSize)));
    writes.add(fleetTables.daysActive()
        .apply("StageDaysActiveMonthly", InsertInBatches.of(tables.daysActiveMonthly(), db, batchSize)));
    writes.add(featureTables.anomalies()
        .apply("StageAnomalyDaily", InsertInBatches.of(tables.anomalyDaily(), db, batchSize)));
    writes.add(stability
        .apply("StageVersionStability",
            InsertInBatches.of(tables.versionStability(), db, batchSize)));

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

    PCollectionList.of(writes).apply("PublishRun", PublishRun.of(runId, db, totals));
  }

  /** This run's fresh state of the touched days, with the stored state of every other day. */
  private static <T> PCollection<T> withStored(
      PCollection<T> fresh,
      PCollection<T> stored,
      SerializableFunction<T, Integer> dayOf,
      PCollectionView<List<Integer>> touchedDays,
      String name) {
    return PCollectionList.of(fresh)
        .and(stored.apply("KeepUntouched" + name, KeepDaysNotIn.of(touchedDays, dayOf)))
        .apply("GatherAll" + name, Flatten.pCollections());
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
      case "DeduplicateEvents", "DistinctTouchedDays" -> "deduplicate";
      case "MergeWithLoadedEvents", "ReadLoadedEventsOfTouchedDays", "ReadEventsOfReplacedUsers",
          "DistinctReplacedUsers",
          "ReadStoredDays", "ReadStoredVersionDays", "ReadStoredMemberDays", "ReadStoredFeatureDays"
          -> "merge with loaded";
      case "ListDimensions", "KeyEventsByUser", "TallyUsers" -> "dimensions";
      case "TallyDays", "ComputeFleetTables", "ComputeFeatureTables", "CompareAppVersions"
          -> "aggregates";
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
