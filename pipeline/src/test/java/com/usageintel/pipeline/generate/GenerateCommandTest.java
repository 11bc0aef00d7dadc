package com.usageintel.pipeline.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
