package com.usageintel.transforms;

import static com.usageintel.transforms.TestEvents.dayOf;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.usageintel.schemas.RetentionWeek;
import com.usageintel.transforms.aggregate.DayState;
import java.math.BigDecimal;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class ComputeWeeklyRetentionTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static RetentionWeek fleetRow(
      int cohortWeekStartSk, int weeksSince, long cohortUsers, long retainedUsers, String pct) {
    return RetentionWeek.create(
        null, cohortWeekStartSk, weeksSince, cohortUsers, retainedUsers, new BigDecimal(pct));
  }

  @Test
  public void cohortsByIsoWeekWithAnEmptyWeekBetween() {
    // Weeks by their Mondays: W0 09-01, W1 09-08, W2 09-15, W3 09-22.
    //   Sunday 09-07: U1 (W0: a Sunday is in the week of the Monday before it)
    //   Monday 09-08: U1, U2 (W1)
    //   Sunday 09-14: U3 (W1)
    //   Monday 09-22: U2 (W3)
    // No event in W2.
    PCollection<RetentionWeek> rows =
        pipeline
            .apply(Create.of(
                    dayOf("2025-09-22", "U2"),
                    dayOf("2025-09-07", "U1"),
                    dayOf("2025-09-14", "U3"),
                    dayOf("2025-09-08", "U1", "U2"))
                .withCoder(DayState.coder()))
            .apply(ComputeWeeklyRetention.fromDayStates());

    // Active: W0 {U1}, W1 {U1, U2, U3}, W2 {}, W3 {U2}; the last week with events is W3.
    // W0 cohort {U1}, weeks 0..3: 1 of 1; U1 in W1 -> 1 of 1; W2 empty -> 0; W3 {U2} -> 0.
    // W1 cohort {U2, U3} (U1 is not new), weeks 0..2: 2 of 2; W2 -> 0; W3 U2 -> 1 of 2 = 50.00.
    // W2 and W3 have no new user: no cohort.
    PAssert.that(rows)
        .containsInAnyOrder(
            fleetRow(20250901, 0, 1, 1, "100.00"),
            fleetRow(20250901, 1, 1, 1, "100.00"),
            fleetRow(20250901, 2, 1, 0, "0.00"),
            fleetRow(20250901, 3, 1, 0, "0.00"),
            fleetRow(20250908, 0, 2, 2, "100.00"),
            fleetRow(20250908, 1, 2, 0, "0.00"),
            fleetRow(20250908, 2, 2, 1, "50.00"));
    pipeline.run();
  }

  @Test
  public void noDaysGiveNoRows() {
    PCollection<RetentionWeek> rows =
        pipeline.apply(Create.empty(DayState.coder()))
            .apply(ComputeWeeklyRetention.fromDayStates());

    PAssert.that(rows).empty();
    pipeline.run();
  }

  @Test
  public void twoStatesOfOneDayFailThePipeline() {
    pipeline
        .apply(Create.of(dayOf("2025-09-17", "U1"), dayOf("2025-09-17", "U2"))
            .withCoder(DayState.coder()))
        .apply(ComputeWeeklyRetention.fromDayStates());

    Pipeline.PipelineExecutionException failure =
        assertThrows(Pipeline.PipelineExecutionException.class, () -> pipeline.run());
    assertTrue(failure.getCause() instanceof IllegalStateException);
    assertTrue(failure.getCause().getMessage().contains("day 20250917 has two states"));
  }
}
