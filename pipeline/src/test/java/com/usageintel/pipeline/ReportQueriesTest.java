package com.usageintel.pipeline;

import static com.usageintel.pipeline.TestRuns.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.usageintel.pipeline.report.ReportData.FieldIssue;
import com.usageintel.pipeline.report.ReportData.Kpis;
import com.usageintel.pipeline.report.ReportData.ReasonCount;
import com.usageintel.pipeline.report.ReportData.UsageCount;
import com.usageintel.pipeline.report.ReportData.VersionStability;
import com.usageintel.pipeline.report.ReportData;
import com.usageintel.pipeline.report.ReportQueries;
import com.usageintel.pipeline.warehouse.EmbeddedDatabase;
import com.usageintel.pipeline.warehouse.PostgresDataSource;
import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import com.usageintel.pipeline.warehouse.WarehouseSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The report's numbers on StarSchemaTest's fixture (22 events A1..A22, five users, 2025-01-27 to
 * 2025-02-05; its class comment lists every event), each worked out by hand from that table.
 */
class ReportQueriesTest {
  @TempDir static Path dir;

  private static final List<String> DATABASES = new ArrayList<>();
  private static String db;
  private static ReportData report;

  @BeforeAll
  static void loadFixture() throws IOException, SQLException {
    db = freshDatabase();
    load(db, write("fixture.csv", StarSchemaTest.FIXTURE));
    report = read(db);
  }

  @AfterAll
  static void dropDatabases() {
    DATABASES.forEach(TestDatabase::drop);
  }

  @Test
  void kpisAreTheContractsMetricsOverThePeriod() {
    // Errors: A3 A13 A14 A15 A17 A21 = 6; flags unknown: A12 A18 A19, so 19 known.
    // 6 / 19 = 31.578… → 31.58. Durations known for 20 events (not A5, A12):
    // 10+20+7+5+11+15+1+30+2+8+12+25+2+3+9+6+3+6+4+13 = 192 minutes → 9.6 per event.
    assertEquals(new Kpis(22, 5, 6, 19, new BigDecimal("31.58"), 9.6, 20), report.kpis());
  }

  @Test
  void periodDauIsADistinctCountNotASumOfDailyDaus() {
    // Daily DAUs 3 3 0 2 1 2 0 3 3 2 add up to 19 "users"; there are 5.
    assertEquals(List.of(3L, 3L, 0L, 2L, 1L, 2L, 0L, 3L, 3L, 2L),
        report.daily().stream().map(ReportData.DailyKpi::dau).toList());
    long sumOfDailyDau = report.daily().stream().mapToLong(ReportData.DailyKpi::dau).sum();
    assertEquals(19, sumOfDailyDau);
    assertNotEquals(sumOfDailyDau, report.kpis().users());
    assertEquals(5, report.kpis().users());
  }

  @Test
  void theAverageSessionIsWeightedByEventNotAMeanOfDailyAverages() {
    // The daily averages of the 8 days with a duration: 37/3, 16/2, 16/2, 32/2, 8/1, 39/3, 21/4,
    // 23/3; their mean is 9.78125, the mean of all 20 durations 9.6.
    double meanOfDailyAverages =
        (37.0 / 3 + 8 + 8 + 16 + 8 + 13 + 21.0 / 4 + 23.0 / 3) / 8;
    assertEquals(9.78125, meanOfDailyAverages, 1e-9);
    assertEquals(9.6, report.kpis().avgSessionMinutes(), 1e-9);
  }

  @Test
  void theDauLineHasEveryDayWithItsSevenDayAverage() {
    assertEquals(new ReportData.Period(LocalDate.of(2025, 1, 27), LocalDate.of(2025, 2, 5)),
        report.period());
    assertEquals(10, report.daily().size());
    assertEquals(LocalDate.of(2025, 1, 29), report.daily().get(2).date());
    // 3/1, 6/2, 6/3, 8/4, 9/5, 11/6, 11/7, then full windows 11/7, 11/7, 13/7.
    double[] expected = {3, 3, 2, 2, 1.8, 11.0 / 6, 11.0 / 7, 11.0 / 7, 11.0 / 7, 13.0 / 7};
    for (int day = 0; day < expected.length; day++) {
      assertEquals(expected[day], report.daily().get(day).dau7dAvg(), 1e-6, "day " + day);
    }
  }

  @Test
  void usageByFeatureRegionAndVehicleCountsEventsAndDistinctUsers() {
    // Most events first, then by name. Navigation: A1 A2 A7 A9 A13 A14 A17 A18 A20 (U1, U2).
    assertEquals(
        List.of(
            new UsageCount("Navigation", 9, 2),
            new UsageCount("Lock/Unlock", 3, 1), // A8 A15 A16, U4
            new UsageCount("Trip History", 3, 1), // A3 A6 A22, U3
            new UsageCount("Charging Status", 2, 1), // A5 A11, U5
            new UsageCount("Climate Control", 2, 2), // A4 U1, A21 U2
            new UsageCount("Remote Start", 2, 2), // A10 U2, A19 U5
            new UsageCount("Voice Assistant", 1, 1)), // A12
        report.features());
    // The event's region: U1's A1 A4 A7 in UK, A13 A17 A18 in Germany; A22 Unknown.
    assertEquals(
        List.of(
            new UsageCount("Germany", 9, 2),
            new UsageCount("Spain", 4, 1),
            new UsageCount("Italy", 3, 1),
            new UsageCount("UK", 3, 1),
            new UsageCount("France", 2, 1),
            new UsageCount("Unknown", 1, 1)),
        report.regions());
    assertEquals(
        List.of(
            new UsageCount("VW Golf", 6, 1),
            new UsageCount("VW ID.4", 6, 1),
            new UsageCount("Porsche Taycan", 4, 1),
            new UsageCount("Audi e-tron", 3, 1),
            new UsageCount("Škoda Enyaq", 3, 1)),
        report.vehicles());
  }

  @Test
  void versionErrorRatesFlagTheAndroidRegression() {
    // Android v5.9: 0 of 7; v5.10: 4 of 6 known → 66.67, z = (2/3)·√(91/6) = 2.596 > 1.96.
    // iOS v5.10: 1 of 2 → 50.00; v6.0: 1 of 3 → 33.33, better: no regression. Unknown: no row.
    List<VersionStability> versions = report.versions();
    assertEquals(4, versions.size());
    assertEquals(new VersionStability("Android", "v5.9", 5, 9, 1, 7, 3, 7, new BigDecimal("0.00"),
        null, null, null, null, false), versions.get(0));
    VersionStability regression = versions.get(1);
    assertEquals(new VersionStability("Android", "v5.10", 5, 10, 2, 8, 3, 6, new BigDecimal("66.67"),
            "v5.9", new BigDecimal("0.00"), new BigDecimal("66.67"), regression.zScore(), true),
        regression);
    assertEquals((2.0 / 3) * Math.sqrt(91.0 / 6), regression.zScore(), 1e-6);
    assertEquals(new VersionStability("iOS", "v5.10", 5, 10, 2, 2, 2, 2, new BigDecimal("50.00"),
        null, null, null, null, false), versions.get(2));
    VersionStability ios6 = versions.get(3);
    assertEquals(new VersionStability("iOS", "v6.0", 6, 0, 3, 4, 2, 3, new BigDecimal("33.33"),
            "v5.10", new BigDecimal("50.00"), new BigDecimal("-16.67"), ios6.zScore(), false),
        ios6);
    assertEquals((-1.0 / 6) / Math.sqrt(1.0 / 5), ios6.zScore(), 1e-6);
  }

  @Test
  void dataQualityIsTheLastRunsRejectsByReasonAndUnmappedValues() throws IOException, SQLException {
    String fresh = freshDatabase();
    load(fresh, write("first.csv", StarSchemaTest.FIXTURE)); // 1 row rejected: INVALID_TIMESTAMP
    String second = String.join("\n", LoadRunTest.HEADER,
        /* 2: no user and no time: counts under both reasons */
        ",Atlantis,VW ID.4,Navigation,10,0,4,5.9,Android,active,",
        /* 3 */ ",Atlantis,VW ID.4,Navigation,10,0,4,5.9,Android,active,2025-01-27 09:00:00",
        /* 4 */ "U9,Atlantis,VW ID.4,,10,0,4,5.9,Android,active,2025-01-27 08:00:00",
        /* 5 */ "U9,Atlantis,VW ID.4,Navigation,10,0,4,5.9,Android,active,yesterday",
        /* 6: loaded, with an unmapped region and vehicle */
        "U9,atlantis,Tesla Model 3,Navigation,10,0,4,5.9,Android,active,2025-01-27 08:00:00",
        /* 7: a quote never closed: malformed to the end of the file */
        "\"U9,Atlantis") + "\n";
    load(fresh, write("second.csv", second));

    ReportData.DataQuality dq = read(fresh).dataQuality();

    // Run 2 only: 6 rows read = 1 new + 5 rejected; run 1's rejected row is not counted here.
    assertEquals(new RunSummary(2, "succeeded", 6, 1, 0, 0, 5), dq.run());
    assertEquals(
        List.of(
            new ReasonCount("MISSING_USER_ID", 2),
            new ReasonCount("INVALID_TIMESTAMP", 1),
            new ReasonCount("MALFORMED_RECORD", 1),
            new ReasonCount("MISSING_FEATURE", 1),
            new ReasonCount("MISSING_TIMESTAMP", 1)),
        dq.rejectsByReason());
    // Counted over every record that is not malformed (lines 2-6), raw values in file order.
    assertEquals(
        List.of(
            new FieldIssue("region", "UNMAPPED_VALUE", 5, List.of("Atlantis", "atlantis")),
            new FieldIssue("vehicle_model", "UNMAPPED_VALUE", 1, List.of("Tesla Model 3"))),
        dq.fieldIssues().stream().filter(FieldIssue::unmapped).toList());
  }

  @Test
  void aDatabaseWithNothingPublishedIsOneClearError() throws SQLException {
    String empty = freshDatabase();
    UserFacingException noTables = assertThrows(UserFacingException.class, () -> read(empty));
    try (Connection connection = TestDatabase.connect(empty)) {
      WarehouseSchema.apply(PostgresDataSource.of(empty, EmbeddedDatabase.USER), connection);
    }
    UserFacingException noRun = assertThrows(UserFacingException.class, () -> read(empty));

    String expected =
        "nothing has been published to this database yet: load data first with run --input=...";
    assertEquals(expected, noTables.getMessage());
    assertEquals(expected, noRun.getMessage());
    assertEquals("usage-intel: " + expected + "\n",
        reportCommandErrors("report", "--jdbcUrl=" + empty, "--output=" + dir.resolve("x.html")));
    assertEquals("usage-intel: no embedded database in " + dir.resolve("none") + ": load data first"
            + " with run --input=... (or read another database with --jdbcUrl)\n",
        reportCommandErrors("report", "--embeddedDataDir=" + dir.resolve("none")));
    assertEquals(false, Files.exists(dir.resolve("none")));
  }

  // ---------------------------------------------------------------------------------------------

  private static String freshDatabase() {
    String jdbcUrl = TestDatabase.freshDatabase();
    DATABASES.add(jdbcUrl);
    return jdbcUrl;
  }

  private static ReportData read(String jdbcUrl) throws SQLException {
    try (Connection connection = TestDatabase.connect(jdbcUrl)) {
      return ReportQueries.read(connection);
    }
  }

  /** Runs the command line; expects exit code 1 and returns what it printed on stderr. */
  private static String reportCommandErrors(String... args) {
    StringWriter err = new StringWriter();
    CommandLine commandLine = UsageIntel.commandLine();
    commandLine.setErr(new PrintWriter(err, true));
    assertEquals(1, commandLine.execute(args), err.toString());
    return err.toString();
  }

  private static Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
