package com.usageintel.pipeline.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.usageintel.pipeline.UserFacingException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.flink.FlinkPipelineOptions;

/**
 * A run's options as the run sees them: checked before anything is read or written, each bad
 * value in one line that names its option; the reporting zone held against the database's; the
 * options that change results, as stored with the run; and the grouping shards for its runner.
 */
final class RunOptions {
  private RunOptions() {}

  static void check(UsageIntelOptions options) {
    zone(options.getSourceTimeZone(), "--sourceTimeZone");
    zone(options.getReportingTimeZone(), "--reportingTimeZone");
    if (!(options.getDurationCapMinutes() > 0) || Double.isInfinite(options.getDurationCapMinutes())) {
      throw new UserFacingException(
          "--durationCapMinutes must be a positive number of minutes, was " + options.getDurationCapMinutes());
    }
    if (options.getMaxRecordBytes() <= 0) {
      throw new UserFacingException(
          "--maxRecordBytes must be positive, was " + options.getMaxRecordBytes());
    }
    if (options.getGroupingShards() < 0) {
      throw new UserFacingException(
          "--groupingShards must be positive (or 0 to choose), was " + options.getGroupingShards());
    }
    if (options.getWriteBatchSize() <= 0) {
      throw new UserFacingException(
          "--writeBatchSize must be positive, was " + options.getWriteBatchSize());
    }
  }

  private static ZoneId zone(String name, String option) {
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      throw new UserFacingException(option + ": '" + name + "' is not a time zone (try UTC or Europe/Berlin)");
    }
  }

  /** Every option that changes results (contract section 7), stored with the run. */
  static String resultsJson(UsageIntelOptions options) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("sourceTimeZone", options.getSourceTimeZone());
    values.put("reportingTimeZone", options.getReportingTimeZone());
    values.put("durationCapMinutes", options.getDurationCapMinutes());
    values.put("maxRecordBytes", options.getMaxRecordBytes());
    values.put("referenceData", isBlank(options.getReferenceData()) ? "default" : options.getReferenceData());
    try {
      return new ObjectMapper().writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  /**
   * Loaded events keep the date they were given when loaded (the fact is built from them), so a
   * database has one reporting time zone: a run in another would date its events differently.
   */
  static void checkReportingZone(List<String> datedIn, String zone) {
    if (datedIn.size() > 1) {
      throw new UserFacingException("the events in this database are dated in several reporting"
          + " time zones (" + String.join(", ", datedIn) + ", by runs of an older version):"
          + " load them again into another database");
    }
    if (datedIn.size() == 1 && !sameZone(datedIn.get(0), zone)) {
      throw new UserFacingException("the events in this database are dated in reporting time zone "
          + datedIn.get(0) + ", not " + zone + ": run with --reportingTimeZone=" + datedIn.get(0)
          + ", or load into another database");
    }
  }

  /** UTC and Etc/UTC are one zone; so are +01:00 and UTC+01:00. */
  private static boolean sameZone(String a, String b) {
    return ZoneId.of(a).normalized().equals(ZoneId.of(b).normalized());
  }

  /**
   * Shards for the grouping steps. The Direct runner copies a group's state for every bundle that
   * adds to it, and its bundles follow the shards of the step before: few shards, few copies. On
   * Flink a shard's group is held in memory by one slot (deduplication holds its events): 64
   * shards keep that near 150,000 events at ten million, and give every slot several shards.
   */
  static int groupingShards(UsageIntelOptions options) {
    if (options.getGroupingShards() > 0) {
      return options.getGroupingShards();
    }
    if (options.getRunner().getSimpleName().equals("DirectRunner")) {
      return 2;
    }
    return Math.max(64, 4 * options.as(FlinkPipelineOptions.class).getParallelism());
  }
}
