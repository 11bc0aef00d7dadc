package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.run.InputFiles;
import com.usageintel.pipeline.run.LoadRun;
import com.usageintel.pipeline.run.UsageIntelOptions;
import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole run on a small hand-made file, into a real PostgreSQL, checked row by row. */
public class LoadRunTest {
  public static final String HEADER =
      "user_id,region,vehicle_model,feature_name,session_duration_min,error_flag,"
          + "feedback_rating,app_version,os_type,subscription_status,feature_used_at";

  /** Lines are numbered as the contract counts them: the header is line 1. */
  public static final String FIXTURE =
      String.join(
          "\n",
          HEADER,
          // 2: a messy spelling of event A; loses the tie to line 3 ('U' sorts before 'u').
          "u001,uk,VW-ID4,nav,12.5,0,4,5_5,a n d r o i d,active,2025-09-17 23:04:01.205001",
          // 3: event A, clean spelling: same identity, same score.
          "U001,UK,VW ID.4,Navigation,12.5,0,4,v5.5,Android,active,2025-09-17T23:04:01.205001Z",
          // 4: event B: duration capped, rating as a word, slash date.
          "u002,Deutschland,SkodaEnyaq,Charging,300,1,five,V5-6,  ios, inactive,2025/09/18 08:15",
          // 5: rejected, no user.
          ",UK,VW Golf,Navigation,5,0,3,5.5,Android,active,2025-09-18 09:00:00",
          // 6: rejected twice over, with five more field issues.
          "u003,Austria,VW Golf,,abc,maybe,7,,winphone,churned,not a time",
          // 7: decimal comma, missing rating, bare major version.
          "u004,es,Porsche Taycan,Voice,\"1,5\",yes,na,7,iOS,trial,\"2025-09-19 10:00:00\"",
          // 8-9: a quoted line break in an unmapped region.
          "\"u005\",\"multi",
          "line\",VW Golf,Trip History,10,0,4,5.5,Android,active,2025-09-20 12:00:00",
          // 10: malformed: text after a closing quote.
          "u006,\"UK\"x,VW Golf,Navigation,10,0,4,5.5,Android,active,2025-09-21 12:00:00",
          // 11: malformed: too few fields.
          "u007,UK,VW Golf,Navigation,10,0,4",
          // 12: blank, skipped.
          "",
          // 13: epoch seconds; non-positive duration.
          "u008,UK,VW Golf,Remote Start,-3,0,4,5.5,Android,active,1758196800")
          + "\n";

  @TempDir Path dir;

  private UsageIntelOptions options(String jdbcUrl, String... inputs) {
    List<String> args = new ArrayList<>();
    args.add("--input=" + String.join(",", inputs));
    args.add("--jdbcUrl=" + jdbcUrl);
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .withValidation()
        .as(UsageIntelOptions.class);
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static RunSummary load(UsageIntelOptions options) {
    return LoadRun.execute(options, new PrintWriter(Writer.nullWriter()));
  }

  @Test
  void loadsTheFixtureExactly() throws IOException {
    String db = TestDatabase.freshDatabase();
    Path file = write("fixture.csv", FIXTURE);

    RunSummary summary = load(options(db, file.toString()));

    assertEquals(new RunSummary(summary.runId(), "succeeded", 10, 5, 0, 1, 4), summary);
    assertTrue(summary.balances());
    assertEquals(
        List.of(
            row("U001", "UK", "VW ID.4", "Navigation", "12.5", "0", "4", "v5.5", "Android", "active",
                "2025-09-17 23:04:01.205001+00", "2025-09-17", "38", "2025"),
            row("U002", "Germany", "Škoda Enyaq", "Charging Status", "240", "1", "5", "v5.6", "iOS",
                "inactive", "2025-09-18 08:15:00+00", "2025-09-18", "38", "2025"),
            row("U004", "Spain", "Porsche Taycan", "Voice Assistant", "1.5", "1", null, "v7.0", "iOS",
                "trial", "2025-09-19 10:00:00+00", "2025-09-19", "38", "2025"),
            row("U005", "multi line", "VW Golf", "Trip History", "10", "0", "4", "v5.5", "Android",
                "active", "2025-09-20 12:00:00+00", "2025-09-20", "38", "2025"),
            row("U008", "UK", "VW Golf", "Remote Start", null, "0", "4", "v5.5", "Android", "active",
                "2025-09-18 12:00:00+00", "2025-09-18", "38", "2025")),
        TestDatabase.rows(db,
            "select user_id, region, vehicle_model, feature_name, session_duration_min, error_flag,"
                + " feedback_rating, app_version, os_type, subscription_status,"
                + " feature_used_at at time zone 'UTC' || '+00', date, week, iso_year"
                + " from stg_feature_usage order by user_id"));
    assertEquals(
        List.of(
            row("5", "[MISSING_USER_ID]"),
            row("6", "[MISSING_FEATURE, INVALID_TIMESTAMP]"),
            row("10", "[MALFORMED_RECORD]"),
            row("11", "[MALFORMED_RECORD]")),
        TestDatabase.rows(db,
            "select line_number, reasons::text from dq_rejected_rows order by line_number").stream()
            .map(r -> row(r.get(0), r.get(1).replace("{", "[").replace("}", "]").replace(",", ", ")))
            .toList());
    assertEquals(
        List.of(
            row("app_version", "MISSING_APP_VERSION", "1", "{\"\"}"),
            row("error_flag", "INVALID_ERROR_FLAG", "1", "{maybe}"),
            row("feature_name", "MISSING_FEATURE", "1", "{\"\"}"),
            row("feature_used_at", "INVALID_TIMESTAMP", "1", "{\"not a time\"}"),
            row("feedback_rating", "MISSING_RATING", "1", "{na}"),
            row("feedback_rating", "RATING_OUT_OF_RANGE", "1", "{7}"),
            row("region", "UNMAPPED_VALUE", "2", "{Austria,\"multi\nline\"}"),
            row("session_duration_min", "DURATION_CAPPED", "1", "{300}"),
            row("session_duration_min", "INVALID_DURATION", "1", "{abc}"),
            row("session_duration_min", "NONPOSITIVE_DURATION", "1", "{-3}"),
            row("user_id", "MISSING_USER_ID", "1", "{\"\"}")),
        TestDatabase.rows(db,
            "select field, issue_code, issue_count, sample_values::text from dq_issue_counts"
                + " order by field, issue_code"));
  }

  @Test
  void storesRejectedRecordsByteForByte() throws IOException {
    String db = TestDatabase.freshDatabase();
    byte[] badUtf8 = "u9,UK,VW Golf,Navigation,1,0,4,5.5,Android,active,2025-09-17 10:00:00\u00ff"
        .getBytes(StandardCharsets.UTF_8);
    badUtf8[badUtf8.length - 2] = (byte) 0xC3;
    badUtf8[badUtf8.length - 1] = (byte) 0x28; // 0xC3 0x28 is not UTF-8
    byte[] nul = "u10,UK,VW\u0000Golf,Navigation,1,0,4,5.5,Android,active,2025-09-17 10:00:00"
        .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.write((HEADER + "\r\n").getBytes(StandardCharsets.UTF_8));
    content.write(badUtf8);
    content.write('\r');
    content.write(nul);
    content.write("\r\n".getBytes(StandardCharsets.UTF_8));
    Path file = dir.resolve("bytes.csv");
    Files.write(file, content.toByteArray());

    RunSummary summary = load(options(db, file.toString()));

    assertEquals(new RunSummary(summary.runId(), "succeeded", 2, 0, 0, 0, 2), summary);
    List<List<String>> stored = TestDatabase.rows(db,
        "select line_number, encode(raw_bytes, 'hex') from dq_rejected_rows order by line_number");
    assertEquals(List.of(
        row("2", java.util.HexFormat.of().formatHex(badUtf8)),
        row("3", java.util.HexFormat.of().formatHex(nul))), stored);
  }

  @Test
  void readsGzipAndGlobsAndCountsDuplicatesAcrossFiles() throws IOException {
    String db = TestDatabase.freshDatabase();
    String rowA = "U1,UK,VW Golf,Navigation,1,0,4,5.5,Android,active,2025-09-17 10:00:00";
    write("part-1.csv", HEADER + "\n" + rowA + "\n");
    Path gz = dir.resolve("part-2.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      // Another column order, a BOM, CRLF, and an extra column: all allowed.
      out.write(("\uFEFFextra,feature_used_at,user_id,region,vehicle_model,feature_name,"
          + "session_duration_min,error_flag,feedback_rating,app_version,os_type,subscription_status\r\n"
          + "x,2025-09-17 10:00:00,U1,UK,VW Golf,Navigation,1,0,4,5.5,Android,active\r\n"
          + "x,2025-09-17 11:00:00,U2,UK,VW Golf,Navigation,1,0,4,5.5,Android,active\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    write("empty.csv", "");

    RunSummary first = load(options(db, dir.resolve("*.csv*").toString()));
    // By hand: 3 rows (1 + 2, none in the empty file), 2 identities, U1's seen twice.
    assertEquals(new RunSummary(first.runId(), "succeeded", 3, 2, 0, 1, 0), first);

    RunSummary again = load(options(db, dir.resolve("part-1.csv").toString()));
    assertEquals(new RunSummary(again.runId(), "succeeded", 1, 0, 1, 0, 0), again);
    assertEquals(List.of(row("2")), TestDatabase.rows(db, "select count(*) from stg_feature_usage"));
  }

  @Test
  void runningTheSameInputTwiceChangesNoPublishedRow() throws IOException {
    String db = TestDatabase.freshDatabase();
    Path file = write("fixture.csv", FIXTURE);
    load(options(db, file.toString()));
    String everything = "select * from stg_feature_usage order by user_id";
    List<List<String>> before = TestDatabase.rows(db, everything);

    RunSummary second = load(options(db, file.toString()));

    assertEquals(new RunSummary(second.runId(), "succeeded", 10, 0, 5, 1, 4), second);
    assertEquals(before, TestDatabase.rows(db, everything));
  }

  @Test
  void aRunInAnotherReportingZoneThanTheLoadedEventsIsRefused() throws IOException {
    String db = TestDatabase.freshDatabase();
    Path file = write("fixture.csv", FIXTURE);
    load(options(db, file.toString()));
    String everything = "select * from fact_feature_usage order by usage_sk";
    List<List<String>> before = TestDatabase.rows(db, everything);
    UsageIntelOptions berlin = options(db, file.toString());
    berlin.setReportingTimeZone("Europe/Berlin");

    UserFacingException error = assertThrows(UserFacingException.class, () -> load(berlin));

    assertEquals("the events in this database are dated in reporting time zone UTC, not"
        + " Europe/Berlin: run with --reportingTimeZone=UTC, or load into another database",
        error.getMessage());
    assertEquals(before, TestDatabase.rows(db, everything));
    assertEquals(List.of(row("1")), TestDatabase.rows(db, "select count(*) from etl_run"));

    // Another name of the same zone is the same zone.
    UsageIntelOptions etcUtc = options(db, file.toString());
    etcUtc.setReportingTimeZone("Etc/UTC");
    assertEquals("succeeded", load(etcUtc).status());
  }

  @Test
  void eventsDatedInSeveralZonesByAnOlderVersionAreNamed() throws IOException {
    String db = TestDatabase.freshDatabase();
    load(options(db, write("a.csv", FIXTURE).toString()));
    load(options(db, write("b.csv", LoadRunTest.HEADER
        + "\nU9,UK,VW Golf,Navigation,10,0,4,5.5,Android,active,2025-09-22 12:00:00\n").toString()));
    // As an older version left it: the second run's events dated in another zone.
    TestDatabase.execute(db, "update etl_run set options = jsonb_set(options,"
        + " '{reportingTimeZone}', '\"Europe/Berlin\"') where run_id = 2");

    UserFacingException error = assertThrows(UserFacingException.class,
        () -> load(options(db, write("c.csv", FIXTURE).toString())));

    assertEquals("the events in this database are dated in several reporting time zones"
        + " (Europe/Berlin, UTC, by runs of an older version): load them again into another"
        + " database", error.getMessage());
  }

  @Test
  void thePublishSaysWhereItsTimeWent() throws IOException {
    String db = TestDatabase.freshDatabase();
    Path file = write("fixture.csv", FIXTURE);
    java.io.StringWriter printed = new java.io.StringWriter();

    LoadRun.execute(options(db, file.toString()), new PrintWriter(printed, true));

    List<String> phases = List.of("events merged", "member keys and locks", "dimensions", "fact",
        "aggregates and state", "staging cleared");
    List<List<String>> stored = TestDatabase.rows(db, "select key, value::numeric >= 0,"
        + " (select sum(v::numeric) from json_each_text(publish_seconds) as t (k, v))"
        + " <= extract(epoch from finished_at - started_at)"
        + " from etl_run, json_each_text(publish_seconds) with ordinality order by ordinality");
    List<List<String>> expected = new ArrayList<>();
    for (String phase : phases) {
      expected.add(row(phase, "t", "t"));
    }
    assertEquals(expected, stored);
    String line = printed.toString().lines().filter(l -> l.startsWith("publish ")).findFirst()
        .orElseThrow(() -> new AssertionError("no publish line in:\n" + printed));
    assertTrue(line.matches("publish \\d+\\.\\d s: events merged \\d+\\.\\d s, member keys and locks"
        + " \\d+\\.\\d s, .*, staging cleared \\d+\\.\\d s"), line);
  }

  @Test
  void theRunSaysWhenEachStageWorked() throws IOException {
    String db = TestDatabase.freshDatabase();
    Path file = write("fixture.csv", FIXTURE);

    Map<String, double[]> first = stages(options(db, file.toString()));
    assertEquals(Set.of("read", "clean", "deduplicate", "write", "dimensions", "aggregates",
        "publish"), first.keySet());
    // Deduplication groups every event first, so it starts after the last record is read and
    // cleaned; the publish waits for every write, which come after everything else.
    assertTrue(first.get("read")[1] <= first.get("deduplicate")[0], first::toString);
    assertTrue(first.get("clean")[1] <= first.get("deduplicate")[0], first::toString);
    for (Map.Entry<String, double[]> stage : first.entrySet()) {
      if (!stage.getKey().equals("publish")) {
        assertTrue(stage.getValue()[1] <= first.get("publish")[0], first::toString);
      }
    }
    // A run onto loaded events also merges them with its own.
    assertTrue(stages(options(db, file.toString())).containsKey("merge with loaded"));
  }

  /** The run's "stages" line as stage -> {from, to}, each checked to lie within the run. */
  private Map<String, double[]> stages(UsageIntelOptions options) {
    StringWriter printed = new StringWriter();
    long started = System.nanoTime();
    LoadRun.execute(options, new PrintWriter(printed, true));
    double elapsed = (System.nanoTime() - started) / 1e9;
    String prefix = "stages (s after the run started): ";
    String line = printed.toString().lines().filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no stages line in:\n" + printed));
    Map<String, double[]> stages = new LinkedHashMap<>();
    Matcher span =
        Pattern.compile("([a-z ]+) (\\d+\\.\\d)-(\\d+\\.\\d)(, |$)")
            .matcher(line.substring(prefix.length()));
    double previousFrom = 0;
    while (span.find()) {
      double from = Double.parseDouble(span.group(2));
      double to = Double.parseDouble(span.group(3));
      assertTrue(from <= to && to <= elapsed + 0.05, line);
      assertTrue(from >= previousFrom, "listed in the order they started: " + line);
      previousFrom = from;
      stages.put(span.group(1), new double[] {from, to});
    }
    return stages;
  }

  @Test
  void aMissingColumnFailsBeforeAnythingIsWritten() throws IOException {
    String db = TestDatabase.freshDatabase();
    Path good = write("good.csv", FIXTURE);
    Path bad = write("bad.csv", "user_id,region,feature_name\nU1,UK,nav\n");

    UserFacingException error =
        assertThrows(UserFacingException.class, () -> load(options(db, good.toString(), bad.toString())));

    assertEquals(bad + ": missing required column(s): vehicle_model, session_duration_min, "
        + "error_flag, feedback_rating, app_version, os_type, subscription_status, feature_used_at",
        error.getMessage());
    assertEquals(List.of(row("0")), TestDatabase.rows(db,
        "select count(*) from pg_tables where tablename = 'etl_run'"));
  }

  @Test
  void aMissingFileOrEmptyGlobFailsWithOneLine() {
    String db = TestDatabase.freshDatabase();
    String missing = dir.resolve("nope.csv").toString();
    String glob = dir.resolve("none-*.csv").toString();

    assertEquals("no file matches input " + missing,
        assertThrows(UserFacingException.class, () -> load(options(db, missing))).getMessage());
    assertEquals("no file matches input " + glob,
        assertThrows(UserFacingException.class, () -> load(options(db, glob))).getMessage());
  }

  @Test
  void anUnreachableDatabaseFailsWithOneLine() throws IOException {
    Path file = write("fixture.csv", FIXTURE);
    UserFacingException error = assertThrows(UserFacingException.class,
        () -> load(options("jdbc:postgresql://127.0.0.1:1/none", file.toString())));
    assertTrue(error.getMessage().startsWith(
        "cannot connect to the database jdbc:postgresql://127.0.0.1:1/none as postgres: "),
        error.getMessage());
    assertEquals(1, error.getMessage().lines().count());
  }

  @Test
  void anInputAWorkerCannotReadIsNamedInOneLine() {
    RuntimeException failure = new RuntimeException("Pipeline execution failed",
        new IllegalStateException("Job failed",
            new java.io.FileNotFoundException("No files matched spec: /data/usage.csv")));

    assertEquals("a worker cannot read the input (No files matched spec: /data/usage.csv);"
        + " on a cluster every TaskManager must read each --input file at the same path",
        LoadRun.describeFailure(failure));
    assertEquals("disk full", LoadRun.describeFailure(
        new RuntimeException(new java.sql.SQLException("disk full"))));
  }

  @Test
  void localInputsReachThePipelineAsAbsolutePaths() {
    String here = Path.of("").toAbsolutePath().toString();

    assertEquals(
        List.of(here + "/data/usage.csv", here + "/exports/usage-*.csv.gz", "/srv/usage.csv",
            "gs://bucket/usage-*.csv", "file:///srv/usage.csv"),
        InputFiles.absolute(List.of("data/usage.csv", "exports/usage-*.csv.gz", "/srv/usage.csv",
            "gs://bucket/usage-*.csv", "file:///srv/usage.csv")));
  }

  static List<String> row(String... values) {
    return Arrays.asList(values);
  }
}
