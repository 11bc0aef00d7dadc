package com.usageintel.transforms;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine.CombineFn;

/**
 * A combine whose accumulator is its result (a tally), carried by a coder of its own: the tallies
 * hold maps, sets and bitmaps that Beam has no schema for. Inputs are events, or parts of tallies.
 */
abstract class TallyEventsFn<InputT, T> extends CombineFn<InputT, T, T> {
  private final Coder<T> tallyCoder;

  TallyEventsFn(Coder<T> tallyCoder) {
    this.tallyCoder = tallyCoder;
  }

  @Override
  public T extractOutput(T tally) {
    return tally;
  }

  @Override
  public Coder<T> getAccumulatorCoder(CoderRegistry registry, Coder<InputT> input) {
    return tallyCoder;
  }

  @Override
  public Coder<T> getDefaultOutputCoder(CoderRegistry registry, Coder<InputT> input) {
    return tallyCoder;
  }
}
