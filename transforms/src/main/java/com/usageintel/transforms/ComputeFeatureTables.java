package com.usageintel.transforms;

import com.usageintel.schemas.AnomalyDay;
import com.usageintel.schemas.FeatureAdoptionDay;
import com.usageintel.schemas.RetentionWeek;
import com.usageintel.transforms.aggregate.CalendarDays;
import com.usageintel.transforms.aggregate.EventTally;
import com.usageintel.transforms.aggregate.FeatureAdoption;
import com.usageintel.transforms.aggregate.FeatureDayState;
import com.usageintel.transforms.aggregate.RobustAnomalies;
import com.usageintel.transforms.aggregate.WeeklyRetention;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.roaringbitmap.RoaringBitmap;

/**
 * Computes the product-analytics tables from the state of every feature's days: {@code
 * agg_feature_retention_weekly} (contract 8.2), {@code agg_feature_adoption_daily} (8.3) and
 * {@code agg_anomaly_daily} (8.5). The feature-days are listed once, and the three tables read
 * that one list.
 */
public final class ComputeFeatureTables
    extends PTransform<PCollection<FeatureDayState>, ComputeFeatureTables.Result> {
  private static final TupleTag<RetentionWeek> FEATURE_RETENTION = new TupleTag<>() {};
  private static final TupleTag<FeatureAdoptionDay> FEATURE_ADOPTION = new TupleTag<>() {};
  private static final TupleTag<AnomalyDay> ANOMALIES = new TupleTag<>() {};

  private ComputeFeatureTables() {}

  public static ComputeFeatureTables fromFeatureDayStates() {
    return new ComputeFeatureTables();
  }

  /** The rows of each table. */
  public static final class Result extends TupleResult {
    private Result(PCollectionTuple outputs) {
      super(outputs);
    }

    public PCollection<RetentionWeek> featureRetention() {
      return outputs.get(FEATURE_RETENTION);
    }

    public PCollection<FeatureAdoptionDay> featureAdoption() {
      return outputs.get(FEATURE_ADOPTION);
    }

    public PCollection<AnomalyDay> anomalies() {
      return outputs.get(ANOMALIES);
    }
  }

  @Override
  public Result expand(PCollection<FeatureDayState> featureDays) {
    PCollectionView<List<FeatureDayState>> allFeatureDays =
        featureDays.apply("ListAllFeatureDays", View.asList());
    PBegin begin = featureDays.getPipeline().begin();
    return new Result(PCollectionTuple
        .of(FEATURE_RETENTION, begin.apply("ComputeFeatureRetention", ComputeFromAllStates.of(
            allFeatureDays, ComputeFeatureTables::featureRetention, RetentionWeek.class)))
        .and(FEATURE_ADOPTION, begin.apply("ComputeFeatureAdoption", ComputeFromAllStates.of(
            allFeatureDays, ComputeFeatureTables::featureAdoption, FeatureAdoptionDay.class)))
        .and(ANOMALIES, begin.apply("DetectAnomalies", ComputeFromAllStates.of(
            allFeatureDays, ComputeFeatureTables::anomalies, AnomalyDay.class))));
  }

  /**
   * Weekly retention per feature, a user's cohort being the week they first used it. Every
   * feature's weeks run to the last week with any event, of any feature.
   */
  static List<RetentionWeek> featureRetention(List<FeatureDayState> featureDays) {
    Map<String, SortedMap<Integer, EventTally>> features = FeatureDayState.byFeature(featureDays);
    int last = featureDays.stream().mapToInt(FeatureDayState::dateSk).max().orElse(0);
    List<RetentionWeek> rows = new ArrayList<>();
    features.forEach((feature, days) -> {
      Map<Integer, RoaringBitmap> activeByDay = new HashMap<>();
      days.forEach((dateSk, tally) -> activeByDay.put(dateSk, tally.users()));
      rows.addAll(WeeklyRetention.compute(feature, activeByDay, CalendarDays.date(last)));
    });
    return rows;
  }

  /**
   * For every day from the first with events to the last, each feature's new and cumulative
   * adopters against all users seen by then.
   */
  static List<FeatureAdoptionDay> featureAdoption(List<FeatureDayState> featureDays) {
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

  /**
   * For each feature and for the whole fleet (the features' days merged, users counted once),
   * each day's events, DAU and error rate scored against the 28 days before it.
   */
  static List<AnomalyDay> anomalies(List<FeatureDayState> featureDays) {
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
