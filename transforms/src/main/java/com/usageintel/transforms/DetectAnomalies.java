package com.usageintel.transforms;

import com.usageintel.schemas.AnomalyDay;
import com.usageintel.transforms.aggregate.EventTally;
import com.usageintel.transforms.aggregate.FeatureDayState;
import com.usageintel.transforms.aggregate.RobustAnomalies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Computes {@code agg_anomaly_daily} (contract 8.5) from the state of every feature's days: for
 * each feature and for the whole fleet (the features' days merged, users counted once), each
 * day's events, DAU and error rate scored against the 28 days before it.
 */
public final class DetectAnomalies
    extends PTransform<PCollection<FeatureDayState>, PCollection<AnomalyDay>> {
  private DetectAnomalies() {}

  public static DetectAnomalies fromFeatureDayStates() {
    return new DetectAnomalies();
  }

  @Override
  public PCollection<AnomalyDay> expand(PCollection<FeatureDayState> featureDays) {
    return featureDays.apply("ScoreEverySeries",
        ComputeFromAllStates.of(DetectAnomalies::rows, AnomalyDay.class));
  }

  private static List<AnomalyDay> rows(List<FeatureDayState> featureDays) {
    if (featureDays.isEmpty()) {
      return List.of();
    }
    Map<String, SortedMap<Integer, EventTally>> features = FeatureDayState.byFeature(featureDays);
    SortedMap<Integer, EventTally> fleet = new TreeMap<>();
    features.values().forEach(days -> days.forEach((dateSk, tally) ->
        fleet.computeIfAbsent(dateSk, d -> new EventTally()).merge(tally)));
    int first = fleet.firstKey();
    int last = fleet.lastKey();
    List<AnomalyDay> rows = new ArrayList<>(
        RobustAnomalies.scoreSeries(true, AnomalyDay.FLEET, fleet, first, last));
    features.forEach((feature, days) ->
        rows.addAll(RobustAnomalies.scoreSeries(false, feature, days, first, last)));
    return rows;
  }
}
