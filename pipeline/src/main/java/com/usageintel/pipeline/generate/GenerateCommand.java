package com.usageintel.pipeline.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code generate}: writes a synthetic raw usage CSV, since the original file is not public. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Writes a deterministic, seeded CSV of realistic, messy connected-vehicle usage events "
            + "in the raw format the pipeline reads.")
public final class GenerateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--rows",
      defaultValue = "52000",
      description = {"Data rows to write, duplicates included.", "Default: ${DEFAULT-VALUE}"})
  private long rows;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = {"Random seed; same seed and rows, same bytes.", "Default: ${DEFAULT-VALUE}"})
  private long seed;

  @Option(
      names = "--output",
      defaultValue = "data/connected_vehicle_usage_unclean.csv",
      description = {"CSV file to write (gzip when named *.gz).", "Default: ${DEFAULT-VALUE}"})
  private Path output;

  @Option(
      names = "--fromDate",
      defaultValue = "2025-07-01",
      description = {
        "First day of events (ISO date, UTC), within the generator's calendar 2025-07-01 to 2025-10-31;"
            + " the users stay the same whatever the days.",
        "Default: ${DEFAULT-VALUE}"
      })
  private LocalDate fromDate;

  @Option(
      names = "--toDate",
      defaultValue = "2025-10-31",
      description = {"Last day of events, included (ISO date, UTC).", "Default: ${DEFAULT-VALUE}"})
  private LocalDate toDate;

  @Override
  public Integer call() {
    if (rows < 0) {
      throw new ParameterException(spec.commandLine(), "--rows must be 0 or more, got " + rows);
    }
    DayWindow window;
    try {
      window = new DayWindow(fromDate, toDate);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--fromDate/--toDate: " + e.getMessage());
    }
    long started = System.nanoTime();
    try {
      new UsageDataGenerator().generate(rows, seed, window, output);
    } catch (IOException e) {
      spec.commandLine().getErr().println("generate: cannot write " + output + ": " + e.getMessage());
      return 1;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    spec.commandLine()
        .getOut()
        .println(String.format(Locale.ROOT, "Wrote %d rows%s to %s in %.1f s", rows,
            window.equals(DayWindow.WHOLE_CALENDAR) ? "" : " of " + window, output, seconds));
    return 0;
  }
}
