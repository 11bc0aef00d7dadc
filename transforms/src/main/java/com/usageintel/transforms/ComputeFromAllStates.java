package com.usageintel.transforms;

import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Computes rows from every element of a collection at once, in one call: the cross-day tables,
 * whose input is the state of each day (or of each day and version or feature). Their size grows
 * with days, not events, so one worker holds them all; the computation sees them as a list.
 */
final class ComputeFromAllStates<S, R> extends PTransform<PCollection<S>, PCollection<R>> {
  private final SerializableFunction<List<S>, List<R>> compute;
  private final Class<R> rowType;

  private ComputeFromAllStates(SerializableFunction<List<S>, List<R>> compute, Class<R> rowType) {
    this.compute = compute;
    this.rowType = rowType;
  }

  /**
   * Rows of a schema type from all states; the function is given an empty list when there are
   * none.
   */
  static <S, R> ComputeFromAllStates<S, R> of(
      SerializableFunction<List<S>, List<R>> compute, Class<R> rowType) {
    return new ComputeFromAllStates<>(compute, rowType);
  }

  @Override
  public PCollection<R> expand(PCollection<S> states) {
    Coder<R> rowCoder;
    try {
      rowCoder = states.getPipeline().getSchemaRegistry().getSchemaCoder(rowType);
    } catch (NoSuchSchemaException e) {
      throw new IllegalArgumentException(rowType + " is not a schema type", e);
    }
    PCollectionView<List<S>> all = states.apply("AllStates", View.asList());
    return states.getPipeline()
        .apply("Start", Create.of(0))
        .apply("Compute", ParDo.of(new ComputeFn<>(all, compute)).withSideInputs(all))
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
