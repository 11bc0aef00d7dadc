package com.usageintel.pipeline.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void writesTheRequestedRowsAndSaysSoInOneLine(@TempDir Path directory) throws IOException {
    Path output = directory.resolve("usage.csv");

    int exitCode = execute("--rows", "250", "--seed", "9", "--output", output.toString());

    assertEquals(0, exitCode, err.toString());
    assertEquals(251, Files.readAllLines(output, StandardCharsets.UTF_8).size());
    assertTrue(out.toString().matches("Wrote 250 rows to .*usage\\.csv in \\d+\\.\\d s\\R"), out.toString());
  }

  @Test
  void writesOnlyTheDaysOfTheWindowAndNamesThem(@TempDir Path directory) throws IOException {
    Path output = directory.resolve("usage.csv");

    int exitCode =
        execute("--rows", "300", "--fromDate=2025-09-01", "--toDate=2025-09-02", "--output", output.toString());

    assertEquals(0, exitCode, err.toString());
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    assertEquals(301, lines.size());
    // The usual form ends the line: date, space, time with microseconds.
    long usual = lines.stream().filter(line -> line.matches(".*,\\d{4}-\\d{2}-\\d{2} [\\d:.]{15}")).count();
    long inWindow = lines.stream().filter(line -> line.matches(".*,2025-09-0[12] [\\d:.]{15}")).count();
    assertTrue(usual > 250, usual + " usual timestamps");
    assertEquals(usual, inWindow);
    assertTrue(out.toString().startsWith("Wrote 300 rows of 2025-09-01 to 2025-09-02 to "), out.toString());
  }

  @Test
  void rejectsAWindowOutsideTheCalendarOrBackwardsAsAUsageError(@TempDir Path directory) {
    String output = directory.resolve("usage.csv").toString();

    assertEquals(CommandLine.ExitCode.USAGE, execute("--fromDate=2025-06-30", "--output", output));
    assertTrue(err.toString().contains("not all within the generator's calendar, 2025-07-01 to 2025-10-31"),
        err.toString());
    assertEquals(
        CommandLine.ExitCode.USAGE, execute("--fromDate=2025-09-02", "--toDate=2025-09-01", "--output", output));
    assertTrue(err.toString().contains("first day 2025-09-02 is after its last day 2025-09-01"), err.toString());
    assertFalse(Files.exists(directory.resolve("usage.csv")));
  }

  @Test
  void rejectsANegativeRowCountAsAUsageError(@TempDir Path directory) {
    int exitCode = execute("--rows", "-5", "--output", directory.resolve("usage.csv").toString());

    assertEquals(CommandLine.ExitCode.USAGE, exitCode);
    assertTrue(err.toString().contains("--rows must be 0 or more, got -5"), err.toString());
  }

  @Test
  void reportsAnUnwritableOutputInOneLine(@TempDir Path directory) throws IOException {
    Path aFile = Files.createFile(directory.resolve("not-a-directory"));

    int exitCode = execute("--rows", "10", "--output", aFile.resolve("usage.csv").toString());

    assertEquals(1, exitCode);
    assertTrue(err.toString().startsWith("generate: cannot write "), err.toString());
    assertEquals(1, err.toString().lines().count(), err.toString());
  }

  @Test
  void helpShowsTheDefaults() {
    int exitCode = execute("--help");

    assertEquals(0, exitCode);
    assertTrue(out.toString().contains("Default: 52000"), out.toString());
    assertTrue(out.toString().contains("Default: data/connected_vehicle_usage_unclean.csv"), out.toString());
  }

  private int execute(String... args) {
    return new CommandLine(new GenerateCommand())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
