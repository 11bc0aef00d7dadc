package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.usageintel.pipeline.bench.InPostgresBaseline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-PostgreSQL baseline's product analytics (contract section 8) on two small hand-made files,
 * checked against values worked out by hand in the comments. The product's tables are compared
 * with these by {@link InPostgresBaselineTest} once they are in {@code PublishedTables}.
 *
 * <p>File A: four users over five ISO weeks, W0 = 2025-06-02 (Mon) to W4 = 2025-06-30, the last
 * event on 07-01 (Tue of W4), so dim_date is 06-02..07-01 (30 days) and W4 spans June and July.
 * Every row has region UK etc.; only user, feature, error flag and time matter here ("?" is an
 * unknown flag):
 *
 * <pre>
 *  user feature          flag day    week
 *  U1   Navigation        0   06-02   W0
 *  U1   Charging Status   1   06-03   W0
 *  U1   Navigation        0   06-03   W0
 *  U2   Navigation        1   06-04   W0
 *  U2   Charging Status   ?   06-10   W1
 *  U3   Charging Status   0   06-11   W1
 *  U1   Navigation        0   06-16   W2
 *  U2   Navigation        0   06-18   W2
 *  U2   Charging Status   0   06-24   W3
 *  U3   Navigation        0   06-25   W3
 *  U1   Charging Status   0   06-30   W4
 *  U4   Navigation        0   06-30   W4   (U4: the late cohort)
 *  U4   Charging Status   1   07-01   W4
 * </pre>
 *
 * Active weeks: U1 W0 W2 W4; U2 W0 W1 W2 W3; U3 W1 W3; U4 W4. First days: U1 06-02, U2 06-04,
 * U3 06-11, U4 06-30.
 *
 * <p>File B: one user, one feature (Navigation, flag 0), 2025-01-01 to 01-16, with these numbers
 * of events per day (0 = no event, so no row): 2 3 0 4 2 3 0 4 2 3 0 4 2 4 | 9 | 1.
 */
class BaselineProductAnalyticsTest {
  private static final String HEADER = "user_id,region,vehicle_model,feature_name,session_duration_min,"
      + "error_flag,feedback_rating,app_version,os_type,subscription_status,feature_used_at";

  private static final List<String> FILE_A = List.of(
      row("U1", "Navigation", "0", "2025-06-02 08:00:00"),
      row("U1", "Charging Status", "1", "2025-06-03 09:00:00"),
      row("U1", "Navigation", "0", "2025-06-03 18:00:00"),
      row("U2", "Navigation", "1", "2025-06-04 10:00:00"),
      row("U2", "Charging Status", "", "2025-06-10 12:00:00"),
      row("U3", "Charging Status", "0", "2025-06-11 07:00:00"),
      row("U1", "Navigation", "0", "2025-06-16 08:00:00"),
      row("U2", "Navigation", "0", "2025-06-18 10:00:00"),
      row("U2", "Charging Status", "0", "2025-06-24 10:00:00"),
      row("U3", "Navigation", "0", "2025-06-25 07:00:00"),
      row("U1", "Charging Status", "0", "2025-06-30 08:00:00"),
      row("U4", "Navigation", "0", "2025-06-30 20:00:00"),
      row("U4", "Charging Status", "1", "2025-07-01 09:00:00"));

  /** File B's events per day from 2025-01-01. */
  private static final int[] EVENTS_PER_DAY_B = {2, 3, 0, 4, 2, 3, 0, 4, 2, 3, 0, 4, 2, 4, 9, 1};

  @TempDir static Path dir;
  static String fileA;
  static String fileB;

  @BeforeAll
  static void runTheBaselineOnBothFiles() throws Exception {
    List<String> rowsB = new ArrayList<>();
    for (int day = 0; day < EVENTS_PER_DAY_B.length; day++) {
      for (int event = 0; event < EVENTS_PER_DAY_B[day]; event++) {
        rowsB.add(row("U9", "Navigation", "0", String.format("2025-01-%02d 08:%02d:00", day + 1, event)));
      }
    }
    fileA = runBaseline("a.csv", FILE_A);
    fileB = runBaseline("b.csv", rowsB);
  }

  /**
   * Cohort W0 = {U1, U2}: W1 U2, W2 both, W3 U2, W4 U1. Cohort W1 = {U3}: W2 none, W3 U3, W4 none.
   * Cohort W4 = {U4}: week 0 only, W4 being the last week with an event. No cohort W2 or W3.
   */
  @Test
  void retentionHasEveryWeekUpToTheLastOneZerosIncluded() {
    assertEquals(
        rows(
            "2025-06-02|0|2|2|100.00",
            "2025-06-02|1|2|1|50.00",
            "2025-06-02|2|2|2|100.00",
            "2025-06-02|3|2|1|50.00",
            "2025-06-02|4|2|1|50.00",
            "2025-06-09|0|1|1|100.00",
            "2025-06-09|1|1|0|0.00",
            "2025-06-09|2|1|1|100.00",
            "2025-06-09|3|1|0|0.00",
            "2025-06-30|0|1|1|100.00"),
        TestDatabase.rows(fileA, "select * from baseline.agg_retention_weekly order by 1, 2"));
  }

  /**
   * Charging Status: U1 W0 W4 (cohort W0); U2 W1 W3 and U3 W1 (cohort W1); U4 W4. Navigation: U1
   * W0 W2 and U2 W0 W2 (cohort W0); U3 W3 (cohort W3, one week after it: W4 is the last week with
   * any event, though Navigation's last is too); U4 W4.
   */
  @Test
  void featureRetentionRunsToTheLastWeekOfAnyFeature() {
    assertEquals(
        rows(
            "Charging Status|2025-06-02|0|1|1|100.00",
            "Charging Status|2025-06-02|1|1|0|0.00",
            "Charging Status|2025-06-02|2|1|0|0.00",
            "Charging Status|2025-06-02|3|1|0|0.00",
            "Charging Status|2025-06-02|4|1|1|100.00",
            "Charging Status|2025-06-09|0|2|2|100.00",
            "Charging Status|2025-06-09|1|2|0|0.00",
            "Charging Status|2025-06-09|2|2|1|50.00",
            "Charging Status|2025-06-09|3|2|0|0.00",
            "Charging Status|2025-06-30|0|1|1|100.00",
            "Navigation|2025-06-02|0|2|2|100.00",
            "Navigation|2025-06-02|1|2|0|0.00",
            "Navigation|2025-06-02|2|2|2|100.00",
            "Navigation|2025-06-02|3|2|0|0.00",
            "Navigation|2025-06-02|4|2|0|0.00",
            "Navigation|2025-06-23|0|1|1|100.00",
            "Navigation|2025-06-23|1|1|0|0.00",
            "Navigation|2025-06-30|0|1|1|100.00"),
        TestDatabase.rows(fileA,
            "select r.feature_name, r.cohort_week_start, r.weeks_since, r.cohort_users, r.retained_users,"
                + " r.retention_pct from baseline.agg_feature_retention_weekly as r"
                + " join baseline.dim_feature as f using (feature_sk, feature_name) order by 1, 2, 3"));
  }

  /**
   * Users to date: 1 on 06-02 and 06-03, 2 from 06-04, 3 from 06-11, 4 from 06-30. First use of
   * Charging Status: U1 06-03, U2 06-10, U3 06-11, U4 07-01; of Navigation: U1 06-02, U2 06-04,
   * U3 06-25, U4 06-30. Charging Status on 06-02 is a day before its first adopter; 2 of 3 users
   * is 66.666... → 66.67.
   */
  @Test
  void adoptionCoversEveryDayAndFeature() {
    assertEquals(
        rows(
            "2025-06-02|Charging Status|0|0|1|0.00|20250602",
            "2025-06-03|Charging Status|1|1|1|100.00|20250603",
            "2025-06-04|Charging Status|0|1|2|50.00|20250604",
            "2025-06-10|Charging Status|1|2|2|100.00|20250610",
            "2025-06-11|Charging Status|1|3|3|100.00|20250611",
            "2025-06-30|Charging Status|0|3|4|75.00|20250630",
            "2025-07-01|Charging Status|1|4|4|100.00|20250701",
            "2025-06-02|Navigation|1|1|1|100.00|20250602",
            "2025-06-03|Navigation|0|1|1|100.00|20250603",
            "2025-06-04|Navigation|1|2|2|100.00|20250604",
            "2025-06-11|Navigation|0|2|3|66.67|20250611",
            "2025-06-24|Navigation|0|2|3|66.67|20250624",
            "2025-06-25|Navigation|1|3|3|100.00|20250625",
            "2025-06-30|Navigation|1|4|4|100.00|20250630",
            "2025-07-01|Navigation|0|4|4|100.00|20250701"),
        TestDatabase.rows(fileA,
            "select adoption_date, feature_name, new_adopters, adopters, users_to_date, adoption_pct, date_sk"
                + " from baseline.agg_feature_adoption_daily"
                + " where adoption_date in ('2025-06-02', '2025-06-03', '2025-06-04', '2025-06-10',"
                + " '2025-06-11', '2025-06-24', '2025-06-25', '2025-06-30', '2025-07-01')"
                + " and (feature_name = 'Charging Status' and adoption_date not in ('2025-06-24', '2025-06-25')"
                + " or feature_name = 'Navigation' and adoption_date <> '2025-06-10')"
                + " order by 2, 1"));
    // 30 days of dim_date times 2 features; each feature adopted by all four users.
    assertEquals(rows("Charging Status|30|4|20250602|20250701", "Navigation|30|4|20250602|20250701"),
        TestDatabase.rows(fileA,
            "select feature_name, count(*), sum(new_adopters), min(date_sk), max(date_sk)"
                + " from baseline.agg_feature_adoption_daily group by 1 order by 1"));
  }

  /**
   * Distinct active days in June: U1 4 (06-02, 06-03 with two events, 06-16, 06-30), U2 4, U3 2,
   * U4 1; in July U4 1. Every n from 1 to 30 (June) and 31 (July) has a row.
   */
  @Test
  void daysActiveCountsUsersPerNumberOfDays() {
    assertEquals(
        rows("2025-06-01|1|1", "2025-06-01|2|1", "2025-06-01|4|2", "2025-07-01|1|1"),
        TestDatabase.rows(fileA,
            "select * from baseline.agg_days_active_monthly where users > 0 order by 1, 2"));
    assertEquals(rows("2025-06-01|30|30|4", "2025-07-01|31|31|1"),
        TestDatabase.rows(fileA,
            "select month_start, count(*), max(days_active), sum(users)"
                + " from baseline.agg_days_active_monthly group by 1 order by 1"));
  }

  /**
   * Fleet events per day: 06-02 1, 06-03 2, 06-04 1, 06-10 1, 06-11 1, 06-16 1, 06-18 1, 06-24 1,
   * 06-25 1, 06-30 2, 07-01 1, else 0 (a value, unlike an unknown error rate). So 06-15 has 13 days
   * before it in dim_date, too few; 06-16 has 14: nine 0s, four 1s and a 2, median 0 and MAD 0, so
   * no z; 07-01 has 28 (06-03..06-30; 06-02 is 29 days before). dau is the same here. The error
   * rate is known on 8 days of 06-03..06-30 (not on 06-10, whose only event has an unknown flag,
   * nor on days without events), so 07-01 has 8 baseline values.
   */
  @Test
  void anomalyBaselinesCountTheKnownValuesOfTheDaysBefore() {
    assertEquals(
        rows(
            "2025-06-02|dau|1.00|0|null|null|null|f",
            "2025-06-15|dau|0.00|13|null|null|null|f",
            "2025-06-16|dau|1.00|14|0.0000|0.0000|null|f",
            "2025-07-01|dau|1.00|28|0.0000|0.0000|null|f",
            "2025-06-02|error_rate_pct|0.00|0|null|null|null|f",
            "2025-06-03|error_rate_pct|50.00|1|null|null|null|f",
            "2025-06-10|error_rate_pct|null|3|null|null|null|f",
            "2025-06-15|error_rate_pct|null|4|null|null|null|f",
            "2025-07-01|error_rate_pct|100.00|8|null|null|null|f",
            "2025-06-02|events|1.00|0|null|null|null|f",
            "2025-06-15|events|0.00|13|null|null|null|f",
            "2025-06-16|events|1.00|14|0.0000|0.0000|null|f",
            "2025-07-01|events|1.00|28|0.0000|0.0000|null|f"),
        TestDatabase.rows(fileA,
            "select anomaly_date, metric, metric_value, baseline_days, baseline_median, baseline_mad,"
                + " robust_z, is_anomaly from baseline.agg_anomaly_daily"
                + " where is_fleet and feature_name = 'All features'"
                + " and (anomaly_date in ('2025-06-02', '2025-06-15', '2025-07-01')"
                + " or anomaly_date = '2025-06-16' and metric <> 'error_rate_pct'"
                + " or anomaly_date in ('2025-06-03', '2025-06-10') and metric = 'error_rate_pct')"
                + " order by 2, 1"));
    // Charging Status on 06-10: one event, its flag unknown; on 06-12, no event.
    assertEquals(
        rows("2025-06-10|dau|1.00", "2025-06-10|error_rate_pct|null", "2025-06-10|events|1.00",
            "2025-06-12|dau|0.00", "2025-06-12|error_rate_pct|null", "2025-06-12|events|0.00"),
        TestDatabase.rows(fileA,
            "select anomaly_date, metric, metric_value from baseline.agg_anomaly_daily"
                + " where not is_fleet and feature_name = 'Charging Status'"
                + " and anomaly_date in ('2025-06-10', '2025-06-12') order by 1, 2"));
    // 30 days x 3 metrics x 3 series; the fleet has no feature key, the features theirs.
    assertEquals(rows("270|0"),
        TestDatabase.rows(fileA,
            "select count(*), count(*) filter (where a.feature_sk is distinct from"
                + " case when a.is_fleet then null else f.feature_sk end)"
                + " from baseline.agg_anomaly_daily as a left join baseline.dim_feature as f using (feature_name)"));
  }

  /**
   * File B, events. 01-14 has 13 days before it: no baseline. 01-15 (9 events) has 14, an even
   * count: 2 3 0 4 2 3 0 4 2 3 0 4 2 4, sorted 0 0 0 2 2 2 2 | 3 3 3 4 4 4 4, median (2 + 3) / 2 =
   * 2.5. Deviations: 0.5 seven times (the 2s and 3s), 1.5 four times (the 4s), 2.5 three times (the
   * 0s); the 7th and 8th are 0.5 and 1.5, MAD 1.0. robust_z = 0.6745 × 6.5 / 1 = 4.38425 exactly,
   * half away from zero 4.3843 (half to even, or a double just below, gives 4.3842): an anomaly.
   * 01-16 (1 event) has 15 (01-01..01-15), sorted 0 0 0 2 2 2 2 [3] 3 3 4 4 4 4 9, median 3 (odd
   * count); deviations 0 ×3, 1 ×8, 3 ×3, 6, MAD 1; robust_z = 0.6745 × (1 − 3) = −1.3490. dau is 1
   * on 11 and 0 on 3 of the 14 days before 01-15: median 1, MAD 0, so no z. The error rate is known
   * on those 11 only. The feature's series is the fleet's.
   */
  @Test
  void anomalyScoresARobustZFromTheMedianAndMad() {
    List<List<String>> expected = rows(
        "2025-01-14|dau|1.00|13|null|null|null|f",
        "2025-01-15|dau|1.00|14|1.0000|0.0000|null|f",
        "2025-01-15|error_rate_pct|0.00|11|null|null|null|f",
        "2025-01-14|events|4.00|13|null|null|null|f",
        "2025-01-15|events|9.00|14|2.5000|1.0000|4.3843|t",
        "2025-01-16|events|1.00|15|3.0000|1.0000|-1.3490|f");
    String query = "select anomaly_date, metric, metric_value, baseline_days, baseline_median, baseline_mad,"
        + " robust_z, is_anomaly from baseline.agg_anomaly_daily where is_fleet = %s and feature_name = '%s'"
        + " and (metric = 'events' and anomaly_date >= '2025-01-14'"
        + " or metric = 'dau' and anomaly_date in ('2025-01-14', '2025-01-15')"
        + " or metric = 'error_rate_pct' and anomaly_date = '2025-01-15')"
        + " order by 2, 1";
    assertEquals(expected, TestDatabase.rows(fileB, String.format(query, "true", "All features")));
    assertEquals(expected, TestDatabase.rows(fileB, String.format(query, "false", "Navigation")));
  }

  /** Runs prepare.sql and transform.sql on a file of the header and {@code lines}; returns the database. */
  private static String runBaseline(String name, List<String> lines) throws Exception {
    Path input = dir.resolve(name);
    List<String> file = new ArrayList<>();
    file.add(HEADER);
    file.addAll(lines);
    Files.write(input, file, StandardCharsets.UTF_8);
    String jdbcUrl = TestDatabase.freshDatabase();
    try (Connection connection = TestDatabase.connect(jdbcUrl)) {
      InPostgresBaseline.run(connection, input);
    }
    return jdbcUrl;
  }

  private static String row(String user, String feature, String errorFlag, String at) {
    return String.join(",", user, "UK", "VW Golf", feature, "5", errorFlag, "4", "v5.5", "Android",
        "active", at);
  }

  /** Rows written as "a|b|c", "null" for SQL NULL. */
  private static List<List<String>> rows(String... rows) {
    List<List<String>> parsed = new ArrayList<>();
    for (String row : rows) {
      List<String> cells = new ArrayList<>(Arrays.asList(row.split("\\|", -1)));
      cells.replaceAll(cell -> cell.equals("null") ? null : cell);
      parsed.add(cells);
    }
    return parsed;
  }
}
