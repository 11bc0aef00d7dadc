package com.usageintel.transforms.aggregate;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;

/**
 * One day's tally of the events of one feature (state_feature_day): the product-analytics tables
 * (contract section 8) are computed from these alone, merged over all days.
 */
public final class FeatureDayState extends KeyedDayState {
  private static final Coder<FeatureDayState> CODER =
      coder(FeatureDayState.class, 1,
          (key, dateSk, tally) -> new FeatureDayState(key.get(0), dateSk, tally));

  public FeatureDayState(String featureName, int dateSk, EventTally tally) {
    super(List.of(featureName), dateSk, tally);
  }

  public String featureName() {
    return key().get(0);
  }

  /**
   * Each feature's days in date order, their tallies by date key; throws on a second state of one
   * feature and day, which only a caller's bug could give.
   */
  public static Map<String, SortedMap<Integer, EventTally>> byFeature(
      Iterable<FeatureDayState> states) {
    Map<String, SortedMap<Integer, EventTally>> features = new TreeMap<>();
    for (FeatureDayState state : states) {
      if (features.computeIfAbsent(state.featureName(), f -> new TreeMap<>())
          .put(state.dateSk(), state.tally()) != null) {
        throw new IllegalStateException(state + " has two states");
      }
    }
    return features;
  }

  public static Coder<FeatureDayState> coder() {
    return CODER;
  }
}
