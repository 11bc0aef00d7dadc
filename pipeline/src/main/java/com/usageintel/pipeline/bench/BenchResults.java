package com.usageintel.pipeline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The samples a bench has measured, each told on the console as it comes, and the files that keep
 * them in its output directory: results.json (every sample), results.md and rows-per-second.svg.
 */
final class BenchResults {
  private final Path out;
  private final String command;
  private final int repeats;
  private final Map<String, String> machine;
  private final Map<String, String> settings;
  private final Map<IncrementalShape, IncrementalInputs> incrementalInputs;
  private final PrintWriter console;
  private final List<Sample> samples = new ArrayList<>();

  /**
   * @param command the bench's command line, as results.json and results.md show it
   * @param repeats the runs of each variant at each size, for the plot's title
   * @param incrementalInputs each incremental shape's inputs, in the order of --incrementalShapes
   */
  BenchResults(Path out, String command, int repeats, Map<String, String> machine, Map<String, String> settings,
      Map<IncrementalShape, IncrementalInputs> incrementalInputs, PrintWriter console) {
    this.out = out;
    this.command = command;
    this.repeats = repeats;
    this.machine = machine;
    this.settings = settings;
    this.incrementalInputs = Collections.unmodifiableMap(new LinkedHashMap<>(incrementalInputs));
    this.console = console;
  }

  void record(Sample sample) {
    samples.add(sample);
    console.println(String.format(Locale.ROOT,
        "%s%s, %s, %,d rows, run %d: %.2f s (%,.0f rows/s), %s%s, %,d output rows",
        sample.scenario(), sample.shape() == null ? "" : " (" + sample.shape() + ")", sample.variant(),
        sample.rows(), sample.repeat(), sample.seconds(), sample.rowsPerSecond(),
        sample.jvmPeakRssBytes() == null ? "" : "JVM peak " + BenchReport.megabytes(sample.jvmPeakRssBytes()) + ", ",
        "PostgreSQL peak " + BenchReport.megabytes(sample.dbPeakPssBytes()), sample.outputRows()));
    console.flush();
    // Written after every sample: an interrupted benchmark keeps what it measured.
    write();
  }

  void write() {
    try {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("command", command);
      json.put("machine", machine);
      json.put("postgresSettings", settings);
      Map<String, Map<String, String>> shapes = new LinkedHashMap<>();
      incrementalInputs.forEach((shape, inputs) -> shapes.put(shape.id(), Map.of(
          "description", inputs.description(),
          "baseInput", inputs.base().getFileName().toString(),
          "newRowsInput", inputs.newRows().getFileName().toString())));
      if (!shapes.isEmpty()) {
        json.put("incrementalShapes", shapes);
      }
      json.put("samples", samples);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(out.resolve("results.json").toFile(), json);
      BenchReport report = new BenchReport(samples);
      Files.writeString(out.resolve("results.md"), report.markdown(command, machine, settings, incrementalInputs));
      List<RowsPerSecondPlot.Line> lines = report.plotLines();
      if (!lines.isEmpty()) {
        Files.writeString(out.resolve("rows-per-second.svg"), RowsPerSecondPlot.svg(
            "Rows per second by input size (median of " + repeats + " runs)", lines));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the results to " + out.toAbsolutePath(), e);
    }
  }
}
