package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product-analytics tables (contract section 8) over two runs, when the second run's file
 * holds a user's earlier event: that user's cohort week and first adoption day move back, the
 * cohort they left is gone, and every published table equals one load of both files.
 */
class ProductAnalyticsLoadTest {
  private static final String ROW = "%s,UK,VW Golf,Navigation,10,0,4,v5.5,Android,active,%s";

  @TempDir Path dir;

  @Test
  void aLateFileWithAnEarlierEventMovesTheUsersCohortAndAdoptionDay() throws IOException {
    // Weeks (ISO, by their Monday): W1 = 2025-09-01, W2 = 2025-09-08, W3 = 2025-09-15.
    // later.csv: U2 on Tue 2 Sep (W1) and Wed 17 Sep (W3); U1 first on Tue 16 Sep (W3).
    Path later = file("later/later.csv",
        String.format(ROW, "U2", "2025-09-02 10:00:00"),
        String.format(ROW, "U2", "2025-09-17 10:00:00"),
        String.format(ROW, "U1", "2025-09-16 10:00:00"));
    // earlier.csv, loaded after: U1 on Wed 3 Sep (W1), before U1's first loaded event.
    Path earlier = file("earlier/earlier.csv", String.format(ROW, "U1", "2025-09-03 09:00:00"));
    String twoRuns = TestDatabase.freshDatabase();

    TestRuns.load(twoRuns, later, TestRuns.AS_THE_COMMAND_RUNS);

    // Cohorts: W1 = {U2}, active in W1 and W3, not W2; W3 = {U1}. The last week is W3.
    assertEquals(List.of(
            List.of("2025-09-01", "0", "1", "1", "100.00"),
            List.of("2025-09-01", "1", "1", "0", "0.00"),
            List.of("2025-09-01", "2", "1", "1", "100.00"),
            List.of("2025-09-15", "0", "1", "1", "100.00")),
        retention(twoRuns));
    // Navigation's adopters: U2 from 2 Sep, U1 from 16 Sep; users to date the same.
    assertEquals(List.of(
            List.of("2025-09-02", "1", "1", "1", "100.00"),
            List.of("2025-09-03", "0", "1", "1", "100.00"),
            List.of("2025-09-16", "1", "2", "2", "100.00")),
        adoption(twoRuns, "'2025-09-02', '2025-09-03', '2025-09-16'"));

    TestRuns.load(twoRuns, earlier, TestRuns.AS_THE_COMMAND_RUNS);

    // U1's first event is now 3 Sep: both users in cohort W1, both active in W1 and W3, neither in
    // W2; the W3 cohort is gone.
    assertEquals(List.of(
            List.of("2025-09-01", "0", "2", "2", "100.00"),
            List.of("2025-09-01", "1", "2", "0", "0.00"),
            List.of("2025-09-01", "2", "2", "2", "100.00")),
        retention(twoRuns));
    assertEquals(List.of(
            List.of("Navigation", "2025-09-01", "0", "2", "2", "100.00"),
            List.of("Navigation", "2025-09-01", "1", "2", "0", "0.00"),
            List.of("Navigation", "2025-09-01", "2", "2", "2", "100.00")),
        TestDatabase.rows(twoRuns, "select feature_name, cohort_week_start, weeks_since,"
            + " cohort_users, retained_users, retention_pct from agg_feature_retention_weekly"
            + " order by 1, 2, 3"));
    // U1 adopts Navigation on 3 Sep now, not on 16 Sep.
    assertEquals(List.of(
            List.of("2025-09-02", "1", "1", "1", "100.00"),
            List.of("2025-09-03", "1", "2", "2", "100.00"),
            List.of("2025-09-16", "0", "2", "2", "100.00")),
        adoption(twoRuns, "'2025-09-02', '2025-09-03', '2025-09-16'"));
    // September: U1 on the 3rd and 16th, U2 on the 2nd and 17th: two users active on 2 days.
    assertEquals(List.of(List.of("2025-09-01", "2", "2")), TestDatabase.rows(twoRuns,
        "select month_start, days_active, users from agg_days_active_monthly where users > 0"));
    assertEquals(List.of(List.of("30")), TestDatabase.rows(twoRuns,
        "select count(*) from agg_days_active_monthly"));

    String together = TestDatabase.freshDatabase();
    Path both = dir.resolve("both");
    Files.createDirectories(both);
    Files.copy(later, both.resolve("later.csv"));
    Files.copy(earlier, both.resolve("earlier.csv"));
    TestRuns.load(together, both.resolve("*.csv"), TestRuns.AS_THE_COMMAND_RUNS);
    LoadOrderPropertiesTest.assertSameTables(PublishedTables.snapshot(together),
        PublishedTables.snapshot(twoRuns), () -> "later.csv then earlier.csv against both at once");
    TestDatabase.drop(together);
    TestDatabase.drop(twoRuns);
  }

  private Path file(String name, String... rows) throws IOException {
    Path path = dir.resolve(name);
    Files.createDirectories(path.getParent());
    return Files.writeString(path,
        LoadRunTest.HEADER + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
  }

  private static List<List<String>> retention(String jdbcUrl) {
    return TestDatabase.rows(jdbcUrl, "select cohort_week_start, weeks_since, cohort_users,"
        + " retained_users, retention_pct from agg_retention_weekly order by 1, 2");
  }

  private static List<List<String>> adoption(String jdbcUrl, String days) {
    return TestDatabase.rows(jdbcUrl, "select adoption_date, new_adopters, adopters, users_to_date,"
        + " adoption_pct from agg_feature_adoption_daily where feature_name = 'Navigation'"
        + " and adoption_date in (" + days + ") order by 1");
  }
}
