package com.usageintel.transforms;

import com.usageintel.schemas.UsageEvent;
import java.io.Serializable;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;

/**
 * A combine of events whose accumulator is its result (a tally), carried by Java serialization:
 * the tallies hold maps and sets that Beam has no schema for.
 */
abstract class TallyEventsFn<T extends Serializable> extends CombineFn<UsageEvent, T, T> {
  private final Class<T> tallyType;

  TallyEventsFn(Class<T> tallyType) {
    this.tallyType = tallyType;
  }

  @Override
  public T extractOutput(T tally) {
    return tally;
  }

  @Override
  public Coder<T> getAccumulatorCoder(CoderRegistry registry, Coder<UsageEvent> input) {
    return SerializableCoder.of(tallyType);
  }

  @Override
  public Coder<T> getDefaultOutputCoder(CoderRegistry registry, Coder<UsageEvent> input) {
    return SerializableCoder.of(tallyType);
  }
}
