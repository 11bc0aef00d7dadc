package com.usageintel.transforms;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
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

  /** Sleeps per element, so its bundles span a known minimum time. */
  private static final class SlowFn extends DoFn<Integer, Integer> {
    private final StepClock clock = new StepClock();

    @StartBundle
    public void startBundle() {
      clock.tick();
    }

    @ProcessElement
    public void processElement(@Element Integer element, OutputReceiver<Integer> out)
        throws InterruptedException {
      Thread.sleep(50);
      out.output(element);
    }

    @FinishBundle
    public void finishBundle() {
      clock.tick();
    }
  }

  @Test
  public void eachStepKeepsItsFirstAndLastMomentOfWork() {
    pipeline.apply(Create.of(1, 2, 3, 4)).apply("Slow", ParDo.of(new SlowFn()))
        .apply("AlsoSlow", ParDo.of(new SlowFn()));
    long before = System.currentTimeMillis();
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    long after = System.currentTimeMillis();

    List<String> steps = new ArrayList<>();
    for (MetricResult<DistributionResult> step : result.metrics().queryMetrics(MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named(StepClock.NAMESPACE, StepClock.BUNDLE_MILLIS))
            .build())
        .getDistributions()) {
      steps.add(step.getKey().stepName().split("/")[0]);
      DistributionResult ticks = step.getAttempted();
      // Two ticks per bundle, and at least one bundle.
      assertTrue(ticks.getCount() >= 2 && ticks.getCount() % 2 == 0);
      assertTrue(before <= ticks.getMin() && ticks.getMax() <= after);
      // Each element's 50 ms lie between its bundle's ticks (bundles may run side by side).
      assertTrue(ticks.getMax() - ticks.getMin() >= 50);
    }
    steps.sort(null);
    assertEquals(List.of("AlsoSlow", "Slow"), steps);
  }
}
