package com.usageintel.pipeline.bench;

import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One timed run of one variant: what ran, on how many rows, how long it took and the memory it
 * peaked at. Kept as measured in results.json; the tables report medians of the repeats.
 *
 * @param scenario {@link #FRESH} for the main table; the incremental scenarios otherwise
 * @param shape the incremental scenarios' {@link IncrementalShape#id()}; NULL for the main table
 * @param jvmPeakRssBytes the child JVM's peak resident set (VmHWM); NULL when no child JVM ran
 * @param dbPeakPssBytes the database server's largest sampled Pss sum over its processes
 * @param outputRows rows in the fact table at the end (lines copied for the COPY floor)
 * @param rowsAlreadyLoaded the product's "already loaded" count; NULL for the SQL variants
 * @param stepSeconds the in-PostgreSQL baseline's seconds per step; empty for the others
 */
public record Sample(
    String scenario,
    @Nullable String shape,
    String variant,
    long rows,
    int repeat,
    double seconds,
    @Nullable Long jvmPeakRssBytes,
    long dbPeakPssBytes,
    long outputRows,
    @Nullable Long rowsAlreadyLoaded,
    Map<String, Double> stepSeconds) {
  public static final String FRESH = "fresh database";
  public static final String INCREMENTAL_BASE = "incremental: base load";
  public static final String INCREMENTAL_ONTO_BASE = "incremental: new rows onto the base";
  public static final String INCREMENTAL_ON_EMPTY = "incremental: new rows on an empty database";

  public Sample {
    // In the order the steps ran.
    stepSeconds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stepSeconds));
  }

  public double rowsPerSecond() {
    return rows / seconds;
  }
}
