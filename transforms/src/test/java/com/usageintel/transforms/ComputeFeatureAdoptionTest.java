package com.usageintel.transforms;

import static com.usageintel.transforms.TestEvents.featureDayOf;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.usageintel.schemas.FeatureAdoptionDay;
import com.usageintel.transforms.aggregate.FeatureDayState;
import java.math.BigDecimal;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class ComputeFeatureAdoptionTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static FeatureAdoptionDay row(int dateSk, String feature, long newAdopters,
      long adopters, long usersToDate, String pct) {
    return FeatureAdoptionDay.create(
        dateSk, feature, newAdopters, adopters, usersToDate, new BigDecimal(pct));
  }

  @Test
  public void everyDayFromTheFirstToTheLastTimesEveryFeature() {
    //   Navigation:      09-01 U1, U2
    //   Climate Control: 09-03 U2 (a second feature for U2), U3
    // No event on 09-02.
    PCollection<FeatureAdoptionDay> rows =
        pipeline
            .apply(Create.of(
                    featureDayOf("Climate Control", "2025-09-03", "U2", "U3"),
                    featureDayOf("Navigation", "2025-09-01", "U1", "U2"))
                .withCoder(FeatureDayState.coder()))
            .apply(ComputeFeatureAdoption.fromFeatureDayStates());

    // users_to_date: 09-01 {U1, U2} = 2, 09-02 2, 09-03 {U1, U2, U3} = 3.
    // Climate Control before its first adopter: 0 of 2 = 0.00. 09-03: U2 and U3 new,
    //   2 of 3 = 66.666... -> 66.67.
    // Navigation: 09-01 2 new, 2 of 2; then 2 of 2, and 2 of 3 = 66.67 once U3 arrives.
    PAssert.that(rows)
        .containsInAnyOrder(
            row(20250901, "Climate Control", 0, 0, 2, "0.00"),
            row(20250901, "Navigation", 2, 2, 2, "100.00"),
            row(20250902, "Climate Control", 0, 0, 2, "0.00"),
            row(20250902, "Navigation", 0, 2, 2, "100.00"),
            row(20250903, "Climate Control", 2, 2, 3, "66.67"),
            row(20250903, "Navigation", 0, 2, 3, "66.67"));
    pipeline.run();
  }

  @Test
  public void noFeatureDaysGiveNoRows() {
    PCollection<FeatureAdoptionDay> rows =
        pipeline.apply(Create.empty(FeatureDayState.coder()))
            .apply(ComputeFeatureAdoption.fromFeatureDayStates());

    PAssert.that(rows).empty();
    pipeline.run();
  }

  @Test
  public void twoStatesOfOneFeatureAndDayFailThePipeline() {
    pipeline
        .apply(Create.of(
                featureDayOf("Navigation", "2025-09-17", "U1"),
                featureDayOf("Navigation", "2025-09-17", "U2"))
            .withCoder(FeatureDayState.coder()))
        .apply(ComputeFeatureAdoption.fromFeatureDayStates());

    Pipeline.PipelineExecutionException failure =
        assertThrows(Pipeline.PipelineExecutionException.class, () -> pipeline.run());
    assertTrue(failure.getCause() instanceof IllegalStateException);
    assertTrue(failure.getCause().getMessage().contains("Navigation on 20250917"));
    assertTrue(failure.getCause().getMessage().contains("has two states"));
  }
}
