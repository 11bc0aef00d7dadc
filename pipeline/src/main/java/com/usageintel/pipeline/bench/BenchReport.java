package com.usageintel.pipeline.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** The benchmark's results.md, its tables and its plot lines, as medians of the repeats of each sample. */
public final class BenchReport {
  private final List<Sample> samples;

  public BenchReport(List<Sample> samples) {
    this.samples = List.copyOf(samples);
  }

  /** The median; the mean of the middle two for an even count. */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  /** The median wall time of a variant at a row count in fresh databases, if it ran. */
  OptionalDouble medianSeconds(String scenario, Variant variant, long rows) {
    List<Sample> runs = runs(scenario, variant, rows);
    return runs.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(median(values(runs, Sample::seconds)));
  }

  /**
   * results.md: the command, the machine and the server's settings, then the tables; each
   * incremental shape's inputs, in the order given, above the incremental table.
   */
  String markdown(String command, Map<String, String> machine, Map<String, String> settings,
      Map<IncrementalShape, IncrementalInputs> incrementalInputs) {
    StringBuilder md = new StringBuilder("# Benchmark results\n\n");
    md.append("Command: `").append(command).append("`\n\n");
    md.append("| machine | |\n|---|---|\n");
    machine.forEach((key, value) -> md.append("| ").append(key).append(" | ").append(value).append(" |\n"));
    md.append("\nEmbedded PostgreSQL settings: ");
    List<String> shown = new ArrayList<>();
    settings.forEach((key, value) -> shown.add("`" + key + "=" + value + "`"));
    md.append(String.join(", ", shown)).append(".\n\n");
    md.append("## Wall time, throughput and memory\n\n");
    md.append("Each run in a fresh database of one embedded PostgreSQL. Wall time: the product from starting"
        + " its JVM (`java -jar usage-intel.jar run ...`) to its exit; the baseline and COPY from connecting"
        + " to the last statement. Peak JVM RSS: the child JVM's VmHWM, read from /proc every 100 ms."
        + " Peak PostgreSQL: the largest sum of Pss (proportional set size, shared memory divided among the"
        + " processes sharing it) over the postmaster and all its children, sampled from"
        + " /proc/<pid>/smaps_rollup every 200 ms. Medians of the runs; every run is in results.json.\n\n");
    md.append(mainTable()).append('\n');
    md.append("![rows per second by input size](rows-per-second.svg)\n\n");
    String steps = baselineStepTable();
    if (!steps.isEmpty()) {
      md.append("## In-PostgreSQL baseline, seconds per step (median)\n\n").append(steps).append('\n');
    }
    String incrementalTable = incrementalTable();
    if (!incrementalTable.isEmpty()) {
      md.append("## Incremental load\n\nFor each shape, the base is loaded into a database; then the new rows are"
          + " loaded onto a copy of it and into an empty database. \"Already loaded\" counts the new rows whose"
          + " identity the base held.\n\n");
      incrementalInputs.forEach((shape, inputs) ->
          md.append("- **").append(shape.id()).append("**: ").append(inputs.description()).append(".\n"));
      md.append('\n').append(incrementalTable).append('\n');
    }
    return md.toString();
  }

  /** Rows per second at the median time, per variant and row count, for the plot. */
  public List<RowsPerSecondPlot.Line> plotLines() {
    List<RowsPerSecondPlot.Line> lines = new ArrayList<>();
    for (Variant variant : Variant.values()) {
      List<RowsPerSecondPlot.Point> points = new ArrayList<>();
      for (long rows : rowCounts(Sample.FRESH)) {
        medianSeconds(Sample.FRESH, variant, rows)
            .ifPresent(seconds -> points.add(new RowsPerSecondPlot.Point(rows, rows / seconds)));
      }
      if (!points.isEmpty()) {
        lines.add(new RowsPerSecondPlot.Line(variant.description, variant.colour, points));
      }
    }
    return lines;
  }

  /** The main table: one line per row count and variant. */
  public String mainTable() {
    StringBuilder table = new StringBuilder();
    table.append("| rows | variant | wall time (median) | rows/s | time ÷ in-PostgreSQL baseline"
        + " | peak JVM RSS | peak PostgreSQL Pss | fact rows | wall time of each run |\n");
    table.append("|---:|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (long rows : rowCounts(Sample.FRESH)) {
      OptionalDouble baseline = medianSeconds(Sample.FRESH, Variant.POSTGRES, rows);
      for (Variant variant : Variant.values()) {
        List<Sample> runs = runs(Sample.FRESH, variant, rows);
        if (runs.isEmpty()) {
          continue;
        }
        double seconds = median(values(runs, Sample::seconds));
        table.append(String.format(Locale.ROOT, "| %,d | %s | %s | %,.0f | %s | %s | %s | %s | %s |%n",
            rows,
            variant.description,
            duration(seconds),
            rows / seconds,
            baseline.isPresent() ? String.format(Locale.ROOT, "%.2f", seconds / baseline.getAsDouble()) : "–",
            runs.get(0).jvmPeakRssBytes() == null ? "– (no child JVM)"
                : megabytes(median(values(runs, s -> s.jvmPeakRssBytes()))),
            megabytes(median(values(runs, Sample::dbPeakPssBytes))),
            distinct(runs, s -> String.format(Locale.ROOT, "%,d", s.outputRows())),
            runs.stream().map(s -> duration(s.seconds())).collect(Collectors.joining(", "))));
      }
    }
    return table.toString();
  }

  /** The in-PostgreSQL baseline's median seconds per step, one column per row count. */
  public String baselineStepTable() {
    List<Long> counts = rowCounts(Sample.FRESH).stream()
        .filter(rows -> !runs(Sample.FRESH, Variant.POSTGRES, rows).isEmpty()).toList();
    if (counts.isEmpty()) {
      return "";
    }
    Set<String> steps = new LinkedHashSet<>();
    counts.forEach(rows -> runs(Sample.FRESH, Variant.POSTGRES, rows)
        .forEach(s -> steps.addAll(s.stepSeconds().keySet())));
    StringBuilder table = new StringBuilder("| step |");
    counts.forEach(rows -> table.append(String.format(Locale.ROOT, " %,d rows |", rows)));
    table.append("\n|---|").append("---:|".repeat(counts.size())).append('\n');
    for (String step : steps) {
      table.append("| ").append(step).append(" |");
      for (long rows : counts) {
        List<Double> seconds = runs(Sample.FRESH, Variant.POSTGRES, rows).stream()
            .map(s -> s.stepSeconds().get(step)).filter(java.util.Objects::nonNull).toList();
        table.append(' ').append(seconds.isEmpty() ? "–" : duration(median(seconds))).append(" |");
      }
      table.append('\n');
    }
    return table.toString();
  }

  /** New rows onto a loaded database against the same rows on an empty one, per shape and product variant. */
  public String incrementalTable() {
    StringBuilder table = new StringBuilder();
    table.append("| shape | variant | base rows (load time) | new rows | onto the base (median) | on an empty"
        + " database (median) | ratio | new rows already loaded | peak JVM RSS onto the base |\n");
    table.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    boolean any = false;
    List<String> shapes = samples.stream().map(Sample::shape).filter(java.util.Objects::nonNull).distinct().toList();
    for (String shape : shapes) {
      for (Variant variant : Variant.values()) {
        List<Sample> onto = incrementalRuns(Sample.INCREMENTAL_ONTO_BASE, shape, variant);
        List<Sample> empty = incrementalRuns(Sample.INCREMENTAL_ON_EMPTY, shape, variant);
        List<Sample> base = incrementalRuns(Sample.INCREMENTAL_BASE, shape, variant);
        if (onto.isEmpty() || empty.isEmpty() || base.isEmpty()) {
          continue;
        }
        any = true;
        double ontoSeconds = median(values(onto, Sample::seconds));
        double emptySeconds = median(values(empty, Sample::seconds));
        table.append(String.format(Locale.ROOT, "| %s | %s | %,d (%s) | %,d | %s | %s | %.2f | %s | %s |%n",
            shape,
            variant.description,
            base.get(0).rows(),
            duration(base.get(0).seconds()),
            onto.get(0).rows(),
            duration(ontoSeconds),
            duration(emptySeconds),
            ontoSeconds / emptySeconds,
            distinct(onto, s -> s.rowsAlreadyLoaded() == null ? "–"
                : String.format(Locale.ROOT, "%,d", s.rowsAlreadyLoaded())),
            megabytes(median(values(onto, s -> s.jvmPeakRssBytes() == null ? 0 : s.jvmPeakRssBytes())))));
      }
    }
    return any ? table.toString() : "";
  }

  private List<Sample> incrementalRuns(String scenario, String shape, Variant variant) {
    return samples.stream()
        .filter(s -> s.scenario().equals(scenario) && shape.equals(s.shape()) && s.variant().equals(variant.id()))
        .sorted(Comparator.comparingInt(Sample::repeat))
        .toList();
  }

  private List<Long> rowCounts(String scenario) {
    return samples.stream().filter(s -> s.scenario().equals(scenario)).map(Sample::rows)
        .distinct().sorted(Comparator.naturalOrder()).toList();
  }

  private List<Sample> runs(String scenario, Variant variant, long rows) {
    return samples.stream()
        .filter(s -> s.scenario().equals(scenario) && s.variant().equals(variant.id()) && s.rows() == rows)
        .sorted(Comparator.comparingInt(Sample::repeat))
        .toList();
  }

  private static List<Double> values(List<Sample> runs, ToDoubleFunction<Sample> value) {
    return runs.stream().map(s -> value.applyAsDouble(s)).toList();
  }

  private static String distinct(List<Sample> runs, java.util.function.Function<Sample, String> value) {
    return runs.stream().map(value).distinct().collect(Collectors.joining(" / "));
  }

  static String duration(double seconds) {
    return String.format(Locale.ROOT, seconds < 10 ? "%.2f s" : "%.1f s", seconds);
  }

  static String megabytes(double bytes) {
    return String.format(Locale.ROOT, "%,.0f MB", bytes / (1 << 20));
  }
}
