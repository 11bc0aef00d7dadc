package com.usageintel.pipeline;

import static com.usageintel.pipeline.CommandLineRun.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.generate.UsageDataGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and bad options: one line that says what is wrong and where, and exit code 1. */
class UserMessagesTest {
  @TempDir Path dir;

  @Test
  void aPasswordInTheUrlsUserInfoIsRefusedAndNeverRepeated() throws IOException {
    Path input = fixture();
    String url = "jdbc:postgresql://loader:S3cretPw@127.0.0.1:5432/usage";

    CommandLineRun plain = execute("run", "--input=" + input, "--jdbcUrl=" + url);
    CommandLineRun verbose = execute("--verbose", "run", "--input=" + input, "--jdbcUrl=" + url);

    assertEquals(1, plain.exitCode(), plain.describe());
    assertEquals("usage-intel: the JDBC URL must not contain a user or password before the host"
        + " (user:password@host): pass the user with --dbUser, the password in PGPASSWORD or"
        + " ~/.pgpass\n", plain.err());
    assertEquals(1, verbose.exitCode(), verbose.describe());
    for (CommandLineRun outcome : new CommandLineRun[] {plain, verbose}) {
      assertFalse(outcome.out().contains("S3cretPw") || outcome.err().contains("S3cretPw"),
          outcome.describe());
    }
  }

  @Test
  void aTruncatedGzipFileIsNamed() throws IOException {
    Path csv = dir.resolve("usage.csv");
    new UsageDataGenerator(1).generate(5_000, 3, csv);
    Path gz = dir.resolve("usage.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(csv, out);
    }
    byte[] whole = Files.readAllBytes(gz);
    Files.write(gz, Arrays.copyOf(whole, whole.length / 2));
    String db = TestDatabase.freshDatabase();
    try {
      CommandLineRun outcome = execute("run", "--input=" + gz, "--jdbcUrl=" + db);

      assertEquals(1, outcome.exitCode(), outcome.describe());
      String reason = gz + ": the gzip data is truncated or corrupt"
          + " (Unexpected end of ZLIB input stream)";
      assertEquals("usage-intel: run 1 failed and published nothing: " + reason + "\n",
          outcome.err());
      assertEquals(reason, TestDatabase.rows(db,
          "select error_message from etl_run where run_id = 1").get(0).get(0));
    } finally {
      TestDatabase.drop(db);
    }
  }

  @Test
  void aDirectoryAsInputIsSaidToBeADirectory() {
    CommandLineRun outcome = execute("run", "--input=" + dir);

    assertEquals(1, outcome.exitCode());
    assertEquals("usage-intel: input " + dir + " is a directory: name its files, e.g. --input='"
        + dir.resolve("*.csv") + "'\n", outcome.err());
  }

  @Test
  void anEmptyInputSaysNoInputWasNamed() {
    CommandLineRun outcome = execute("run", "--input=");

    assertEquals(1, outcome.exitCode());
    assertEquals("usage-intel: no input was named (--input is empty): pass --input=<file, glob or"
        + " comma-separated list>\n", outcome.err());
  }

  @Test
  void anUnknownOptionIsNamedAsTheUserWroteIt() {
    CommandLineRun misspelt = execute("run", "--inputt=x.csv");
    CommandLineRun unknown = execute("run", "--input=x.csv", "--colour=blue");

    assertEquals(1, misspelt.exitCode());
    assertEquals("usage-intel: unknown option --inputt (did you mean --input?) (see: run --help)\n",
        misspelt.err());
    assertEquals(1, unknown.exitCode());
    assertEquals("usage-intel: unknown option --colour (see: run --help)\n", unknown.err());
  }

  private Path fixture() throws IOException {
    Path input = dir.resolve("fixture.csv");
    Files.writeString(input, LoadRunTest.FIXTURE, StandardCharsets.UTF_8);
    return input;
  }
}
