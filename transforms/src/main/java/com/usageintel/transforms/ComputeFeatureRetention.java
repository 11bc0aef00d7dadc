package com.usageintel.transforms;

import com.usageintel.schemas.RetentionWeek;
import com.usageintel.transforms.aggregate.CalendarDays;
import com.usageintel.transforms.aggregate.EventTally;
import com.usageintel.transforms.aggregate.FeatureDayState;
import com.usageintel.transforms.aggregate.WeeklyRetention;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.roaringbitmap.RoaringBitmap;

/**
 * Computes {@code agg_feature_retention_weekly} (contract 8.2) from the state of every feature's
 * days: weekly retention per feature, a user's cohort being the week they first used it. Every
 * feature's weeks run to the last week with any event, of any feature.
 */
public final class ComputeFeatureRetention
    extends PTransform<PCollection<FeatureDayState>, PCollection<RetentionWeek>> {
  private ComputeFeatureRetention() {}

  public static ComputeFeatureRetention fromFeatureDayStates() {
    return new ComputeFeatureRetention();
  }

  @Override
  public PCollection<RetentionWeek> expand(PCollection<FeatureDayState> featureDays) {
    return featureDays.apply("CohortsByFeatureAndWeek",
        ComputeFromAllStates.of(ComputeFeatureRetention::rows, RetentionWeek.class));
  }

  private static List<RetentionWeek> rows(List<FeatureDayState> featureDays) {
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
}
