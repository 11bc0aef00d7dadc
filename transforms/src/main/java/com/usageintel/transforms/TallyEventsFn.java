package com.usageintel.transforms;

import com.usageintel.schemas.UsageEvent;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine.CombineFn;

/**
 * A combine of events whose accumulator is its result (a tally), carried by a coder of its own:
 * the tallies hold maps and sets that Beam has no schema for.
 */
abstract class TallyEventsFn<T> extends CombineFn<UsageEvent, T, T> {
  private final Coder<T> tallyCoder;

  TallyEventsFn(Coder<T> tallyCoder) {
    this.tallyCoder = tallyCoder;
  }

  @Override
  public T extractOutput(T tally) {
    return tally;
  }

  @Override
  public Coder<T> getAccumulatorCoder(CoderRegistry registry, Coder<UsageEvent> input) {
    return tallyCoder;
  }

  @Override
  public Coder<T> getDefaultOutputCoder(CoderRegistry registry, Coder<UsageEvent> input) {
    return tallyCoder;
  }
}
