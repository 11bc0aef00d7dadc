package com.usageintel.transforms;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Keeps the elements whose day is not among the given days: of the state or events read back from
 * the warehouse, those of the days a run does not recompute (it recomputes the others from their
 * complete events).
 */
public final class KeepDaysNotIn<T> extends PTransform<PCollection<T>, PCollection<T>> {
  private final PCollectionView<List<Integer>> days;
  private final SerializableFunction<T, Integer> dayOf;

  private KeepDaysNotIn(PCollectionView<List<Integer>> days, SerializableFunction<T, Integer> dayOf) {
    this.days = days;
    this.dayOf = dayOf;
  }

  /**
   * @param days the date keys to leave out, as a side input
   * @param dayOf an element's date key
   */
  public static <T> KeepDaysNotIn<T> of(
      PCollectionView<List<Integer>> days, SerializableFunction<T, Integer> dayOf) {
    return new KeepDaysNotIn<>(days, dayOf);
  }

  @Override
  public PCollection<T> expand(PCollection<T> input) {
    return input
        .apply("KeepDaysNotIn", ParDo.of(new KeepFn<>(days, dayOf)).withSideInputs(days))
        .setCoder(input.getCoder());
  }

  private static final class KeepFn<T> extends DoFn<T, T> {
    private final PCollectionView<List<Integer>> days;
    private final SerializableFunction<T, Integer> dayOf;
    private transient Set<Integer> left;

    KeepFn(PCollectionView<List<Integer>> days, SerializableFunction<T, Integer> dayOf) {
      this.days = days;
      this.dayOf = dayOf;
    }

    @StartBundle
    public void startBundle() {
      left = null;
    }

    @ProcessElement
    public void processElement(ProcessContext c) {
      if (left == null) {
        // Read once per bundle: a side input in the global window is the same for every element.
        left = new HashSet<>(c.sideInput(days));
      }
      if (!left.contains(dayOf.apply(c.element()))) {
        c.output(c.element());
      }
    }
  }
}
