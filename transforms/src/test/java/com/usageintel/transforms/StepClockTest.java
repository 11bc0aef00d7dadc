package com.usageintel.transforms;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.Rule;
import org.junit.Test;

public class StepClockTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /**
   * Each step's ticks: 1000, 1001, 1002, ... for the first step, 2000, 2001, ... for the second,
   * one per call whichever DoFn instance, thread or bundle makes it. Static, so the copies of the
   * DoFn that the runner deserializes all share them.
   */
  private static final AtomicLong FIRST_TICKS = new AtomicLong();
  private static final AtomicLong SECOND_TICKS = new AtomicLong();

  /** Ticks its clock as each bundle starts and finishes, as the pipeline's DoFns do. */
  private static final class TickingFn extends DoFn<Integer, Integer> {
    private final StepClock clock;

    TickingFn(StepClock clock) {
      this.clock = clock;
    }

    @StartBundle
    public void startBundle() {
      clock.tick();
    }

    @ProcessElement
    public void processElement(@Element Integer element, OutputReceiver<Integer> out) {
      out.output(element);
    }

    @FinishBundle
    public void finishBundle() {
      clock.tick();
    }
  }

  private static Map<String, DistributionResult> ticksByStep(PipelineResult result) {
    Map<String, DistributionResult> steps = new HashMap<>();
    for (MetricResult<DistributionResult> step : result.metrics().queryMetrics(MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named(StepClock.NAMESPACE, StepClock.BUNDLE_MILLIS))
            .build())
        .getDistributions()) {
      steps.put(step.getKey().stepName().split("/")[0], step.getAttempted());
    }
    return steps;
  }

  @Test
  public void eachStepKeepsItsFirstAndLastMomentOfWork() {
    FIRST_TICKS.set(0);
    SECOND_TICKS.set(0);
    pipeline.apply(Create.of(1, 2, 3, 4))
        .apply("First", ParDo.of(new TickingFn(
            new StepClock(() -> 1000 + FIRST_TICKS.getAndIncrement()))))
        .apply("Second", ParDo.of(new TickingFn(
            new StepClock(() -> 2000 + SECOND_TICKS.getAndIncrement()))));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    Map<String, DistributionResult> steps = ticksByStep(result);
    assertEquals(java.util.Set.of("First", "Second"), steps.keySet());
    assertTicks(steps.get("First"), 1000, FIRST_TICKS.get());
    assertTicks(steps.get("Second"), 2000, SECOND_TICKS.get());
  }

  /**
   * The step's distribution holds exactly the {@code n} ticks its clock gave, {@code first} to
   * {@code first + n - 1}: two per bundle, at least one bundle, each counted once, and the step's
   * own (the other step's ticks are a thousand apart).
   */
  private static void assertTicks(DistributionResult ticks, long first, long n) {
    assertTrue("two ticks per bundle, at least one bundle: " + n, n >= 2 && n % 2 == 0);
    assertEquals(n, ticks.getCount());
    assertEquals(first, ticks.getMin());
    assertEquals(first + n - 1, ticks.getMax());
    assertEquals(n * first + n * (n - 1) / 2, ticks.getSum());
  }

  @Test
  public void thePublicClockReadsTheWallClock() {
    pipeline.apply(Create.of(1, 2, 3, 4)).apply("Wall", ParDo.of(new TickingFn(new StepClock())));
    long before = System.currentTimeMillis();
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    long after = System.currentTimeMillis();

    DistributionResult ticks = ticksByStep(result).get("Wall");
    assertTrue(ticks.getCount() >= 2 && ticks.getCount() % 2 == 0);
    assertTrue(before <= ticks.getMin() && ticks.getMax() <= after);
  }
}
