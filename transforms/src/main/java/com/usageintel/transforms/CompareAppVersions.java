package com.usageintel.transforms;

import com.usageintel.schemas.VersionStability;
import com.usageintel.schemas.VersionStats;
import com.usageintel.transforms.aggregate.EventTally;
import com.usageintel.transforms.aggregate.VersionDayState;
import com.usageintel.transforms.aggregate.VersionStabilities;
import com.usageintel.transforms.clean.AppVersion;
import com.usageintel.transforms.clean.AppVersions;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Computes {@code agg_app_version_stability} (contract sections 4 and 7) from the per-day states
 * of each OS and numbered version: merged over all days (users by bitmap OR), each version is
 * compared with its predecessor on the same OS. The cost is the number of version-days.
 */
public final class CompareAppVersions
    extends PTransform<PCollection<VersionDayState>, PCollection<VersionStability>> {
  private final int shards;

  private CompareAppVersions(int shards) {
    this.shards = shards;
  }

  public static CompareAppVersions fromVersionDayStates() {
    return new CompareAppVersions(CombinePerKeyInShards.DEFAULT_SHARDS);
  }

  /** Groups on this many shards of the versions; the rows do not depend on it. */
  public CompareAppVersions withShards(int shards) {
    if (shards <= 0) {
      throw new IllegalArgumentException("shards must be positive, was " + shards);
    }
    return new CompareAppVersions(shards);
  }

  @Override
  public PCollection<VersionStability> expand(PCollection<VersionDayState> versionDays) {
    PCollectionView<List<VersionStats>> allVersions = versionDays
            .apply("KeyByVersion", MapElements
                .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(EventTally.class)))
                // NUL separates OS and version, since no cleaned value holds it.
                .via(state -> KV.of(state.osType() + "\u0000" + state.appVersion(), state.tally())))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), EventTally.coder()))
            .apply("MergeVersionDays", CombinePerKeyInShards.of(new MergeTalliesFn(), shards))
            .apply("ToVersionStats", ParDo.of(new ToVersionStatsFn()))
            .apply("ListAllVersions", View.asList());
    return versionDays.getPipeline().begin()
        .apply("CompareWithPredecessors", ComputeFromAllStates.of(allVersions,
            versions -> VersionStabilities.compute(new ArrayList<>(versions)),
            VersionStability.class));
  }

  /** Tallies of parts of one group, merged. */
  private static final class MergeTalliesFn extends TallyEventsFn<EventTally, EventTally> {
    MergeTalliesFn() {
      super(EventTally.coder());
    }

    @Override
    public EventTally createAccumulator() {
      return new EventTally();
    }

    @Override
    public EventTally addInput(EventTally merged, EventTally part) {
      return merged.merge(part);
    }

    @Override
    public EventTally mergeAccumulators(Iterable<EventTally> parts) {
      EventTally merged = new EventTally();
      parts.forEach(merged::merge);
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
          version.minor(), tally.firstDateSk(), tally.events(), tally.users().getLongCardinality(),
          tally.errorEvents(), tally.knownFlagEvents()));
    }
  }
}
