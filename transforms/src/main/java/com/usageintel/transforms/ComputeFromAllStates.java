package com.usageintel.transforms;

import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Computes rows from every element of a collection at once, in one call: the cross-day tables,
 * whose input is the state of each day (or of each day and version or feature). Their size grows
 * with days, not events, so one worker holds them all; the computation sees them as a list, a side
 * input that the tables computed from the same states share, so the states are listed once.
 */
final class ComputeFromAllStates<S, R> extends PTransform<PBegin, PCollection<R>> {
  private final PCollectionView<List<S>> allStates;
  private final SerializableFunction<List<S>, List<R>> compute;
  private final Class<R> rowType;

  private ComputeFromAllStates(PCollectionView<List<S>> allStates,
      SerializableFunction<List<S>, List<R>> compute, Class<R> rowType) {
    this.allStates = allStates;
    this.compute = compute;
    this.rowType = rowType;
  }

  /**
   * Rows of a schema type from all states; the function is given an empty list when there are
   * none.
   */
  static <S, R> ComputeFromAllStates<S, R> of(PCollectionView<List<S>> allStates,
      SerializableFunction<List<S>, List<R>> compute, Class<R> rowType) {
    return new ComputeFromAllStates<>(allStates, compute, rowType);
  }

  @Override
  public PCollection<R> expand(PBegin begin) {
    Coder<R> rowCoder;
    try {
      rowCoder = begin.getPipeline().getSchemaRegistry().getSchemaCoder(rowType);
    } catch (NoSuchSchemaException e) {
      throw new IllegalArgumentException(rowType + " is not a schema type", e);
    }
    return begin
        .apply("Start", Create.of(0))
        .apply("Compute", ParDo.of(new ComputeFn<>(allStates, compute)).withSideInputs(allStates))
        .setCoder(rowCoder);
  }

  private static final class ComputeFn<S, R> extends DoFn<Integer, R> {
    private final PCollectionView<List<S>> all;
    private final SerializableFunction<List<S>, List<R>> compute;
    private final StepClock clock = new StepClock();

    ComputeFn(PCollectionView<List<S>> all, SerializableFunction<List<S>, List<R>> compute) {
      this.all = all;
      this.compute = compute;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      // Ticked here, not per bundle: a bundle can start before its side input is ready.
      clock.tick();
      compute.apply(c.sideInput(all)).forEach(c::output);
      clock.tick();
    }
  }
}
