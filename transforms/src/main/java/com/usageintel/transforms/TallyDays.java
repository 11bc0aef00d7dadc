package com.usageintel.transforms;

import com.usageintel.schemas.DimMember;
import com.usageintel.schemas.MemberDay;
import com.usageintel.schemas.UsageDaily;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.aggregate.CalendarDays;
import com.usageintel.transforms.aggregate.DayState;
import com.usageintel.transforms.aggregate.DayTally;
import com.usageintel.transforms.aggregate.EventTally;
import com.usageintel.transforms.aggregate.FeatureDayState;
import com.usageintel.transforms.aggregate.VersionDayState;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Tallies whole days of events (contract sections 4 and 5): the {@code agg_usage_daily} rows of
 * each day (event-time region × feature × version × OS), and the day's mergeable state: its tally,
 * one tally per OS and numbered version, one per feature (merged from the groups, so no event is
 * counted twice over), and the dimension members it holds. Each event comes
 * with its user's integer key, and distinct users are bitmaps of those keys.
 *
 * <p>The input must hold every event of each day it touches: a day's rows replace what the
 * warehouse had for that day. Days are combined within bundles before the grouping ({@link
 * CombinePerKeyInShards}).
 */
public final class TallyDays
    extends PTransform<PCollection<KV<Integer, UsageEvent>>, TallyDays.Result> {
  static final TupleTag<UsageDaily> USAGE_DAILY = new TupleTag<>() {};
  static final TupleTag<DayState> DAYS = new TupleTag<>() {};
  static final TupleTag<VersionDayState> VERSION_DAYS = new TupleTag<>() {};
  static final TupleTag<MemberDay> MEMBER_DAYS = new TupleTag<>() {};
  static final TupleTag<FeatureDayState> FEATURE_DAYS = new TupleTag<>() {};

  private final ZoneId reportingZone;
  private final int shards;

  private TallyDays(ZoneId reportingZone, int shards) {
    this.reportingZone = reportingZone;
    this.shards = shards;
  }

  /** Days in UTC, of events keyed by their user's integer key. */
  public static TallyDays ofKeyedEvents() {
    return new TallyDays(ZoneOffset.UTC, CombinePerKeyInShards.DEFAULT_SHARDS);
  }

  /** The zone in which days are taken. */
  public TallyDays inZone(ZoneId zone) {
    return new TallyDays(zone, shards);
  }

  /** Groups on this many shards of the days; the rows do not depend on it. */
  public TallyDays withShards(int shards) {
    if (shards <= 0) {
      throw new IllegalArgumentException("shards must be positive, was " + shards);
    }
    return new TallyDays(reportingZone, shards);
  }

  /** Each day's usage rows and state. */
  public static final class Result extends TupleResult {
    private Result(PCollectionTuple outputs) {
      super(outputs);
    }

    public PCollection<UsageDaily> usageDaily() {
      return outputs.get(USAGE_DAILY);
    }

    public PCollection<DayState> days() {
      return outputs.get(DAYS);
    }

    public PCollection<VersionDayState> versionDays() {
      return outputs.get(VERSION_DAYS);
    }

    public PCollection<MemberDay> memberDays() {
      return outputs.get(MEMBER_DAYS);
    }

    public PCollection<FeatureDayState> featureDays() {
      return outputs.get(FEATURE_DAYS);
    }
  }

  @Override
  public Result expand(PCollection<KV<Integer, UsageEvent>> keyedEvents) {
    PCollectionTuple rows =
        keyedEvents
            .apply("KeyByDay", ParDo.of(new KeyByDayFn(reportingZone)))
            .setCoder(KvCoder.of(VarIntCoder.of(), keyedEvents.getCoder()))
            .apply("TallyEachDay", CombinePerKeyInShards.of(new TallyDayFn(reportingZone), shards))
            .apply("ListDayRows", ParDo.of(new ListDayRowsFn())
                .withOutputTags(USAGE_DAILY,
                    TupleTagList.of(DAYS).and(VERSION_DAYS).and(MEMBER_DAYS).and(FEATURE_DAYS)));
    rows.get(DAYS).setCoder(DayState.coder());
    rows.get(VERSION_DAYS).setCoder(VersionDayState.coder());
    rows.get(FEATURE_DAYS).setCoder(FeatureDayState.coder());
    return new Result(rows);
  }

  /** Each event by its day, with its user's key. */
  private static class KeyByDayFn
      extends DoFn<KV<Integer, UsageEvent>, KV<Integer, KV<Integer, UsageEvent>>> {
    private final ZoneId zone;

    KeyByDayFn(ZoneId zone) {
      this.zone = zone;
    }

    @ProcessElement
    public void processElement(
        @Element KV<Integer, UsageEvent> keyedEvent,
        OutputReceiver<KV<Integer, KV<Integer, UsageEvent>>> out) {
      out.output(KV.of(CalendarDays.dateSk(keyedEvent.getValue(), zone), keyedEvent));
    }
  }

  private static final class TallyDayFn extends TallyEventsFn<KV<Integer, UsageEvent>, DayTally> {
    private final ZoneId zone;

    TallyDayFn(ZoneId zone) {
      super(DayTally.coder());
      this.zone = zone;
    }

    @Override
    public DayTally createAccumulator() {
      return new DayTally();
    }

    /** An event with its user's key. */
    @Override
    public DayTally addInput(DayTally tally, KV<Integer, UsageEvent> keyedEvent) {
      UsageEvent event = keyedEvent.getValue();
      return tally.add(event, CalendarDays.dateSk(event, zone), keyedEvent.getKey());
    }

    @Override
    public DayTally mergeAccumulators(Iterable<DayTally> tallies) {
      DayTally merged = new DayTally();
      tallies.forEach(merged::merge);
      return merged;
    }
  }

  private static class ListDayRowsFn extends DoFn<KV<Integer, DayTally>, UsageDaily> {
    @ProcessElement
    public void processElement(@Element KV<Integer, DayTally> day, MultiOutputReceiver out) {
      int dateSk = day.getKey();
      DayTally tally = day.getValue();
      Set<MemberDay> members = new HashSet<>();
      Map<String, EventTally> features = new HashMap<>();
      tally.groups().forEach((group, groupTally) -> {
        features.computeIfAbsent(group.get(1), feature -> new EventTally()).merge(groupTally);
        out.get(USAGE_DAILY).output(UsageDaily.create(
            dateSk, group.get(0), group.get(1), group.get(2), group.get(3), groupTally.toTotals()));
        members.add(MemberDay.create(DimMember.REGION, group.get(0), dateSk));
        members.add(MemberDay.create(DimMember.FEATURE, group.get(1), dateSk));
        members.add(MemberDay.create(MemberDay.APP_VERSION, group.get(2), dateSk));
        members.add(MemberDay.create(DimMember.PLATFORM, group.get(3), dateSk));
      });
      tally.vehicles().forEach(vehicle -> members.add(MemberDay.create(DimMember.VEHICLE, vehicle, dateSk)));
      members.forEach(out.get(MEMBER_DAYS)::output);
      features.forEach((feature, featureTally) ->
          out.get(FEATURE_DAYS).output(new FeatureDayState(feature, dateSk, featureTally)));
      out.get(DAYS).output(new DayState(dateSk, tally.day()));
      for (Map.Entry<List<String>, EventTally> version : tally.versions().entrySet()) {
        out.get(VERSION_DAYS).output(new VersionDayState(
            version.getKey().get(0), version.getKey().get(1), dateSk, version.getValue()));
      }
    }
  }
}
