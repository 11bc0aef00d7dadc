package com.usageintel.pipeline.run;

import com.usageintel.pipeline.warehouse.KeyEventsByUser;
import com.usageintel.pipeline.warehouse.PostgresDataSource;
import com.usageintel.pipeline.warehouse.PublishRun;
import com.usageintel.pipeline.warehouse.ReadLoadedEvents;
import com.usageintel.pipeline.warehouse.ReadStoredState;
import com.usageintel.pipeline.warehouse.RunTables;
import com.usageintel.pipeline.warehouse.RunWrites;
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
import java.util.List;
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
    int shards = RunOptions.groupingShards(options);
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
    PostgresDataSource db = target.dataSource();
    PCollection<UsageEvent> runEvents = deduplicated.survivors();
    RunWrites writes = new RunWrites(db, options.getWriteBatchSize());
    writes.copy("StageEvents", runEvents, tables.incomingEvents(reportingZone));
    writes.insert("QuarantineRejectedRecords", rejected, tables.rejectedRows());
    writes.insertFew("WriteIssueCounts", issueCounts, tables.issueCounts());

    // The days this run recomputes: its events' days, and loaded days without state. Every other
    // day enters the cross-day tables through the state earlier runs stored.
    PCollection<Integer> touchedDays =
        PCollectionList.of(runEvents.apply("EventDays", MapElements.into(TypeDescriptors.integers())
                .via(e -> CalendarDays.dateSk(e, reportingZone))))
            .and(pipeline.apply("DaysWithoutState",
                Create.of(target.daysWithoutState()).withCoder(VarIntCoder.of())))
            .apply("GatherTouchedDays", Flatten.pCollections())
            .apply("DistinctTouchedDays", DistinctInShards.withShards(shards));
    writes.insertFew("StageTouchedDays", touchedDays, tables.touchedDays());
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
    writes.insertFew("StageReplacedUsers", replacedUsers, tables.replacedUsers());
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

    writes.insertFew("StageDimMembers", dimensions.members(), tables.dimMembers());
    writes.insert("StageDimDate", dimensions.dates(), tables.dimDates());
    writes.insertFew("StageDimAppVersion", dimensions.appVersions(), tables.dimAppVersions());
    writes.insert("StageUserSpans", userStates, tables.userSpans());
    writes.insert("StageUserAttributes",
        userStates.apply("ListKnownAttributes", FlatMapElements.into(TypeDescriptor.of(UserAttribute.class))
            .via(user -> user.getValue().known(user.getKey()))),
        tables.userAttributes());
    writes.insert("StageUsageDaily", days.usageDaily(), tables.usageDaily());
    writes.insert("StageDayStates", days.days(), tables.dayStates());
    writes.insert("StageVersionDayStates", days.versionDays(), tables.versionDayStates());
    writes.insert("StageMemberDays", days.memberDays(), tables.memberDays());
    writes.insert("StageFeatureDayStates", days.featureDays(), tables.featureDayStates());
    writes.insert("StageKpiDaily", fleetTables.kpiDays(), tables.kpiDaily());
    writes.insert("StageRetentionWeekly", fleetTables.weeklyRetention(), tables.retentionWeekly());
    writes.insert("StageFeatureRetentionWeekly", featureTables.featureRetention(), tables.featureRetentionWeekly());
    writes.insert("StageFeatureAdoptionDaily", featureTables.featureAdoption(), tables.featureAdoptionDaily());
    writes.insert("StageDaysActiveMonthly", fleetTables.daysActive(), tables.daysActiveMonthly());
    writes.insert("StageAnomalyDaily", featureTables.anomalies(), tables.anomalyDaily());
    writes.insert("StageVersionStability", stability, tables.versionStability());

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

    writes.all().apply("PublishRun", PublishRun.of(runId, db, totals));
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
}
