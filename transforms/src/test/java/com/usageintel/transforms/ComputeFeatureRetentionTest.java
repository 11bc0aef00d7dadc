package com.usageintel.transforms;

import static com.usageintel.transforms.TestEvents.featureDayOf;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.usageintel.schemas.RetentionWeek;
import com.usageintel.transforms.aggregate.FeatureDayState;
import java.math.BigDecimal;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class ComputeFeatureRetentionTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static RetentionWeek row(String feature, int cohortWeekStartSk, int weeksSince,
      long cohortUsers, long retainedUsers, String pct) {
    return RetentionWeek.create(
        feature, cohortWeekStartSk, weeksSince, cohortUsers, retainedUsers, new BigDecimal(pct));
  }

  @Test
  public void cohortsPerFeatureRunToTheLastWeekOfAnyFeature() {
    // Weeks by their Mondays: W0 09-01, W1 09-08, W2 09-15.
    //   Navigation:      09-01 U1, U2;  09-08 U1;  09-15 U3
    //   Climate Control: 09-02 U1;      09-10 U2 (who used Navigation in W0)
    // The last week with an event of any feature is W2; Climate Control's own last is W1.
    PCollection<RetentionWeek> rows =
        pipeline
            .apply(Create.of(
                    featureDayOf("Navigation", "2025-09-15", "U3"),
                    featureDayOf("Climate Control", "2025-09-10", "U2"),
                    featureDayOf("Navigation", "2025-09-01", "U1", "U2"),
                    featureDayOf("Climate Control", "2025-09-02", "U1"),
                    featureDayOf("Navigation", "2025-09-08", "U1"))
                .withCoder(FeatureDayState.coder()))
            .apply(ComputeFeatureRetention.fromFeatureDayStates());

    // Navigation: W0 cohort {U1, U2}: 2 of 2; W1 U1 -> 1 of 2 = 50.00; W2 {U3} -> 0.
    //   W2 cohort {U3}: 1 of 1, and W2 is the last week. W1 brings no new user of it.
    // Climate Control: a user's cohort is their first week of this feature.
    //   W0 cohort {U1}: 1 of 1; W1 {U2} -> 0; W2 (no Climate Control at all) -> 0.
    //   W1 cohort {U2}: 1 of 1; W2 -> 0.
    PAssert.that(rows)
        .containsInAnyOrder(
            row("Navigation", 20250901, 0, 2, 2, "100.00"),
            row("Navigation", 20250901, 1, 2, 1, "50.00"),
            row("Navigation", 20250901, 2, 2, 0, "0.00"),
            row("Navigation", 20250915, 0, 1, 1, "100.00"),
            row("Climate Control", 20250901, 0, 1, 1, "100.00"),
            row("Climate Control", 20250901, 1, 1, 0, "0.00"),
            row("Climate Control", 20250901, 2, 1, 0, "0.00"),
            row("Climate Control", 20250908, 0, 1, 1, "100.00"),
            row("Climate Control", 20250908, 1, 1, 0, "0.00"));
    pipeline.run();
  }

  @Test
  public void noFeatureDaysGiveNoRows() {
    PCollection<RetentionWeek> rows =
        pipeline.apply(Create.empty(FeatureDayState.coder()))
            .apply(ComputeFeatureRetention.fromFeatureDayStates());

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
        .apply(ComputeFeatureRetention.fromFeatureDayStates());

    Pipeline.PipelineExecutionException failure =
        assertThrows(Pipeline.PipelineExecutionException.class, () -> pipeline.run());
    assertTrue(failure.getCause() instanceof IllegalStateException);
    assertTrue(failure.getCause().getMessage().contains("Navigation on 20250917"));
    assertTrue(failure.getCause().getMessage().contains("has two states"));
  }
}
