package com.usageintel.pipeline.run;

import com.usageintel.transforms.StepClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * When each stage of a finished run worked, from the {@link StepClock}s of its steps: the first
 * and the last moment of work of any step of the stage, in seconds after the run started. On
 * Flink, stages chained into one task overlap; on the Direct runner, a step starts when the step
 * before it has finished a bundle.
 */
final class StageTimeline {
  /** One stage's first and last moment of work, in seconds after the run started. */
  record Span(String stage, double from, double to) {}

  private StageTimeline() {}

  /** The stages in the order they started. */
  static List<Span> of(PipelineResult result, long runStartMillis) {
    Map<String, long[]> bounds = new LinkedHashMap<>();
    for (MetricResult<DistributionResult> step : result.metrics().queryMetrics(MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named(StepClock.NAMESPACE, StepClock.BUNDLE_MILLIS))
            .build())
        .getDistributions()) {
      DistributionResult ticks = attemptedOrCommitted(step);
      if (ticks == null || ticks.getCount() == 0) {
        continue;
      }
      long[] stage = bounds.computeIfAbsent(
          stageOf(step.getKey().stepName()),
          name -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
      stage[0] = Math.min(stage[0], ticks.getMin());
      stage[1] = Math.max(stage[1], ticks.getMax());
    }
    List<Span> spans = new ArrayList<>();
    bounds.forEach((stage, millis) -> spans.add(new Span(stage,
        (millis[0] - runStartMillis) / 1000.0, (millis[1] - runStartMillis) / 1000.0)));
    spans.sort((a, b) -> Double.compare(a.from(), b.from()));
    return spans;
  }

  /**
   * "stages (s after the run started): read 0.4-8.9, clean 0.4-9.1, ...", or empty where the
   * runner has no metrics to give: the run has published by then, and must not fail for this.
   */
  static Optional<String> describe(PipelineResult result, long runStartMillis) {
    List<Span> spans;
    try {
      spans = of(result, runStartMillis);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    StringJoiner line = new StringJoiner(", ", "stages (s after the run started): ", "");
    line.setEmptyValue("");
    for (Span span : spans) {
      line.add(String.format(Locale.ROOT, "%s %.1f-%.1f", span.stage(), span.from(), span.to()));
    }
    return line.length() == 0 ? Optional.empty() : Optional.of(line.toString());
  }

  /** Runners that report only committed metrics (or only attempted ones) still have a timeline. */
  private static DistributionResult attemptedOrCommitted(MetricResult<DistributionResult> step) {
    try {
      return step.getAttempted();
    } catch (UnsupportedOperationException e) {
      return step.getCommitted();
    }
  }

  /**
   * The stage of the run a step belongs to, by the name its top-level transform is given in {@link UsageIntelPipeline}:
   * read, clean, deduplicate, merge with loaded, dimensions, aggregates, write, publish.
   */
  private static String stageOf(String stepName) {
    String topLevel = stepName.split("/", 2)[0];
    return switch (topLevel) {
      case "ReadUsageCsv" -> "read";
      case "CleanUsageEvents" -> "clean";
      case "DeduplicateEvents", "DistinctTouchedDays" -> "deduplicate";
      case "MergeWithLoadedEvents", "ReadLoadedEventsOfTouchedDays", "ReadEventsOfReplacedUsers",
          "DistinctReplacedUsers",
          "ReadStoredDays", "ReadStoredVersionDays", "ReadStoredMemberDays", "ReadStoredFeatureDays"
          -> "merge with loaded";
      case "ListDimensions", "KeyEventsByUser", "TallyUsers" -> "dimensions";
      case "TallyDays", "ComputeFleetTables", "ComputeFeatureTables", "CompareAppVersions"
          -> "aggregates";
      case "PublishRun" -> "publish";
      default -> topLevel.startsWith("Stage") || topLevel.startsWith("Quarantine")
              || topLevel.startsWith("Write")
          ? "write"
          : topLevel;
    };
  }
}
