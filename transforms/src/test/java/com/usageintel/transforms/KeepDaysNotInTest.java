package com.usageintel.transforms;

import java.util.List;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.Rule;
import org.junit.Test;

public class KeepDaysNotInTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void keepsTheElementsOfTheOtherDays() {
    // Days 20250901 and 20250903 are left out; the rows of 20250902 and 20250904 stay.
    PCollectionView<List<Integer>> touched =
        pipeline.apply("Touched", Create.of(20250901, 20250903)).apply(View.asList());
    PAssert.that(pipeline
            .apply("Rows", Create.of(KV.of(20250901, "a"), KV.of(20250902, "b"),
                KV.of(20250903, "c"), KV.of(20250904, "d"), KV.of(20250902, "e")))
            .apply(KeepDaysNotIn.of(touched, (KV<Integer, String> row) -> row.getKey())))
        .containsInAnyOrder(KV.of(20250902, "b"), KV.of(20250904, "d"), KV.of(20250902, "e"));
    pipeline.run();
  }

  @Test
  public void noDaysToLeaveOutKeepEverything() {
    PCollectionView<List<Integer>> none =
        pipeline.apply("None", Create.empty(VarIntCoder.of())).apply(View.asList());
    PAssert.that(pipeline.apply("Days", Create.of(20250901, 20250902))
            .apply(KeepDaysNotIn.of(none, (Integer day) -> day)))
        .containsInAnyOrder(20250901, 20250902);
    pipeline.run();
  }
}
