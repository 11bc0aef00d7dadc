package com.usageintel.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Medians, ratios and plot points of the benchmark report, against figures worked out by hand. */
class BenchReportTest {
  private static Sample run(String variant, long rows, int repeat, double seconds) {
    return new Sample(Sample.FRESH, null, variant, rows, repeat, seconds, null, 100L << 20, rows, null, Map.of());
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertEquals(3.0, BenchReport.median(List.of(9.0, 1.0, 3.0)));
    assertEquals(2.5, BenchReport.median(List.of(4.0, 1.0, 2.0, 3.0)));
    assertThrows(IllegalArgumentException.class, () -> BenchReport.median(List.of()));
  }

  @Test
  void tablesReportMediansAndTheRatioToTheBaseline() {
    BenchReport report = new BenchReport(List.of(
        run("postgres", 1_000, 1, 4.0), run("postgres", 1_000, 2, 2.0), run("postgres", 1_000, 3, 3.0),
        run("direct", 1_000, 1, 1.0), run("direct", 1_000, 2, 9.0), run("direct", 1_000, 3, 1.5)));
    String table = report.mainTable();
    // Baseline median 3 s: 333 rows/s, ratio 1. Direct median 1.5 s: 667 rows/s, 1.5 / 3 = 0.50.
    assertTrue(table.contains("| 1,000 | in-PostgreSQL baseline | 3.00 s | 333 | 1.00 |"), table);
    assertTrue(table.contains("| 1,000 | product, Direct runner | 1.50 s | 667 | 0.50 |"), table);
    assertTrue(table.contains("| 1.00 s, 9.00 s, 1.50 s |"), table);
    assertEquals(
        List.of(
            new RowsPerSecondPlot.Line("product, Direct runner", Variant.DIRECT.colour,
                List.of(new RowsPerSecondPlot.Point(1_000, 1_000 / 1.5))),
            new RowsPerSecondPlot.Line("in-PostgreSQL baseline", Variant.POSTGRES.colour,
                List.of(new RowsPerSecondPlot.Point(1_000, 1_000 / 3.0)))),
        report.plotLines());
  }

  @Test
  void incrementalTableComparesNewRowsOntoTheBaseWithAnEmptyDatabasePerShape() {
    BenchReport report = new BenchReport(List.of(
        new Sample(Sample.INCREMENTAL_BASE, "daily", "flink", 10_000, 1, 45.0, 1L << 30, 0, 9_000, 0L, Map.of()),
        new Sample(Sample.INCREMENTAL_ONTO_BASE, "daily", "flink", 1_000, 1, 5.0, 1L << 29, 0, 9_950, 0L, Map.of()),
        new Sample(Sample.INCREMENTAL_ONTO_BASE, "daily", "flink", 1_000, 2, 9.0, 1L << 29, 0, 9_950, 0L, Map.of()),
        new Sample(Sample.INCREMENTAL_ONTO_BASE, "daily", "flink", 1_000, 3, 7.0, 1L << 29, 0, 9_950, 0L, Map.of()),
        new Sample(Sample.INCREMENTAL_ON_EMPTY, "daily", "flink", 1_000, 1, 2.0, 1L << 30, 0, 950, 0L, Map.of()),
        new Sample(Sample.INCREMENTAL_ON_EMPTY, "daily", "flink", 1_000, 2, 2.0, 1L << 30, 0, 950, 0L, Map.of()),
        new Sample(Sample.INCREMENTAL_ON_EMPTY, "daily", "flink", 1_000, 3, 2.0, 1L << 30, 0, 950, 0L, Map.of()),
        new Sample(Sample.INCREMENTAL_BASE, "spread", "flink", 10_000, 1, 50.0, 1L << 30, 0, 9_000, 0L, Map.of()),
        new Sample(Sample.INCREMENTAL_ONTO_BASE, "spread", "flink", 1_000, 1, 6.0, 1L << 30, 0, 9_900, 3L, Map.of()),
        new Sample(Sample.INCREMENTAL_ON_EMPTY, "spread", "flink", 1_000, 1, 4.0, 1L << 30, 0, 900, 0L, Map.of())));
    String table = report.incrementalTable();
    // Daily: medians 7 s onto the base and 2 s on an empty database, 3.50; 512 MB resident.
    assertTrue(table.contains(
        "| daily | product, Flink local | 10,000 (45.0 s) | 1,000 | 7.00 s | 2.00 s | 3.50 | 0 | 512 MB |"), table);
    assertTrue(table.contains(
        "| spread | product, Flink local | 10,000 (50.0 s) | 1,000 | 6.00 s | 4.00 s | 1.50 | 3 | 1,024 MB |"), table);
    assertEquals(4, table.lines().count(), table);
  }

  @Test
  void plotPlacesPointsOnLogAxes() {
    // x spans 10^3..10^5 and y 10^2..10^4 (the decades around the points): 10^4 rows at 10^3
    // rows/s sits in the middle of both axes.
    String svg = RowsPerSecondPlot.svg("t", List.of(new RowsPerSecondPlot.Line("a", "red", List.of(
        new RowsPerSecondPlot.Point(1_000, 500), new RowsPerSecondPlot.Point(10_000, 1_000),
        new RowsPerSecondPlot.Point(100_000, 5_000)))));
    double middleX = (RowsPerSecondPlot.LEFT + RowsPerSecondPlot.RIGHT) / 2.0;
    double middleY = (RowsPerSecondPlot.TOP + RowsPerSecondPlot.BOTTOM) / 2.0;
    assertTrue(svg.contains(String.format(java.util.Locale.ROOT, "cx=\"%.1f\" cy=\"%.1f\"", middleX, middleY)), svg);
    assertTrue(svg.contains(">10k<") && svg.contains(">100k<") && svg.contains(">1k<"), svg);
    assertThrows(IllegalArgumentException.class,
        () -> RowsPerSecondPlot.svg("t", List.of(
            new RowsPerSecondPlot.Line("a", "red", List.of(new RowsPerSecondPlot.Point(0, 1))))));
  }

  @Test
  void readsKilobyteFieldsOfProc() {
    List<String> status = List.of("Name:\tjava", "VmPeak:\t 5000 kB", "VmHWM:\t  2048 kB", "VmRSS:\t  1024 kB");
    assertEquals(2048L * 1024, PeakMemory.kilobytesField(status, "VmHWM").getAsLong());
    assertTrue(PeakMemory.kilobytesField(status, "Pss").isEmpty());
  }

  @Test
  void cutsTheBaselineScriptAtItsSteps() {
    Map<String, String> steps = InPostgresBaseline.steps("-- header\n-- step: one\nselect 1;\n-- step: two\nselect 2;\n");
    assertEquals(List.of("one", "two"), List.copyOf(steps.keySet()));
    assertEquals("-- step: two\nselect 2;\n", steps.get("two"));
  }
}
