package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import com.usageintel.schemas.EventIdentity;
import com.usageintel.schemas.IssueCode;
import com.usageintel.schemas.RawColumns;
import com.usageintel.schemas.RawRecord;
import com.usageintel.schemas.ReferenceData;
import com.usageintel.schemas.RejectedRecord;
import com.usageintel.transforms.clean.CleanedRecord;
import com.usageintel.transforms.clean.UsageEventCleaner;
import com.usageintel.transforms.csv.UsageCsvRecords;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile inputs ({@link HostileCsv}, every kind of broken row in each file) through whole runs
 * into the real PostgreSQL, many files per run: the runs succeed, the accounting adds up to what
 * an independent read of the files finds, no event is lost, every quarantined record's bytes are
 * the file's bytes at its line, SQL- and formula-looking values are stored verbatim and the tables
 * are all still there. Inputs whose header must be refused fail the command in one line and
 * write nothing.
 */
class HostileInputLoadTest {
  static final int FILES_PER_RUN = 10;
  private static final int SMALL_RECORD_LIMIT = 4096;
  private static final UsageEventCleaner CLEANER =
      new UsageEventCleaner(ReferenceData.loadDefault(), ZoneOffset.UTC, 240);

  /** Where each hostile value must appear, by the column it was written in. */
  private static final Map<String, String> STORED_IN = Map.of(
      RawColumns.USER_ID, "select user_id from dim_user",
      RawColumns.REGION, "select region from dim_region",
      RawColumns.VEHICLE_MODEL, "select vehicle_model from dim_vehicle",
      RawColumns.FEATURE_NAME, "select feature_name from dim_feature",
      RawColumns.OS_TYPE, "select os_type from dim_platform",
      RawColumns.SUBSCRIPTION_STATUS, "select subscription_status from fact_feature_usage");


  @TempDir Path dir;

  /** What an independent read of one run's files finds. */
  private static final class Expectation {
    long rowsRead;
    long rejected;
    final Set<EventIdentity> identities = new HashSet<>();
    final Map<String, HostileCsv> inputsByFile = new HashMap<>();
  }

  @Test
  void hostileFilesLoadWithEveryRowAccountedForAndEveryValueVerbatim() throws IOException {
    String db = TestDatabase.freshDatabase();
    Expectation first = write("default-limit", 1, ReadLimits.DEFAULT);
    Expectation second = write("small-limit", 1 + FILES_PER_RUN, ReadLimits.SMALL);

    RunSummary firstRun = TestRuns.load(db, dir.resolve("default-limit/*.csv"),
        TestRuns.AS_THE_COMMAND_RUNS);
    RunSummary secondRun = TestRuns.load(db, dir.resolve("small-limit/*.csv"),
        TestRuns.AS_THE_COMMAND_RUNS[0], TestRuns.AS_THE_COMMAND_RUNS[1],
        "--maxRecordBytes=" + SMALL_RECORD_LIMIT);

    for (RunSummary run : List.of(firstRun, secondRun)) {
      Expectation expected = run == firstRun ? first : second;
      assertEquals("succeeded", run.status(), run.describe());
      assertTrue(run.balances(), run.describe());
      assertEquals(expected.rowsRead, run.rowsRead(), run.describe());
      assertEquals(expected.rejected, run.rowsRejected(), run.describe());
      assertEquals(expected.rejected, TestDatabase.count(db, "select count(*) from dq_rejected_rows where run_id = " + run.runId()));
      assertQuarantinedBytesAreTheFiles(db, run.runId(), expected,
          run == firstRun ? 1 << 20 : SMALL_RECORD_LIMIT);
    }
    assertEquals(first.identities.size(), firstRun.rowsNew(), firstRun.describe());
    Set<EventIdentity> all = new HashSet<>(first.identities);
    all.addAll(second.identities);
    assertEquals(all.size(), TestDatabase.count(db, "select count(*) from stg_feature_usage"), "events lost or invented");
    assertEquals(all.size(), TestDatabase.count(db, "select count(*) from fact_feature_usage"));
    assertEquals(all.size(), firstRun.rowsNew() + secondRun.rowsNew());

    int hostileValues = 0;
    for (Expectation run : List.of(first, second)) {
      for (HostileCsv input : run.inputsByFile.values()) {
        for (Map.Entry<String, String> value : input.hostileValues) {
          String verbatim = value.getKey().equals(RawColumns.USER_ID)
              ? value.getValue().toUpperCase(Locale.ROOT) : value.getValue();
          assertTrue(column(db, STORED_IN.get(value.getKey())).contains(verbatim),
              input.describe() + ": " + value + " not stored verbatim");
          hostileValues++;
        }
      }
    }
    assertTrue(hostileValues >= 2 * FILES_PER_RUN, "only " + hostileValues + " hostile values written");
    for (String table : PublishedTables.NATURAL_QUERIES.keySet()) {
      assertEquals(List.of(List.of("t")), TestDatabase.rows(db, "select to_regclass('" + table + "') is not null"), table);
    }
  }

  @Test
  void anInputWhoseHeaderMustBeRefusedFailsInOneLineAndWritesNothing() throws IOException {
    String db = TestDatabase.freshDatabase();
    List<HostileCsv.HeaderKind> refused = Arrays.stream(HostileCsv.HeaderKind.values())
        .filter(kind -> kind.refused).toList();
    for (HostileCsv.HeaderKind kind : refused) {
      HostileCsv input = HostileCsv.drawRefused(100 + kind.ordinal(), kind);
      Path file = dir.resolve(kind + ".csv");
      Files.write(file, input.bytes);

      CommandLineRun run = CommandLineRun.execute("run", "--input=" + file, "--jdbcUrl=" + db);

      assertEquals(1, run.exitCode(), input.describe());
      List<String> lines = run.err().lines().toList();
      assertEquals(1, lines.size(), input.describe() + ": " + run.describe());
      assertTrue(lines.get(0).startsWith("usage-intel: " + file + ": "), input.describe() + ": " + run.describe());
    }
    assertEquals(List.of(List.of("f")), TestDatabase.rows(db, "select to_regclass('etl_run') is not null"));
  }

  private enum ReadLimits {
    DEFAULT(1 << 20),
    SMALL(SMALL_RECORD_LIMIT);

    final int maxRecordBytes;

    ReadLimits(int maxRecordBytes) {
      this.maxRecordBytes = maxRecordBytes;
    }
  }

  /** Writes one run's files and reads them independently of the pipeline. */
  private Expectation write(String subdirectory, long firstSeed, ReadLimits limits) throws IOException {
    Path runDir = Files.createDirectories(dir.resolve(subdirectory));
    Expectation expected = new Expectation();
    for (long seed = firstSeed; seed < firstSeed + FILES_PER_RUN; seed++) {
      // A megabyte field in a few files: each costs every pipeline step a megabyte record.
      HostileCsv input = HostileCsv.drawLoadable(seed, limits.maxRecordBytes, seed % 4 == 1);
      String name = "hostile-" + seed + ".csv";
      Files.write(runDir.resolve(name), input.bytes);
      expected.inputsByFile.put(name, input);
      List<RawRecord> records = new ArrayList<>();
      List<RejectedRecord> malformed = new ArrayList<>();
      UsageCsvRecords.scan(new ByteArrayInputStream(input.bytes), name, limits.maxRecordBytes,
          records::add, malformed::add);
      expected.rowsRead += records.size() + malformed.size();
      expected.rejected += malformed.size();
      for (RawRecord record : records) {
        CleanedRecord cleaned = CLEANER.clean(record);
        if (cleaned.isRejected()) {
          expected.rejected++;
        } else {
          expected.identities.add(cleaned.event().identity());
        }
      }
    }
    return expected;
  }

  /** Each quarantined record's bytes are its file's bytes from the start of its line. */
  private static void assertQuarantinedBytesAreTheFiles(
      String db, long runId, Expectation expected, int maxRecordBytes) {
    try (Connection connection = TestDatabase.connect(db);
        PreparedStatement statement = connection.prepareStatement(
            "select source_file, line_number, raw_bytes, raw_record, reasons::text"
                + " from dq_rejected_rows where run_id = ?")) {
      statement.setLong(1, runId);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String name = Path.of(rs.getString(1)).getFileName().toString();
          HostileCsv input = expected.inputsByFile.get(name);
          assertNotNull(input, rs.getString(1));
          long line = rs.getLong(2);
          byte[] stored = rs.getBytes(3);
          String at = input.describe() + ", line " + line + " " + rs.getString(5);
          int start = HostileCsv.Lines.starts(input.bytes)[(int) line - 1];
          int end = start + stored.length;
          assertArrayEquals(Arrays.copyOfRange(input.bytes, start, end), stored, at);
          if (rs.getString(5).equals("{" + IssueCode.RECORD_TOO_LARGE.name() + "}")) {
            assertEquals(maxRecordBytes, stored.length, at);
          } else {
            assertTrue(end == input.bytes.length || input.bytes[end] == '\r' || input.bytes[end] == '\n',
                at + ": the stored record stops before its line end");
          }
          assertEquals(new String(stored, StandardCharsets.UTF_8).replace('\u0000', '\uFFFD'),
              rs.getString(4), at);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> column(String db, String sql) {
    Set<String> values = new HashSet<>();
    TestDatabase.rows(db, sql).forEach(row -> values.add(row.get(0)));
    return values;
  }
}
