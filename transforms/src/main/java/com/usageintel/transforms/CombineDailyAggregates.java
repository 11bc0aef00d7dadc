package com.usageintel.transforms;

import com.usageintel.schemas.DayTotals;
import com.usageintel.schemas.KpiDay;
import com.usageintel.schemas.UsageDaily;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.schemas.VersionStability;
import com.usageintel.schemas.VersionStats;
import com.usageintel.transforms.aggregate.ActiveWindows;
import com.usageintel.transforms.aggregate.CalendarDays;
import com.usageintel.transforms.aggregate.EventTally;
import com.usageintel.transforms.aggregate.KpiDays;
import com.usageintel.transforms.aggregate.VersionStabilities;
import com.usageintel.transforms.clean.AppVersion;
import com.usageintel.transforms.clean.AppVersions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Combines all loaded events into the aggregates of contract sections 4, 5 and 7: {@code
 * agg_usage_daily} (day × event-time region × feature × version × OS), {@code agg_kpi_daily} (every
 * day from the first to the last event day, with WAU, MAU and the 7-day DAU average) and the
 * app-version stability table. Distinct users are counted at each grain, never summed.
 *
 * <p>Events are tallied coarsely (per day, per OS and version), combining within bundles before
 * the grouping ({@link CombinePerKeyInShards}): a chain of fine-grained keyed combines costs the
 * Direct runner a bundle per key, and grouping whole events a copy of each key's bag per bundle.
 */
public final class CombineDailyAggregates
    extends PTransform<PCollection<UsageEvent>, CombineDailyAggregates.Result> {
  static final TupleTag<UsageDaily> USAGE_DAILY = new TupleTag<>() {};
  static final TupleTag<KpiDay> KPI_DAILY = new TupleTag<>() {};
  static final TupleTag<VersionStability> VERSION_STABILITY = new TupleTag<>() {};
  private static final TupleTag<DayUsers> DAY_USERS = new TupleTag<>() {};

  private final ZoneId reportingZone;
  private final int shards;

  private CombineDailyAggregates(ZoneId reportingZone, int shards) {
    this.reportingZone = reportingZone;
    this.shards = shards;
  }

  public static CombineDailyAggregates inUtc() {
    return new CombineDailyAggregates(ZoneOffset.UTC, CombinePerKeyInShards.DEFAULT_SHARDS);
  }

  /** The zone in which days and ISO weeks are taken. */
  public CombineDailyAggregates inZone(ZoneId reportingZone) {
    return new CombineDailyAggregates(reportingZone, shards);
  }

  /** Groups on this many shards of the keys; the rows do not depend on it. */
  public CombineDailyAggregates withShards(int shards) {
    return new CombineDailyAggregates(reportingZone, shards);
  }

  /** The three aggregate tables' rows. */
  public static final class Result extends TupleResult {
    private Result(PCollectionTuple outputs) {
      super(outputs);
    }

    public PCollection<UsageDaily> usageDaily() {
      return outputs.get(USAGE_DAILY);
    }

    public PCollection<KpiDay> kpiDaily() {
      return outputs.get(KPI_DAILY);
    }

    public PCollection<VersionStability> versionStability() {
      return outputs.get(VERSION_STABILITY);
    }
  }

  @Override
  public Result expand(PCollection<UsageEvent> events) {
    ZoneId zone = reportingZone;
    Coder<UsageEvent> eventCoder = events.getCoder();

    // One group per day: the day's usage rows and its totals, each with its distinct users.
    PCollectionTuple perDay =
        events
            .apply("KeyByDay", ParDo.of(new KeyByDayFn(zone)))
            .setCoder(KvCoder.of(VarIntCoder.of(), eventCoder))
            .apply("TallyDays", CombinePerKeyInShards.of(new TallyDayFn(zone), shards))
            .apply("ListDayRows",
                ParDo.of(new ListDayRowsFn()).withOutputTags(USAGE_DAILY, TupleTagList.of(DAY_USERS)));
    PCollection<UsageDaily> usageDaily = perDay.get(USAGE_DAILY);
    PCollectionView<List<DayUsers>> days =
        perDay.get(DAY_USERS)
            .setCoder(SerializableCoder.of(DayUsers.class))
            .apply("AllDays", View.asList());
    PCollection<KpiDay> kpiDaily =
        events.getPipeline()
            .apply("StartKpiDays", Create.of(0))
            .apply("ComputeKpiDays", ParDo.of(new KpiDaysFn(days)).withSideInputs(days));

    // One group per (OS, numbered version), over all days, for its distinct users.
    PCollectionView<List<VersionStats>> versionStats =
        events
            .apply("KeyByVersion", ParDo.of(new KeyByVersionFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), eventCoder))
            .apply("TallyVersions", CombinePerKeyInShards.of(new TallyFn(zone), shards))
            .apply("ToVersionStats", ParDo.of(new ToVersionStatsFn()))
            .apply("AllVersionStats", View.asList());
    PCollection<VersionStability> stability =
        events.getPipeline()
            .apply("StartVersionStability", Create.of(0))
            .apply("CompareWithPredecessors",
                ParDo.of(new VersionStabilityFn(versionStats)).withSideInputs(versionStats));
    return new Result(
        PCollectionTuple.of(USAGE_DAILY, usageDaily)
            .and(KPI_DAILY, kpiDaily)
            .and(VERSION_STABILITY, stability));
  }

  /** A day's totals and its active users, for the KPI step. */
  static final class DayUsers implements Serializable {
    private static final long serialVersionUID = 1L;
    final int dateSk;
    final DayTotals totals;
    final List<String> users;

    DayUsers(int dateSk, DayTotals totals, List<String> users) {
      this.dateSk = dateSk;
      this.totals = totals;
      this.users = users;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof DayUsers
          && ((DayUsers) o).dateSk == dateSk
          && ((DayUsers) o).totals.equals(totals)
          && ((DayUsers) o).users.equals(users);
    }

    @Override
    public int hashCode() {
      return Objects.hash(dateSk, totals, users);
    }
  }

  private static class KeyByDayFn extends DoFn<UsageEvent, KV<Integer, UsageEvent>> {
    private final ZoneId zone;

    KeyByDayFn(ZoneId zone) {
      this.zone = zone;
    }

    @ProcessElement
    public void processElement(@Element UsageEvent event, OutputReceiver<KV<Integer, UsageEvent>> out) {
      out.output(KV.of(CalendarDays.dateSk(event, zone), event));
    }
  }

  /** A day's tally, and one per (region, feature, version, OS) group of the day. */
  static final class DayTally {
    EventTally day = new EventTally();
    final Map<List<String>, EventTally> groups = new HashMap<>();

    @Override
    public boolean equals(Object o) {
      return o instanceof DayTally
          && ((DayTally) o).day.equals(day)
          && ((DayTally) o).groups.equals(groups);
    }

    @Override
    public int hashCode() {
      return day.hashCode();
    }
  }

  /** A day's tally, then each group's values and tally. */
  static final class DayTallyCoder extends AtomicCoder<DayTally> {
    static final DayTallyCoder INSTANCE = new DayTallyCoder();
    private static final Coder<EventTally> TALLY = EventTally.coder();
    private static final Coder<List<String>> GROUP = ListCoder.of(StringUtf8Coder.of());
    private static final VarIntCoder INT = VarIntCoder.of();

    @Override
    public void encode(DayTally tally, OutputStream out) throws IOException {
      TALLY.encode(tally.day, out);
      INT.encode(tally.groups.size(), out);
      for (Map.Entry<List<String>, EventTally> group : tally.groups.entrySet()) {
        GROUP.encode(group.getKey(), out);
        TALLY.encode(group.getValue(), out);
      }
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      throw new NonDeterministicException(this, "a day's groups are written in hash map order");
    }

    @Override
    public DayTally decode(InputStream in) throws IOException {
      DayTally tally = new DayTally();
      tally.day = TALLY.decode(in);
      int groups = INT.decode(in);
      for (int i = 0; i < groups; i++) {
        tally.groups.put(List.copyOf(GROUP.decode(in)), TALLY.decode(in));
      }
      return tally;
    }
  }

  private static final class TallyDayFn extends TallyEventsFn<DayTally> {
    private final ZoneId zone;

    TallyDayFn(ZoneId zone) {
      super(DayTallyCoder.INSTANCE);
      this.zone = zone;
    }

    @Override
    public DayTally createAccumulator() {
      return new DayTally();
    }

    @Override
    public DayTally addInput(DayTally tally, UsageEvent event) {
      int dateSk = CalendarDays.dateSk(event, zone);
      tally.day.add(event, dateSk);
      tally.groups
          .computeIfAbsent(
              List.of(event.getRegion(), event.getFeatureName(), event.getAppVersion(),
                  event.getOsType()),
              group -> new EventTally())
          .add(event, dateSk);
      return tally;
    }

    @Override
    public DayTally mergeAccumulators(Iterable<DayTally> tallies) {
      DayTally merged = new DayTally();
      for (DayTally tally : tallies) {
        merged.day.merge(tally.day);
        tally.groups.forEach((group, part) ->
            merged.groups.computeIfAbsent(group, g -> new EventTally()).merge(part));
      }
      return merged;
    }
  }

  private static class ListDayRowsFn extends DoFn<KV<Integer, DayTally>, UsageDaily> {
    @ProcessElement
    public void processElement(@Element KV<Integer, DayTally> day, MultiOutputReceiver out) {
      int dateSk = day.getKey();
      day.getValue().groups.forEach((group, tally) -> out.get(USAGE_DAILY).output(UsageDaily.create(
          dateSk, group.get(0), group.get(1), group.get(2), group.get(3), tally.toTotals())));
      List<String> users = new ArrayList<>(day.getValue().day.users());
      Collections.sort(users);
      out.get(DAY_USERS).output(new DayUsers(dateSk, day.getValue().day.toTotals(), users));
    }
  }

  private static class KpiDaysFn extends DoFn<Integer, KpiDay> {
    private final PCollectionView<List<DayUsers>> days;
    private final StepClock clock = new StepClock();

    KpiDaysFn(PCollectionView<List<DayUsers>> days) {
      this.days = days;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      // Ticked here, not per bundle: a bundle can start before its side input is ready.
      clock.tick();
      List<DayUsers> all = c.sideInput(days);
      if (all.isEmpty()) {
        return; // No events, no days.
      }
      int first = Integer.MAX_VALUE;
      int last = Integer.MIN_VALUE;
      Map<Integer, DayTotals> totals = new HashMap<>();
      Map<String, TreeSet<Integer>> activeDays = new HashMap<>();
      for (DayUsers day : all) {
        first = Math.min(first, day.dateSk);
        last = Math.max(last, day.dateSk);
        totals.put(day.dateSk, day.totals);
        for (String user : day.users) {
          activeDays.computeIfAbsent(user, u -> new TreeSet<>()).add(day.dateSk);
        }
      }
      Map<Integer, Long> wau = new HashMap<>();
      Map<Integer, Long> mau = new HashMap<>();
      for (TreeSet<Integer> userDays : activeDays.values()) {
        for (int covered : ActiveWindows.coveredDays(userDays, 7, first, last)) {
          wau.merge(covered, 1L, Long::sum);
        }
        for (int covered : ActiveWindows.coveredDays(userDays, 30, first, last)) {
          mau.merge(covered, 1L, Long::sum);
        }
      }
      KpiDays.compute(first, last, totals, wau, mau).forEach(c::output);
      clock.tick();
    }
  }

  private static class KeyByVersionFn extends DoFn<UsageEvent, KV<String, UsageEvent>> {
    @ProcessElement
    public void processElement(@Element UsageEvent event, OutputReceiver<KV<String, UsageEvent>> out) {
      if (!UsageEvent.UNKNOWN.equals(event.getAppVersion())) {
        // NUL separates the two, since no cleaned value holds it.
        out.output(KV.of(event.getOsType() + "\u0000" + event.getAppVersion(), event));
      }
    }
  }

  /** The tally of a group of events, each dated in the reporting zone. */
  private static final class TallyFn extends TallyEventsFn<EventTally> {
    private final ZoneId zone;

    TallyFn(ZoneId zone) {
      super(EventTally.coder());
      this.zone = zone;
    }

    @Override
    public EventTally createAccumulator() {
      return new EventTally();
    }

    @Override
    public EventTally addInput(EventTally tally, UsageEvent event) {
      return tally.add(event, CalendarDays.dateSk(event, zone));
    }

    @Override
    public EventTally mergeAccumulators(Iterable<EventTally> tallies) {
      EventTally merged = new EventTally();
      tallies.forEach(merged::merge);
      return merged;
    }
  }

  private static class ToVersionStatsFn extends DoFn<KV<String, EventTally>, VersionStats> {
    @ProcessElement
    public void processElement(@Element KV<String, EventTally> group, OutputReceiver<VersionStats> out) {
      String[] osAndVersion = group.getKey().split("\u0000", 2);
      EventTally tally = group.getValue();
      AppVersion version = AppVersions.parse(osAndVersion[1]);
      out.output(VersionStats.create(osAndVersion[0], osAndVersion[1], version.major(),
          version.minor(), tally.firstDateSk(), tally.events(), tally.users().size(),
          tally.errorEvents(), tally.knownFlagEvents()));
    }
  }

  private static class VersionStabilityFn extends DoFn<Integer, VersionStability> {
    private final PCollectionView<List<VersionStats>> versionStats;
    private final StepClock clock = new StepClock();

    VersionStabilityFn(PCollectionView<List<VersionStats>> versionStats) {
      this.versionStats = versionStats;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      // Ticked here, not per bundle: a bundle can start before its side input is ready.
      clock.tick();
      VersionStabilities.compute(new ArrayList<>(c.sideInput(versionStats))).forEach(c::output);
      clock.tick();
    }
  }
}
