package com.usageintel.transforms;

import com.usageintel.schemas.FeatureAdoptionDay;
import com.usageintel.transforms.aggregate.EventTally;
import com.usageintel.transforms.aggregate.FeatureAdoption;
import com.usageintel.transforms.aggregate.FeatureDayState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.roaringbitmap.RoaringBitmap;

/**
 * Computes {@code agg_feature_adoption_daily} (contract 8.3) from the state of every feature's
 * days: for every day from the first with events to the last, each feature's new and cumulative
 * adopters against all users seen by then.
 */
public final class ComputeFeatureAdoption
    extends PTransform<PCollection<FeatureDayState>, PCollection<FeatureAdoptionDay>> {
  private ComputeFeatureAdoption() {}

  public static ComputeFeatureAdoption fromFeatureDayStates() {
    return new ComputeFeatureAdoption();
  }

  @Override
  public PCollection<FeatureAdoptionDay> expand(PCollection<FeatureDayState> featureDays) {
    return featureDays.apply("AdoptersByDay",
        ComputeFromAllStates.of(ComputeFeatureAdoption::rows, FeatureAdoptionDay.class));
  }

  private static List<FeatureAdoptionDay> rows(List<FeatureDayState> featureDays) {
    if (featureDays.isEmpty()) {
      return List.of();
    }
    Map<String, Map<Integer, RoaringBitmap>> usersByFeature = new TreeMap<>();
    int first = Integer.MAX_VALUE;
    int last = Integer.MIN_VALUE;
    for (Map.Entry<String, SortedMap<Integer, EventTally>> feature :
        FeatureDayState.byFeature(featureDays).entrySet()) {
      Map<Integer, RoaringBitmap> days = new HashMap<>();
      feature.getValue().forEach((dateSk, tally) -> days.put(dateSk, tally.users()));
      usersByFeature.put(feature.getKey(), days);
      first = Math.min(first, feature.getValue().firstKey());
      last = Math.max(last, feature.getValue().lastKey());
    }
    return FeatureAdoption.compute(usersByFeature, first, last);
  }
}
