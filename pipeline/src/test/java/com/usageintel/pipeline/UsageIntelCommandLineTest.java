package com.usageintel.pipeline;

import static com.usageintel.pipeline.CommandLineRun.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, one-line errors, help, the embedded run. */
class UsageIntelCommandLineTest {
  @TempDir Path dir;

  @Test
  void runStartsTheEmbeddedDatabaseAndPrintsTheAccounting() throws IOException {
    Path input = dir.resolve("fixture.csv");
    Files.writeString(input, LoadRunTest.FIXTURE, StandardCharsets.UTF_8);
    Path data = dir.resolve("pgdata");

    CommandLineRun first = execute("run", "--input=" + input, "--embeddedDataDir=" + data);
    CommandLineRun second = execute("run", "--input=" + input, "--embeddedDataDir=" + data);

    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.out().contains(
        "rows read 10 = new 5 + already loaded 0 + duplicates 1 + rejected 4"), first.out());
    // The data directory persists: the second run finds the first run's events.
    assertEquals(0, second.exitCode(), second.err());
    assertTrue(second.out().contains("run 2 succeeded: "
        + "rows read 10 = new 0 + already loaded 5 + duplicates 1 + rejected 4"), second.out());
  }

  @Test
  void badInputIsOneLineAndANonZeroExit() {
    CommandLineRun missingFile = execute("run", "--input=" + dir.resolve("nope.csv"));
    CommandLineRun missingOption = execute("run");
    CommandLineRun badZone = execute("run", "--input=x.csv", "--sourceTimeZone=Mars/Olympus");

    assertEquals(1, missingFile.exitCode());
    assertEquals("usage-intel: no file matches input " + dir.resolve("nope.csv") + "\n",
        missingFile.err());
    assertEquals("usage-intel: missing required option --input=... (see: run --help)\n",
        missingOption.err());
    assertEquals("usage-intel: --sourceTimeZone: 'Mars/Olympus' is not a time zone"
        + " (try UTC or Europe/Berlin)\n", badZone.err());
  }

  @Test
  void verboseAddsTheStackTrace() {
    CommandLineRun outcome = execute("--verbose", "run", "--input=" + dir.resolve("nope.csv"));

    assertEquals(1, outcome.exitCode());
    assertTrue(outcome.err().contains("\tat com.usageintel.pipeline."), outcome.err());
  }

  @Test
  void helpListsCommandsAndPipelineOptions() {
    CommandLineRun top = execute("--help");
    CommandLineRun run = execute("run", "--help");

    assertEquals(0, top.exitCode());
    assertTrue(top.out().contains("run") && top.out().contains("generate")
        && top.out().contains("serve"), top.out());
    assertTrue(run.out().contains("--input=<List>") && run.out().contains("--jdbcUrl=<String>")
        && run.out().contains("--sourceTimeZone"), run.out());
  }

  @Test
  void optionsFilesAreReadAndTheCommandLineWins() throws IOException {
    Path options = dir.resolve("opts.properties");
    Files.writeString(options, "# comment\nsourceTimeZone=Nowhere/Land\nwriteBatchSize=7\n");

    CommandLineRun fromFile = execute("run", "--optionsFile=" + options, "--input=x.csv");
    CommandLineRun overridden = execute("run", "--optionsFile=" + options,
        "--sourceTimeZone=UTC", "--input=" + dir.resolve("nope.csv"));

    assertEquals("usage-intel: --sourceTimeZone: 'Nowhere/Land' is not a time zone"
        + " (try UTC or Europe/Berlin)\n", fromFile.err());
    assertEquals("usage-intel: no file matches input " + dir.resolve("nope.csv") + "\n",
        overridden.err());
  }
}
