package com.usageintel.transforms.aggregate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * One day's tally of the events of one feature (state_feature_day): the product-analytics tables
 * (contract section 8) are computed from these alone, merged over all days.
 */
public final class FeatureDayState {
  private final String featureName;
  private final int dateSk;
  private final EventTally tally;

  public FeatureDayState(String featureName, int dateSk, EventTally tally) {
    this.featureName = featureName;
    this.dateSk = dateSk;
    this.tally = tally;
  }

  public String featureName() {
    return featureName;
  }

  public int dateSk() {
    return dateSk;
  }

  public EventTally tally() {
    return tally;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureDayState other
        && featureName.equals(other.featureName)
        && dateSk == other.dateSk
        && tally.equals(other.tally);
  }

  @Override
  public int hashCode() {
    return Objects.hash(featureName, dateSk);
  }

  @Override
  public String toString() {
    return featureName + " on " + dateSk + " (" + tally.events() + " events)";
  }

  /**
   * Each feature's days in date order, their tallies by date key; throws on a second state of one
   * feature and day, which only a caller's bug could give.
   */
  public static Map<String, SortedMap<Integer, EventTally>> byFeature(
      Iterable<FeatureDayState> states) {
    Map<String, SortedMap<Integer, EventTally>> features = new TreeMap<>();
    for (FeatureDayState state : states) {
      if (features.computeIfAbsent(state.featureName, f -> new TreeMap<>())
          .put(state.dateSk, state.tally) != null) {
        throw new IllegalStateException(state + " has two states");
      }
    }
    return features;
  }

  public static Coder<FeatureDayState> coder() {
    return StateCoder.INSTANCE;
  }

  private static final class StateCoder extends AtomicCoder<FeatureDayState> {
    private static final StateCoder INSTANCE = new StateCoder();

    @Override
    public void encode(FeatureDayState state, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(state.featureName, out);
      VarIntCoder.of().encode(state.dateSk, out);
      EventTally.coder().encode(state.tally, out);
    }

    @Override
    public FeatureDayState decode(InputStream in) throws IOException {
      return new FeatureDayState(StringUtf8Coder.of().decode(in), VarIntCoder.of().decode(in),
          EventTally.coder().decode(in));
    }
  }
}
