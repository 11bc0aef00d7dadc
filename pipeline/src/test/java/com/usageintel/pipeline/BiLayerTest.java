package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.warehouse.EmbeddedDatabase;
import com.usageintel.pipeline.warehouse.PostgresDataSource;
import com.usageintel.pipeline.warehouse.WarehouseSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The BI views (sql/bi.sql) on StarSchemaTest's fixture, whose events A1..A22 and per-user active
 * days are listed in that class's comment; every expected value here is worked out by hand from
 * that table. Each measure of the Power BI model is checked through its SQL equivalent on the
 * views, at several grains, against the distinct counts and weighted means of the fixture, and
 * against the wrong answers (sums of daily DAUs, means of daily means) where the fixture makes
 * them differ.
 */
class BiLayerTest {
  /** 2^53: Power BI reads integers as doubles, exact below this. */
  private static final long TWO_TO_53 = 1L << 53;

  /** Power BI's Npgsql 4 reads these types exactly; numeric only with a declared precision. */
  private static final Set<String> SAFE_TYPES = Set.of("smallint", "integer", "bigint", "numeric",
      "text", "date", "timestamp without time zone", "boolean");

  /** StarSchemaTest's fixture. */
  private static String db;

  /** Three runs' data-quality rows, written by hand (LoadRunTest checks what a run writes). */
  private static String dq;

  @BeforeAll
  static void loadFixtures() throws SQLException {
    db = StarSchemaDatabase.jdbcUrl();
    dq = TestDatabase.freshDatabase();
    try (Connection connection = TestDatabase.connect(dq);
        Statement statement = connection.createStatement()) {
      WarehouseSchema.apply(PostgresDataSource.of(dq, EmbeddedDatabase.USER), connection);
      String run = "insert into etl_run (started_at, finished_at, status, runner, inputs,"
          + " reference_checksum, software_version, options, rows_read, rows_new,"
          + " rows_already_loaded, rows_duplicate, rows_rejected) values ";
      String rejected = "insert into dq_rejected_rows values ";
      String issues = "insert into dq_issue_counts values ";
      // Run 1, succeeded: two malformed rows, Austria unmapped.
      statement.execute(run + "('2025-03-01 10:00+01', '2025-03-01 10:01+01', 'succeeded',"
          + " 'DirectRunner', '{a.csv}', 'c', 'v', '{}', 4, 2, 0, 0, 2)");
      statement.execute(rejected + "(1, 'a.csv', 3, 'x', 'x', '{MALFORMED_RECORD}'),"
          + " (1, 'a.csv', 4, 'y', 'y', '{MALFORMED_RECORD}')");
      statement.execute(issues + "(1, 'region', 'UNMAPPED_VALUE', 1, '{Austria}')");
      // Run 2, succeeded: line 2 has two reasons, line 5 one; two fields unmapped.
      statement.execute(run + "('2025-03-02 10:00+01', '2025-03-02 10:05+01', 'succeeded',"
          + " 'FlinkRunner', '{a.csv,b.csv}', 'c', 'v', '{}', 5, 1, 1, 1, 2)");
      statement.execute(rejected + "(2, 'b.csv', 2, 'p', 'p', '{MISSING_USER_ID,INVALID_TIMESTAMP}'),"
          + " (2, 'b.csv', 5, 'q', 'q', '{INVALID_TIMESTAMP}')");
      statement.execute(issues + "(2, 'vehicle_model', 'UNMAPPED_VALUE', 2, '{Tesla Model 3,tesla-3}'),"
          + " (2, 'region', 'UNMAPPED_VALUE', 1, '{Austria}'),"
          + " (2, 'user_id', 'MISSING_USER_ID', 1, '{\"\"}')");
      // Run 3 failed: the published tables are still run 2's, and so is the data quality shown.
      statement.execute(run + "('2025-03-03 10:00+01', '2025-03-03 10:01+01', 'failed',"
          + " 'DirectRunner', '{c.csv}', 'c', 'v', '{}', null, null, null, null, null)");
      statement.execute(rejected + "(3, 'c.csv', 2, 'z', 'z', '{MALFORMED_RECORD}')");
      statement.execute(issues + "(3, 'feature_name', 'UNMAPPED_VALUE', 1, '{Parking}')");
    }
  }

  @Test
  void dateViewAddsSlicerColumnsToEveryDay() {
    // 01-31 is a Friday of ISO week 5 (Monday 01-27); 02-01 a Saturday in February, still week 5;
    // 02-03 the Monday of week 6.
    assertEquals(
        List.of(
            row("20250131", "2025-01-31", "2025", "1", "1", "January", "202501", "January 2025",
                "2025-01-01", "2025", "5", "202505", "2025-W05", "2025-01-27", "5", "Friday", "f"),
            row("20250201", "2025-02-01", "2025", "1", "2", "February", "202502", "February 2025",
                "2025-02-01", "2025", "5", "202505", "2025-W05", "2025-01-27", "6", "Saturday", "t"),
            row("20250203", "2025-02-03", "2025", "1", "2", "February", "202502", "February 2025",
                "2025-02-01", "2025", "6", "202506", "2025-W06", "2025-02-03", "1", "Monday", "f")),
        rows(db, "select * from bi.dim_date where calendar_date in"
            + " ('2025-01-31', '2025-02-01', '2025-02-03') order by date_key"));
  }

  @Test
  void dateViewIsAValidPowerBiDateTable() {
    // Unique, non-NULL, gap-free days: 10 from 01-27 to 02-05, 01-29 and 02-02 without events.
    assertEquals(List.of(row("10", "10", "0", "2025-01-27", "2025-02-05", "10")),
        rows(db, "select count(*), count(distinct calendar_date), count(*) - count(calendar_date),"
            + " min(calendar_date), max(calendar_date), max(calendar_date) - min(calendar_date) + 1"
            + " from bi.dim_date"));
    // Every date any view refers to is in it.
    for (String reference : List.of("bi.fact_usage.date_key", "bi.daily_usage.date_key",
        "bi.daily_kpi.date_key", "bi.app_version_stability.first_seen_date_key")) {
      String table = reference.substring(0, reference.lastIndexOf('.'));
      String column = reference.substring(reference.lastIndexOf('.') + 1);
      assertEquals(List.of(row("0")), rows(db, "select count(*) from " + table + " x where not"
          + " exists (select 1 from bi.dim_date d where d.date_key = x." + column + ")"), reference);
    }
  }

  @Test
  void dimensionViewsRenameThePublishedMembersAndKeepTheirKeys() {
    assertEquals(List.of(row("France"), row("Germany"), row("Italy"), row("Spain"), row("UK"),
        row("Unknown")), rows(db, "select region from bi.dim_region order by region"));
    assertEquals(List.of(row("Android"), row("iOS")),
        rows(db, "select os_type from bi.dim_platform order by os_type"));
    assertEquals(List.of(row("Audi e-tron"), row("Porsche Taycan"), row("VW Golf"),
        row("VW ID.4"), row("Škoda Enyaq")),
        rows(db, "select vehicle_model from bi.dim_vehicle order by vehicle_model"));
    assertEquals(List.of(row("Charging Status"), row("Climate Control"), row("Lock/Unlock"),
        row("Navigation"), row("Remote Start"), row("Trip History"), row("Voice Assistant")),
        rows(db, "select feature_name from bi.dim_feature order by feature_name"));
    assertEquals(List.of(row("Unknown", null, null, "2025-02-04"), row("v5.9", "5", "9", "2025-01-27"),
        row("v5.10", "5", "10", "2025-01-27"), row("v6.0", "6", "0", "2025-01-28")),
        rows(db, "select app_version, major, minor, first_seen_date from bi.dim_app_version"
            + " order by sort_order"));
    // Current attributes, instants as UTC timestamps without a zone (U1 moved UK → Germany).
    assertEquals(
        List.of(
            row("U1", "Germany", "active", "VW ID.4", "Android", "2025-01-27 08:00:00", "2025-02-04 08:30:00"),
            row("U2", "Germany", "active", "VW Golf", "Android", "2025-01-27 09:00:00", "2025-02-05 09:00:00"),
            row("U3", "France", "active", "Škoda Enyaq", "iOS", "2025-01-27 20:00:00", "2025-02-05 20:00:00"),
            row("U4", "Spain", "active", "Porsche Taycan", "iOS", "2025-01-30 21:00:00", "2025-02-04 07:00:00"),
            row("U5", "Italy", "active", "Audi e-tron", "Android", "2025-01-28 18:00:00", "2025-02-04 19:00:00")),
        rows(db, "select user_id, current_region, current_subscription_status,"
            + " current_vehicle_model, current_os_type, first_seen_at, last_seen_at"
            + " from bi.dim_user order by user_id"));
    // The keys are the published ones, one per member (the "one" side of every relationship).
    for (List<String> dim : List.of(
        List.of("bi.dim_region", "region_key", "region", "dim_region", "region_sk", "region"),
        List.of("bi.dim_platform", "platform_key", "os_type", "dim_platform", "platform_sk", "os_type"),
        List.of("bi.dim_vehicle", "vehicle_key", "vehicle_model", "dim_vehicle", "vehicle_sk", "vehicle_model"),
        List.of("bi.dim_feature", "feature_key", "feature_name", "dim_feature", "feature_sk", "feature_name"),
        List.of("bi.dim_app_version", "app_version_key", "app_version", "dim_app_version",
            "app_version_sk", "app_version"),
        List.of("bi.dim_user", "user_key", "user_id", "dim_user", "user_sk", "user_id"),
        List.of("bi.dim_date", "date_key", "calendar_date", "dim_date", "date_sk", "calendar_date"))) {
      assertEquals(List.of(row("0", "t")), rows(db, "select (select count(*) from (select "
          + dim.get(1) + ", " + dim.get(2) + " from " + dim.get(0) + " except select " + dim.get(4)
          + ", " + dim.get(5) + " from " + dim.get(3) + ") missing), (select count(distinct "
          + dim.get(1) + ") = count(*) from " + dim.get(0) + ")"), dim.get(0));
    }
  }

  @Test
  void factViewHasEveryEventWithItsAdditiveColumns() {
    // Per user: events, session sum and count, errors and known flags, first and last instant.
    //   U1 A1 A4 A7 A13 A17 A18: 10+5+15+12+9+6 = 57 over 6; errors A13 A17 of 5 known (A18 -).
    //   U2 A2 A9 A10 A14 A20 A21: 20+30+2+25+6+4 = 87 over 6; errors A14 A21 of 6.
    //   U3 A3 A6 A22: 7+11+13 = 31 over 3; error A3 of 3.
    //   U4 A8 A12 A15 A16: 1+2+3 = 6 over 3 (A12 -); error A15 of 3 (A12 -).
    //   U5 A5 A11 A19: 8+3 = 11 over 2 (A5 -); no error of 2 (A19 -).
    assertEquals(
        List.of(
            row("U1", "6", "57.000000", "6", "2", "5", "2025-01-27 08:00:00", "2025-02-04 08:30:00"),
            row("U2", "6", "87.000000", "6", "2", "6", "2025-01-27 09:00:00", "2025-02-05 09:00:00"),
            row("U3", "3", "31.000000", "3", "1", "3", "2025-01-27 20:00:00", "2025-02-05 20:00:00"),
            row("U4", "4", "6.000000", "3", "1", "3", "2025-01-30 21:00:00", "2025-02-04 07:00:00"),
            row("U5", "3", "11.000000", "2", "0", "2", "2025-01-28 18:00:00", "2025-02-04 19:00:00")),
        rows(db, "select u.user_id, count(*), sum(f.session_minutes), count(f.session_minutes),"
            + " sum(f.error_flag), count(f.error_flag), min(f.used_at), max(f.used_at)"
            + " from bi.fact_usage f join bi.dim_user u using (user_key)"
            + " group by u.user_id order by u.user_id"));
    // A12 (U4, Voice Assistant, v6.0, Spain) has neither duration nor flag; its rating is 4.
    assertEquals(List.of(row("Spain", "iOS", "v6.0", "2025-02-01", null, null, "4.000000", "active")),
        rows(db, "select r.region, p.os_type, a.app_version, d.calendar_date, f.session_minutes,"
            + " f.error_flag, f.feedback_rating, f.subscription_status from bi.fact_usage f"
            + " join bi.dim_region r using (region_key) join bi.dim_platform p using (platform_key)"
            + " join bi.dim_app_version a using (app_version_key) join bi.dim_date d using (date_key)"
            + " join bi.dim_feature ft using (feature_key) where ft.feature_name = 'Voice Assistant'"));
  }

  @Test
  void aggregateViewsProjectTheContractsMetrics() {
    // 20 daily_usage cells hold the 22 events: 192 session minutes over 20 known durations,
    // 6 errors of 19 known flags (the per-user sums of the fact test).
    assertEquals(List.of(row("20", "22", "192.000000", "20", "6", "19")),
        rows(db, "select count(*), sum(events), sum(session_minutes_sum), sum(session_count),"
            + " sum(error_events), sum(known_flag_events) from bi.daily_usage"));
    // 02-03 Germany Navigation v5.10 Android: A13 (U1) + A14 (U2).
    assertEquals(
        List.of(row("2025-02-03", "Germany", "Navigation", "v5.10", "Android", "2", "2", "2", "2",
            "100.00", "18.500000", "37.000000", "2", "3.000000", "2")),
        rows(db, "select usage_date, region, feature_name, app_version, os_type, events, dau,"
            + " error_events, known_flag_events, error_rate_pct, avg_session, session_minutes_sum,"
            + " session_count, rating_sum, rating_count from bi.daily_usage"
            + " where usage_date = '2025-02-03' and region = 'Germany'"));
    // daily_kpi, StarSchemaTest's values at 6 decimals: 01-27 (37/3, 3/1), 01-31 (one user, two
    // events: 32/2, 9/5, stickiness 1/5), 02-02 (no events), 02-05 (23/3, 13/7 = 1.857142…).
    assertEquals(
        List.of(
            row("2025-01-27", "3", "3", "1", "33.33", "12.333333", "3.000000", "3", "3", "1.000000"),
            row("2025-01-31", "2", "1", "0", "0.00", "16.000000", "1.800000", "5", "5", "0.200000"),
            row("2025-02-02", "0", "0", "0", null, null, "1.571429", "5", "5", "0.000000"),
            row("2025-02-05", "3", "2", "1", "33.33", "7.666667", "1.857143", "5", "5", "0.400000")),
        rows(db, "select kpi_date, events, dau, error_events, error_rate_pct, avg_session,"
            + " dau_7d_avg, wau, mau, stickiness from bi.daily_kpi where kpi_date in"
            + " ('2025-01-27', '2025-01-31', '2025-02-02', '2025-02-05') order by kpi_date"));
    // Android v5.10 regressed from v5.9 (0 of 7 → 4 of 6 known); z = (2/3)·√(91/6) = 2.5962936…
    // iOS v6.0 did not (50.00 → 33.33); z = (−1/6)/√(1/5) = −0.3726779…
    assertEquals(
        List.of(
            row("Android v5.9", "1", "7", "3", "0.00", null, null, null, "f"),
            row("Android v5.10", "2", "8", "3", "66.67", "v5.9", "66.67", "2.596294", "t"),
            row("iOS v5.10", "3", "2", "2", "50.00", null, null, null, "f"),
            row("iOS v6.0", "4", "4", "2", "33.33", "v5.10", "-16.67", "-0.372678", "f")),
        rows(db, "select version_label, version_order, events, users, error_rate_pct,"
            + " prev_app_version, diff_pp, z_score, is_regression from bi.app_version_stability"
            + " order by version_order"));
  }

  @Test
  void dauIsADistinctCountAtEveryGrainNeverASumOfDailyDaus() {
    // The DAU measure, DISTINCTCOUNT(user_key) over the fact within a slice, in SQL.
    String measure = "select count(distinct f.user_key) from bi.fact_usage f"
        + " join bi.dim_date d using (date_key) where ";
    // The seed's mistake: the sum of the daily DAUs of the slice.
    String sumOfDaily = "select sum(dau) from bi.daily_kpi k join bi.dim_date d using (date_key) where ";

    // A day, 01-31: only U2, who used two features (two daily_usage cells of dau 1).
    assertEquals(List.of(row("1")), rows(db, measure + "d.calendar_date = '2025-01-31'"));
    assertEquals(List.of(row("2")), rows(db, "select sum(dau) from bi.daily_usage"
        + " where usage_date = '2025-01-31'"));
    // ISO week 5 (01-27..02-02): U1..U5 all → 5; daily DAUs 3+3+0+2+1+2+0 = 11.
    assertEquals(List.of(row("5")), rows(db, measure + "d.iso_week_label = '2025-W05'"));
    assertEquals(List.of(row("11")), rows(db, sumOfDaily + "d.iso_week_label = '2025-W05'"));
    // ISO week 6 (02-03..02-05): U1 U2 U4, U1 U4 U5, U2 U3 → 5; daily 3+3+2 = 8.
    assertEquals(List.of(row("5")), rows(db, measure + "d.iso_week_label = '2025-W06'"));
    assertEquals(List.of(row("8")), rows(db, sumOfDaily + "d.iso_week_label = '2025-W06'"));
    // A month slice, January (01-27..01-31): U1 U2 U3 U4 U5 → 5 (U4 from 01-30, U5 from 01-28).
    assertEquals(List.of(row("5")), rows(db, measure + "d.month_label = 'January 2025'"));
    // The whole period: 5 users; the daily DAUs sum to 3+3+0+2+1+2+0+3+3+2 = 19.
    assertEquals(List.of(row("5")), rows(db, measure + "true"));
    assertEquals(List.of(row("19")), rows(db, sumOfDaily + "true"));

    // Per feature over the period: distinct users, and the sum of daily_usage's cell DAUs.
    //   Navigation: U1 U2 → 2; cells 1 (01-27 DE) 1 (01-27 UK) 1 1 2 1 1 → 8.
    //   Lock/Unlock: U4 → 1; cells 01-30, 02-03, 02-04 → 3. Trip History: U3 → 1; 3 cells.
    //   Charging Status: U5 → 1; 2 cells. Climate Control: U1 (A4), U2 (A21) → 2; 2 cells.
    //   Remote Start: U2 (A10), U5 (A19) → 2; 2 cells. Voice Assistant: U4 → 1; 1 cell.
    assertEquals(
        List.of(row("Charging Status", "1", "2"), row("Climate Control", "2", "2"),
            row("Lock/Unlock", "1", "3"), row("Navigation", "2", "8"), row("Remote Start", "2", "2"),
            row("Trip History", "1", "3"), row("Voice Assistant", "1", "1")),
        rows(db, "select ft.feature_name, (select count(distinct f.user_key) from bi.fact_usage f"
            + " where f.feature_key = ft.feature_key), (select sum(dau) from bi.daily_usage u"
            + " where u.feature_key = ft.feature_key) from bi.dim_feature ft order by 1"));
    // Per event-time region: U1 counts in UK (January) and Germany (February), U3 in France and
    // Unknown (A22): the regions' DAUs add up to 7 for 5 users, as they should.
    //   Germany: U1 U2 → 2; cells 1 1 1 2 1 1 1 → 8. UK: U1; 3 cells. France: U3; 2 cells.
    //   Spain: U4; 4 cells. Italy: U5; 3 cells. Unknown: U3; 1 cell.
    assertEquals(
        List.of(row("France", "1", "2"), row("Germany", "2", "8"), row("Italy", "1", "3"),
            row("Spain", "1", "4"), row("UK", "1", "3"), row("Unknown", "1", "1")),
        rows(db, "select r.region, (select count(distinct f.user_key) from bi.fact_usage f"
            + " where f.region_key = r.region_key), (select sum(dau) from bi.daily_usage u"
            + " where u.region_key = r.region_key) from bi.dim_region r order by 1"));
  }

  @Test
  void rollingMeasuresOverTheDateTableMatchTheContractsDailyKpis() {
    // "DAU 7-day average": per day d, the mean over the date-table days in (d-7, d] of that day's
    // distinct users, days without events counting 0; "7-day Active Users": distinct users over
    // the same days. Hand values (StarSchemaTest): averages 3/1 6/2 6/3 8/4 9/5 11/6 11/7 11/7
    // 11/7 13/7; active users 3 4 4 5 5 5 5 5 4 5.
    String window = "from bi.dim_date w where w.calendar_date > d.calendar_date - 7"
        + " and w.calendar_date <= d.calendar_date";
    assertEquals(
        List.of(
            row("2025-01-27", "3.000000", "3"), row("2025-01-28", "3.000000", "4"),
            row("2025-01-29", "2.000000", "4"), row("2025-01-30", "2.000000", "5"),
            row("2025-01-31", "1.800000", "5"), row("2025-02-01", "1.833333", "5"),
            row("2025-02-02", "1.571429", "5"), row("2025-02-03", "1.571429", "5"),
            row("2025-02-04", "1.571429", "4"), row("2025-02-05", "1.857143", "5")),
        rows(db, "select d.calendar_date,"
            + " round((select avg((select count(distinct f.user_key) from bi.fact_usage f"
            + "   where f.date_key = w.date_key)) " + window + "), 6),"
            + " (select count(distinct f.user_key) from bi.fact_usage f where f.date_key in"
            + "   (select w.date_key " + window + "))"
            + " from bi.dim_date d order by d.calendar_date"));
    // The same as bi.daily_kpi's dau_7d_avg and wau, day by day.
    assertEquals(List.of(row("0")), rows(db, "select count(*) from bi.daily_kpi k"
        + " join bi.dim_date d using (date_key) where k.dau_7d_avg <> round((select avg("
        + "(select count(distinct f.user_key) from bi.fact_usage f where f.date_key = w.date_key))"
        + " " + window + "), 6) or k.wau <> (select count(distinct f.user_key) from bi.fact_usage f"
        + " where f.date_key in (select w.date_key " + window + "))"));
  }

  @Test
  void averageSessionAndErrorRateAreWeightedNeverMeansOfMeans() {
    // Average Session = sum of known minutes / count of known: 192 / 20 = 9.6. The mean of the
    // 8 daily means (37/3, 8, 8, 16, 8, 13, 5.25, 23/3; 78.25 in all) is 9.78125.
    String weighted = "select round(sum(session_minutes) / count(session_minutes), 6)"
        + " from bi.fact_usage f join bi.dim_feature ft using (feature_key) where ";
    assertEquals(List.of(row("9.600000")), rows(db, weighted + "true"));
    assertEquals(List.of(row("9.600000")), rows(db, "select round(sum(session_minutes_sum)"
        + " / sum(session_count), 6) from bi.daily_usage"));
    assertEquals(List.of(row("9.781250")),
        rows(db, "select round(avg(avg_session), 6) from bi.daily_kpi"));
    // Navigation: 10+20+15+30+12+25+9+6+6 = 133 over 9 = 14.777…; its 7 daily cells' means
    // (20, 10, 15, 30, 18.5, 7.5, 6) average 107 / 7 = 15.285714.
    assertEquals(List.of(row("14.777778")), rows(db, weighted + "ft.feature_name = 'Navigation'"));
    assertEquals(List.of(row("15.285714")), rows(db, "select round(avg(avg_session), 6)"
        + " from bi.daily_usage where feature_name = 'Navigation'"));
    // Error Rate % = errors / known flags: 6 / 19 = 31.578947…%; not 6 / 22 events (27.27), and
    // not the mean of the daily rates (33.33 0 0 0 0 100 50 33.33 over 8 days = 27.08).
    assertEquals(List.of(row("31.58", "27.27", "27.08")), rows(db,
        "select round(100.0 * sum(error_flag) / count(error_flag), 2),"
            + " round(100.0 * sum(error_flag) / count(*), 2),"
            + " (select round(avg(error_rate_pct), 2) from bi.daily_kpi) from bi.fact_usage"));
  }

  @Test
  void featureShareAndRegressionMeasures() {
    // Feature Usage Share % = events of the feature / events of all features: 9, 3, 3, 2, 2, 2, 1
    // of 22 (Navigation A1 A2 A7 A9 A13 A14 A17 A18 A20; Lock/Unlock A8 A15 A16; Trip History
    // A3 A6 A22; Charging A5 A11; Climate A4 A21; Remote Start A10 A19; Voice A12).
    assertEquals(
        List.of(row("Navigation", "40.91"), row("Lock/Unlock", "13.64"), row("Trip History", "13.64"),
            row("Charging Status", "9.09"), row("Climate Control", "9.09"), row("Remote Start", "9.09"),
            row("Voice Assistant", "4.55")),
        rows(db, "select ft.feature_name, round(100.0 * count(*) / (select count(*) from"
            + " bi.fact_usage), 2) from bi.fact_usage f join bi.dim_feature ft using (feature_key)"
            + " group by ft.feature_name order by count(*) desc, ft.feature_name"));
    // Regressed Versions: one (Android v5.10); on iOS none.
    assertEquals(List.of(row("Android", "1"), row("iOS", "0")), rows(db,
        "select p.os_type, count(*) filter (where s.is_regression) from bi.app_version_stability s"
            + " join bi.dim_platform p using (platform_key) group by p.os_type order by 1"));
  }

  @Test
  void dataQualityViewsShowTheLastSucceededRun() {
    // Run 2: its accounting, instants in UTC (10:00+01 is 09:00Z), inputs as one text.
    assertEquals(List.of(row("2", "2025-03-02 09:00:00", "2025-03-02 09:05:00", "FlinkRunner",
        "a.csv, b.csv", "5", "1", "1", "1", "2")), rows(dq, "select * from bi.data_quality_run"));
    // Its 2 rejected rows by reason: INVALID_TIMESTAMP on both, MISSING_USER_ID on line 2 (3 in
    // all: a row counts under each of its reasons). Run 1's and run 3's MALFORMED_RECORD are not.
    assertEquals(List.of(row("2", "INVALID_TIMESTAMP", "2"), row("2", "MISSING_USER_ID", "1")),
        rows(dq, "select * from bi.data_quality_rejects order by reason"));
    // Its UNMAPPED_VALUE counts only (not MISSING_USER_ID), samples joined in order.
    assertEquals(List.of(row("2", "region", "1", "Austria"),
        row("2", "vehicle_model", "2", "Tesla Model 3 | tesla-3")),
        rows(dq, "select * from bi.data_quality_unmapped order by field"));
    // After a real run of the fixture: one rejected row (line 11), nothing unmapped.
    assertEquals(List.of(row("INVALID_TIMESTAMP", "1")),
        rows(db, "select reason, rejected_rows from bi.data_quality_rejects"));
    assertEquals(List.of(), rows(db, "select * from bi.data_quality_unmapped"));
    assertEquals(List.of(row("24", "22", "0", "1", "1")), rows(db, "select rows_read, rows_new,"
        + " rows_already_loaded, rows_duplicate, rows_rejected from bi.data_quality_run"));
  }

  @Test
  void everyViewAndColumnHasAComment() {
    List<List<String>> views = rows(db, "select c.relname, obj_description(c.oid, 'pg_class')"
        + " from pg_class c where c.relnamespace = 'bi'::regnamespace order by 1");
    assertEquals(19, views.size(), views.toString());
    for (List<String> view : views) {
      assertTrue(view.get(1) != null && !view.get(1).isBlank(), "no comment on bi." + view.get(0));
    }
    List<List<String>> uncommented = rows(db, "select c.relname, a.attname from pg_class c"
        + " join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped"
        + " where c.relnamespace = 'bi'::regnamespace"
        + " and coalesce(col_description(c.oid, a.attnum), '') = ''");
    assertEquals(List.of(), uncommented);
    assertTrue(Integer.parseInt(rows(db, "select count(*) from information_schema.columns"
        + " where table_schema = 'bi'").get(0).get(0)) > 100);
  }

  @Test
  void columnTypesArePowerBiSafe() throws SQLException {
    List<List<String>> columns = rows(db, "select table_name, column_name, data_type,"
        + " numeric_precision, numeric_scale from information_schema.columns"
        + " where table_schema = 'bi' order by table_name, ordinal_position");
    for (List<String> column : columns) {
      String where = column.get(0) + "." + column.get(1) + " " + column.get(2);
      assertTrue(SAFE_TYPES.contains(column.get(2)), where);
      if (column.get(2).equals("numeric")) {
        assertNotEquals(null, column.get(3), where + " has no precision");
        assertNotEquals(null, column.get(4), where + " has no scale");
      }
      if (column.get(1).endsWith("_key")) {
        assertTrue(Set.of("integer", "bigint").contains(column.get(2)), where);
      }
      if (Set.of("integer", "bigint").contains(column.get(2))) {
        assertEquals(List.of(row("t")), rows(db, "select coalesce(max(abs(" + column.get(1)
            + "::numeric)), 0) < " + TWO_TO_53 + " from bi." + column.get(0)), where);
      }
    }
    // Instants are timestamps without a zone that hold UTC, whatever the reader's zone is.
    try (Connection connection = TestDatabase.connect(db);
        Statement statement = connection.createStatement()) {
      statement.execute("set time zone 'America/New_York'");
      try (ResultSet rs = statement.executeQuery("select min(used_at)::text from bi.fact_usage")) {
        rs.next();
        assertEquals("2025-01-27 08:00:00", rs.getString(1));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static List<List<String>> rows(String jdbcUrl, String sql) {
    return TestDatabase.rows(jdbcUrl, sql);
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }
}
