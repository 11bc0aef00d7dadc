package com.usageintel.pipeline;

import static com.usageintel.pipeline.TestRuns.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The star schema and its aggregates (contract sections 4, 5 and 7) on one small hand-made file,
 * checked cell by cell against values worked out by hand in the comments.
 *
 * <p>The fixture: five users, 2025-01-27 (Mon, ISO week 5) to 2025-02-05 (Wed, ISO week 6), across
 * the January/February boundary, with no events on 01-29 and 02-02. Android v5.9 → v5.10 is a
 * regression (0 errors of 7 known flags, then 4 of 6); iOS v5.10 → v6.0 is not. In event order
 * (A1..A22 name the 22 events that are loaded; "-" is NULL):
 *
 * <pre>
 *       user region  feature          dur flag rating version os      subscription at (UTC)
 *  A1   U1   UK      Navigation        10  0    4     v5.9    Android active       01-27 08:00
 *  A2   U2   Germany Navigation        20  0    5     v5.9    Android trial        01-27 09:00
 *  A3   U3   France  Trip History       7  1    2     v5.10   iOS     active       01-27 20:00
 *  A4   U1   UK      Climate Control    5  0    -     v5.9    Android active       01-28 07:30
 *  A5   U5   Italy   Charging Status    -  0    3     v5.9    Android active       01-28 18:00
 *  A6   U3   France  Trip History      11  0    4     v6.0    iOS     active       01-28 20:00
 *  A7   U1   UK      Navigation        15  0    4     v5.9    Android active       01-30 08:00
 *  A8   U4   Spain   Lock/Unlock        1  0    5     v5.10   iOS     trial        01-30 21:00
 *  A9   U2   Germany Navigation        30  0    4     v5.9    Android trial        01-31 12:00
 *  A10  U2   Germany Remote Start       2  0    5     v5.9    Android trial        01-31 12:30
 *  A11  U5   Italy   Charging Status    8  0    -     v5.10   Android active       02-01 11:00
 *  A12  U4   Spain   Voice Assistant    -  -    4     v6.0    iOS     active       02-01 22:00
 *  A13  U1   Germany Navigation        12  1    2     v5.10   Android active       02-03 08:00
 *  A14  U2   Germany Navigation        25  1    1     v5.10   Android active       02-03 10:00
 *  A15  U4   Spain   Lock/Unlock        2  1    -     v6.0    iOS     active       02-03 21:00
 *  A16  U4   Spain   Lock/Unlock        3  0    5     Unknown iOS     active       02-04 07:00
 *  A17  U1   Germany Navigation         9  1    3     v5.10   Android active       02-04 08:00
 *  A18  U1   Germany Navigation         6  -    4     v5.10   Android active       02-04 08:30
 *  A19  U5   Italy   Remote Start       3  -    4     v5.10   Android active       02-04 19:00
 *  A20  U2   Germany Navigation         6  0    5     v5.10   Android cancelled    02-05 09:00
 *  A21  U2   Germany Climate Control    4  1    4     v5.10   Android active       02-05 09:00
 *  A22  U3   Unknown Trip History      13  0    3     v6.0    iOS     active       02-05 20:00
 * </pre>
 *
 * A7 is a duplicate pair in the file; U1 moves from UK to Germany before A13; A20 and A21 are one
 * user at one instant; U3's latest event (A22) has no region. Days each user is active:
 * U1 01-27 01-28 01-30 02-03 02-04; U2 01-27 01-31 02-03 02-05; U3 01-27 01-28 02-05;
 * U4 01-30 02-01 02-03 02-04; U5 01-28 02-01 02-04.
 */
class StarSchemaTest {
  static final String HEADER = LoadRunTest.HEADER;

  /** Lines are numbered as the contract counts them: the header is line 1. */
  static final String FIXTURE =
      String.join(
          "\n",
          HEADER,
          /* 2 A1 */ "U1,UK,VW ID.4,Navigation,10,0,4,5.9,Android,active,2025-01-27 08:00:00",
          /* 3 A2 */ "U2,de,VW Golf,nav,20,0,5,v5.9,android,trial,2025-01-27T09:00:00Z",
          /* 4 A3 */ "U3,fr,SkodaEnyaq,Trip History,7,1,2,5.10,iOS,active,2025-01-27 20:00:00",
          /* 5 A4: rating missing */
          "U1,UK,VW ID.4,remote climate,5,0,,5.9,Android,active,2025-01-28 07:30:00",
          /* 6 A5: duration missing */
          "U5,Italia,Audi e-tron,charging,,0,3,5.9,Android,active,2025-01-28 18:00:00",
          /* 7 A6 */ "U3,France,Škoda Enyaq,Trip History,11,0,4,6,iOS,active,2025-01-28 20:00:00",
          // 8-9 A7, one event in two spellings. Line 8 has all 8 scored fields usable, line 9 lacks
          // the rating (7 usable): line 8 survives on the score, although line 9's raw text sorts
          // first ('U' < 'u'). The loaded rating (4, not NULL) shows which one won.
          /* 8 A7 */ "u1,uk,VW-ID4,nav,15,0,4,5_9,a n d r o i d,active,2025-01-30 08:00:00",
          /* 9 A7 */ "U1,UK,VW ID.4,Navigation,15,0,,v5.9,Android,active,2025-01-30T08:00:00Z",
          /* 10 A8 */ "U4,es,Porsche Taycan,Lock/Unlock,1,0,5,5.10,iOS,trial,2025-01-30 21:00:00",
          /* 11 rejected: INVALID_TIMESTAMP */
          "U3,France,Škoda Enyaq,Trip History,5,0,4,6.0,iOS,active,not a time",
          /* 12 A9 */ "U2,Germany,VW Golf,Navigation,30,0,4,5.9,Android,trial,2025-01-31 12:00:00",
          /* 13 A10 */ "U2,Germany,VW Golf,Remote Start,2,0,5,5.9,Android,trial,2025-01-31 12:30:00",
          /* 14 A11 */ "U5,Italy,Audi e-tron,Charging Status,8,0,n/a,5.10,Android,active,2025-02-01 11:00:00",
          /* 15 A12: duration and error flag missing */
          "U4,Spain,Porsche Taycan,voice,,,4,6.0,iOS,active,2025-02-01 22:00:00",
          /* 16 A13 */ "U1,Germany,VW ID.4,Navigation,12,1,2,5.10,Android,active,2025-02-03 08:00:00",
          /* 17 A14 */ "U2,Germany,VW Golf,Navigation,25,1,1,5.10,Android,active,2025-02-03 10:00:00",
          /* 18 A15 */ "U4,Spain,Porsche Taycan,Lock/Unlock,2,1,,6.0,iOS,active,2025-02-03 21:00:00",
          /* 19 A16: no digit in the version → Unknown */
          "U4,Spain,Porsche Taycan,Lock/Unlock,3,0,5,beta,iOS,active,2025-02-04 07:00:00",
          /* 20 A17 */ "U1,Germany,VW ID.4,Navigation,9,1,3,5.10,Android,active,2025-02-04 08:00:00",
          /* 21 A18: error flag missing */
          "U1,Germany,VW ID.4,Navigation,6,,4,5.10,Android,active,2025-02-04 08:30:00",
          /* 22 A19: error flag missing */
          "U5,Italy,Audi e-tron,Remote Start,3,,4,5.10,Android,active,2025-02-04 19:00:00",
          // 23-24 A20, A21: U2 at one instant with two features. The current subscription is the
          // one of the event whose identity sorts first: "Climate Control" < "Navigation", so
          // A21's 'active', although A20 comes first in the file.
          /* 23 A20 */ "U2,Germany,VW Golf,Navigation,6,0,5,5.10,Android,cancelled,2025-02-05 09:00:00",
          /* 24 A21 */ "U2,Germany,VW Golf,Climate Control,4,1,4,5.10,Android,active,2025-02-05 09:00:00",
          /* 25 A22: U3's latest event has no region */
          "U3,n/a,Škoda Enyaq,Trip History,13,0,3,6.0,iOS,active,2025-02-05 20:00:00")
          + "\n";

  /** 2^53: Power BI reads keys as doubles, exact below this. */
  private static final long TWO_TO_53 = 1L << 53;

  @TempDir static Path dir;

  /** The fixture loaded once; every test but the key-stability one only reads it. */
  private static String db;

  private static RunSummary summary;

  @BeforeAll
  static void loadFixture() throws IOException {
    db = TestDatabase.freshDatabase();
    summary = load(db, write("fixture.csv", FIXTURE));
  }

  @Test
  void theRunAccountsForEveryRow() {
    // 24 data rows = 22 new events + 1 duplicate (line 9) + 1 rejected (line 11).
    assertEquals(new RunSummary(summary.runId(), "succeeded", 24, 22, 0, 1, 1), summary);
    assertEquals(
        List.of(row("succeeded", "DirectRunner", "{" + dir.resolve("fixture.csv") + "}",
            "24", "22", "0", "1", "1", "t", "t", "UTC", "240.0", null)),
        rows(db, "select status, runner, inputs::text, rows_read, rows_new, rows_already_loaded,"
            + " rows_duplicate, rows_rejected, finished_at >= started_at,"
            + " reference_checksum <> '' and software_version <> '',"
            + " options ->> 'reportingTimeZone', options ->> 'durationCapMinutes', error_message"
            + " from etl_run"));
    assertEquals(List.of(row("11", "{INVALID_TIMESTAMP}")),
        rows(db, "select line_number, reasons::text from dq_rejected_rows"));
    // The duplicate pair's survivor is line 8 (more usable fields), raw text and all.
    assertEquals(
        List.of(row("u1,uk,VW-ID4,nav,15,0,4,5_9,a n d r o i d,active,2025-01-30 08:00:00", "4")),
        rows(db, "select raw_record, feedback_rating from stg_feature_usage"
            + " where user_id = 'U1' and feature_used_at = '2025-01-30 08:00:00+00'"));
  }

  @Test
  void dimDateHasEveryDayFromTheFirstToTheLastEventDay() {
    // 10 days, gap-free: the days without events (01-29, 02-02) are there too. 2025-01-27 is a
    // Monday; ISO week 1 of 2025 starts on Monday 2024-12-30, so 01-27 starts week 5 (+28 days)
    // and 02-03 starts week 6. The month changes on a Saturday, inside ISO week 5.
    assertEquals(
        List.of(
            row("20250127", "2025-01-27", "2025", "1", "1", "January", "2025", "5", "1", "Monday", "f"),
            row("20250128", "2025-01-28", "2025", "1", "1", "January", "2025", "5", "2", "Tuesday", "f"),
            row("20250129", "2025-01-29", "2025", "1", "1", "January", "2025", "5", "3", "Wednesday", "f"),
            row("20250130", "2025-01-30", "2025", "1", "1", "January", "2025", "5", "4", "Thursday", "f"),
            row("20250131", "2025-01-31", "2025", "1", "1", "January", "2025", "5", "5", "Friday", "f"),
            row("20250201", "2025-02-01", "2025", "1", "2", "February", "2025", "5", "6", "Saturday", "t"),
            row("20250202", "2025-02-02", "2025", "1", "2", "February", "2025", "5", "7", "Sunday", "t"),
            row("20250203", "2025-02-03", "2025", "1", "2", "February", "2025", "6", "1", "Monday", "f"),
            row("20250204", "2025-02-04", "2025", "1", "2", "February", "2025", "6", "2", "Tuesday", "f"),
            row("20250205", "2025-02-05", "2025", "1", "2", "February", "2025", "6", "3", "Wednesday", "f")),
        natural("dim_date"));
  }

  @Test
  void simpleDimensionsHoldTheMembersOfTheLoadedEvents() {
    // Spellings mapped by the reference data (de, fr, es, Italia, SkodaEnyaq, VW-ID4, nav,
    // remote climate, charging, voice, a n d r o i d); A22's n/a is the member Unknown.
    // The rejected line 11 adds nothing. Sorted as the database sorts (collation C).
    assertEquals(
        List.of(row("France"), row("Germany"), row("Italy"), row("Spain"), row("UK"), row("Unknown")),
        natural("dim_region"));
    assertEquals(List.of(row("Android"), row("iOS")), natural("dim_platform"));
    assertEquals(
        List.of(row("Audi e-tron"), row("Porsche Taycan"), row("VW Golf"), row("VW ID.4"),
            row("Škoda Enyaq")),
        natural("dim_vehicle"));
    assertEquals(
        List.of(row("Charging Status"), row("Climate Control"), row("Lock/Unlock"),
            row("Navigation"), row("Remote Start"), row("Trip History"), row("Voice Assistant")),
        natural("dim_feature"));
  }

  @Test
  void dimAppVersionOrdersVersionsByNumber() {
    // sort_order: Unknown 0, then 1, 2, 3 by (major, minor). First day seen over both OSes:
    // v5.10 on 01-27 (A3, iOS; Android's first v5.10 is only 02-01), v5.9 on 01-27 (A1),
    // v6.0 on 01-28 (A6, written "6"), Unknown on 02-04 (A16, "beta").
    assertEquals(
        List.of(
            row("Unknown", null, null, "0", "2025-02-04"),
            row("v5.10", "5", "10", "2", "2025-01-27"),
            row("v5.9", "5", "9", "1", "2025-01-27"),
            row("v6.0", "6", "0", "3", "2025-01-28")),
        natural("dim_app_version"));
    // As text v5.10 sorts before v5.9; by sort_order it follows it.
    assertEquals(List.of(row("Unknown"), row("v5.9"), row("v5.10"), row("v6.0")),
        rows(db, "select app_version from dim_app_version order by sort_order"));
  }

  @Test
  void dimUserHoldsEachUsersLatestKnownAttributes() {
    // U1 moved from UK (A1, A4, A7) to Germany (A13, A17, A18): Germany.
    // U2's latest instant 02-05 09:00 has two events; Climate Control (A21, active) sorts before
    // Navigation (A20, cancelled): active. U2 was 'trial' before 02-03.
    // U3's latest event (A22) has region Unknown; the latest known one is France (A6, 01-28).
    // U4 was 'trial' at A8, 'active' from A12 on: active.
    assertEquals(
        List.of(
            row("U1", "Germany", "active", "VW ID.4", "Android",
                "2025-01-27 08:00:00+00", "2025-02-04 08:30:00+00"),
            row("U2", "Germany", "active", "VW Golf", "Android",
                "2025-01-27 09:00:00+00", "2025-02-05 09:00:00+00"),
            row("U3", "France", "active", "Škoda Enyaq", "iOS",
                "2025-01-27 20:00:00+00", "2025-02-05 20:00:00+00"),
            row("U4", "Spain", "active", "Porsche Taycan", "iOS",
                "2025-01-30 21:00:00+00", "2025-02-04 07:00:00+00"),
            row("U5", "Italy", "active", "Audi e-tron", "Android",
                "2025-01-28 18:00:00+00", "2025-02-04 19:00:00+00")),
        natural("dim_user"));
  }

  @Test
  void factHasOneRowPerEventWithItsEventTimeRegionAndSubscription() {
    // Columns: user, vehicle, feature, region, os, version (all through their keys), date_sk,
    // at, duration, flag, rating, and the fact's own version, os, region, subscription. U1's
    // January events are in UK although dim_user says Germany; U2's early ones are 'trial'.
    assertEquals(
        List.of(
            fact("U1", "VW ID.4", "Navigation", "UK", "Android", "v5.9", "20250127",
                "2025-01-27 08:00:00+00", "10", "0", "4", "active"), // A1
            fact("U1", "VW ID.4", "Climate Control", "UK", "Android", "v5.9", "20250128",
                "2025-01-28 07:30:00+00", "5", "0", null, "active"), // A4
            fact("U1", "VW ID.4", "Navigation", "UK", "Android", "v5.9", "20250130",
                "2025-01-30 08:00:00+00", "15", "0", "4", "active"), // A7: line 8 won
            fact("U1", "VW ID.4", "Navigation", "Germany", "Android", "v5.10", "20250203",
                "2025-02-03 08:00:00+00", "12", "1", "2", "active"), // A13
            fact("U1", "VW ID.4", "Navigation", "Germany", "Android", "v5.10", "20250204",
                "2025-02-04 08:00:00+00", "9", "1", "3", "active"), // A17
            fact("U1", "VW ID.4", "Navigation", "Germany", "Android", "v5.10", "20250204",
                "2025-02-04 08:30:00+00", "6", null, "4", "active"), // A18
            fact("U2", "VW Golf", "Navigation", "Germany", "Android", "v5.9", "20250127",
                "2025-01-27 09:00:00+00", "20", "0", "5", "trial"), // A2
            fact("U2", "VW Golf", "Navigation", "Germany", "Android", "v5.9", "20250131",
                "2025-01-31 12:00:00+00", "30", "0", "4", "trial"), // A9
            fact("U2", "VW Golf", "Remote Start", "Germany", "Android", "v5.9", "20250131",
                "2025-01-31 12:30:00+00", "2", "0", "5", "trial"), // A10
            fact("U2", "VW Golf", "Navigation", "Germany", "Android", "v5.10", "20250203",
                "2025-02-03 10:00:00+00", "25", "1", "1", "active"), // A14
            fact("U2", "VW Golf", "Climate Control", "Germany", "Android", "v5.10", "20250205",
                "2025-02-05 09:00:00+00", "4", "1", "4", "active"), // A21
            fact("U2", "VW Golf", "Navigation", "Germany", "Android", "v5.10", "20250205",
                "2025-02-05 09:00:00+00", "6", "0", "5", "cancelled"), // A20
            fact("U3", "Škoda Enyaq", "Trip History", "France", "iOS", "v5.10", "20250127",
                "2025-01-27 20:00:00+00", "7", "1", "2", "active"), // A3
            fact("U3", "Škoda Enyaq", "Trip History", "France", "iOS", "v6.0", "20250128",
                "2025-01-28 20:00:00+00", "11", "0", "4", "active"), // A6
            fact("U3", "Škoda Enyaq", "Trip History", "Unknown", "iOS", "v6.0", "20250205",
                "2025-02-05 20:00:00+00", "13", "0", "3", "active"), // A22
            fact("U4", "Porsche Taycan", "Lock/Unlock", "Spain", "iOS", "v5.10", "20250130",
                "2025-01-30 21:00:00+00", "1", "0", "5", "trial"), // A8
            fact("U4", "Porsche Taycan", "Voice Assistant", "Spain", "iOS", "v6.0", "20250201",
                "2025-02-01 22:00:00+00", null, null, "4", "active"), // A12
            fact("U4", "Porsche Taycan", "Lock/Unlock", "Spain", "iOS", "v6.0", "20250203",
                "2025-02-03 21:00:00+00", "2", "1", null, "active"), // A15
            fact("U4", "Porsche Taycan", "Lock/Unlock", "Spain", "iOS", "Unknown", "20250204",
                "2025-02-04 07:00:00+00", "3", "0", "5", "active"), // A16
            fact("U5", "Audi e-tron", "Charging Status", "Italy", "Android", "v5.9", "20250128",
                "2025-01-28 18:00:00+00", null, "0", "3", "active"), // A5
            fact("U5", "Audi e-tron", "Charging Status", "Italy", "Android", "v5.10", "20250201",
                "2025-02-01 11:00:00+00", "8", "0", null, "active"), // A11
            fact("U5", "Audi e-tron", "Remote Start", "Italy", "Android", "v5.10", "20250204",
                "2025-02-04 19:00:00+00", "3", null, "4", "active")), // A19
        natural("fact_feature_usage"));
  }

  @Test
  void aggUsageDailyGroupsByTheEventsRegion() {
    // Columns: date, region, feature, version, os | dau, events, error_events, avg_session,
    // error_rate_pct, date_sk | known_flag_events, session_minutes_sum, session_count,
    // rating_sum, rating_count. 20 rows; their events add up to 22.
    assertRows(
        List.of(
            // 01-27
            row("2025-01-27", "France", "Trip History", "v5.10", "iOS", // A3: 1 of 1 → 100.00
                "1", "1", "1", "7", "100.00", "20250127", "1", "7", "1", "2", "1"),
            row("2025-01-27", "Germany", "Navigation", "v5.9", "Android", // A2
                "1", "1", "0", "20", "0.00", "20250127", "1", "20", "1", "5", "1"),
            row("2025-01-27", "UK", "Navigation", "v5.9", "Android", // A1: U1 still in UK
                "1", "1", "0", "10", "0.00", "20250127", "1", "10", "1", "4", "1"),
            // 01-28
            row("2025-01-28", "France", "Trip History", "v6.0", "iOS", // A6
                "1", "1", "0", "11", "0.00", "20250128", "1", "11", "1", "4", "1"),
            row("2025-01-28", "Italy", "Charging Status", "v5.9", "Android", // A5: no duration
                "1", "1", "0", null, "0.00", "20250128", "1", "0", "0", "3", "1"),
            row("2025-01-28", "UK", "Climate Control", "v5.9", "Android", // A4: no rating
                "1", "1", "0", "5", "0.00", "20250128", "1", "5", "1", "0", "0"),
            // 01-29: no events, no rows. 01-30
            row("2025-01-30", "Spain", "Lock/Unlock", "v5.10", "iOS", // A8
                "1", "1", "0", "1", "0.00", "20250130", "1", "1", "1", "5", "1"),
            row("2025-01-30", "UK", "Navigation", "v5.9", "Android", // A7 (line 8, rating 4)
                "1", "1", "0", "15", "0.00", "20250130", "1", "15", "1", "4", "1"),
            // 01-31
            row("2025-01-31", "Germany", "Navigation", "v5.9", "Android", // A9
                "1", "1", "0", "30", "0.00", "20250131", "1", "30", "1", "4", "1"),
            row("2025-01-31", "Germany", "Remote Start", "v5.9", "Android", // A10
                "1", "1", "0", "2", "0.00", "20250131", "1", "2", "1", "5", "1"),
            // 02-01
            row("2025-02-01", "Italy", "Charging Status", "v5.10", "Android", // A11: no rating
                "1", "1", "0", "8", "0.00", "20250201", "1", "8", "1", "0", "0"),
            row("2025-02-01", "Spain", "Voice Assistant", "v6.0", "iOS", // A12: no flag, no duration
                "1", "1", "0", null, null, "20250201", "0", "0", "0", "4", "1"),
            // 02-02: none. 02-03
            row("2025-02-03", "Germany", "Navigation", "v5.10", "Android", // A13 U1 + A14 U2:
                // dau 2; errors 2 of 2 known → 100.00; (12 + 25) / 2 = 18.5; ratings 2 + 1 = 3
                "2", "2", "2", "18.5", "100.00", "20250203", "2", "37", "2", "3", "2"),
            row("2025-02-03", "Spain", "Lock/Unlock", "v6.0", "iOS", // A15: no rating
                "1", "1", "1", "2", "100.00", "20250203", "1", "2", "1", "0", "0"),
            // 02-04
            row("2025-02-04", "Germany", "Navigation", "v5.10", "Android", // A17 + A18, both U1:
                // dau 1; 1 error of 1 known (A18's flag missing) → 100.00; (9 + 6) / 2 = 7.5
                "1", "2", "1", "7.5", "100.00", "20250204", "1", "15", "2", "7", "2"),
            row("2025-02-04", "Italy", "Remote Start", "v5.10", "Android", // A19: no flag → NULL
                "1", "1", "0", "3", null, "20250204", "0", "3", "1", "4", "1"),
            row("2025-02-04", "Spain", "Lock/Unlock", "Unknown", "iOS", // A16
                "1", "1", "0", "3", "0.00", "20250204", "1", "3", "1", "5", "1"),
            // 02-05
            row("2025-02-05", "Germany", "Climate Control", "v5.10", "Android", // A21
                "1", "1", "1", "4", "100.00", "20250205", "1", "4", "1", "4", "1"),
            row("2025-02-05", "Germany", "Navigation", "v5.10", "Android", // A20
                "1", "1", "0", "6", "0.00", "20250205", "1", "6", "1", "5", "1"),
            row("2025-02-05", "Unknown", "Trip History", "v6.0", "iOS", // A22: event's region
                "1", "1", "0", "13", "0.00", "20250205", "1", "13", "1", "3", "1")),
        natural("agg_usage_daily"));
  }

  @Test
  void aggKpiDailyHasEveryDayIncludingTheDaysWithoutEvents() {
    // DAU by day (U1..U5 active days in the class comment):
    //   01-27 3 (U1 U2 U3), 01-28 3 (U1 U3 U5), 01-29 0, 01-30 2 (U1 U4), 01-31 1 (U2),
    //   02-01 2 (U4 U5), 02-02 0, 02-03 3 (U1 U2 U4), 02-04 3 (U1 U4 U5), 02-05 2 (U2 U3).
    // dau_7d_avg averages the days of the window that lie in the range:
    //   3/1, 6/2, 6/3, 8/4, 9/5, 11/6, 11/7; then full windows: 02-03 (01-28..02-03)
    //   3+0+2+1+2+0+3 = 11 → 11/7; 02-04 (01-29..) 0+2+1+2+0+3+3 = 11 → 11/7;
    //   02-05 (01-30..) 2+1+2+0+3+3+2 = 13 → 13/7.
    // WAU: 3, +U5 → 4, 4, +U4 → 5, 5, 5, 5; 02-03 (01-28..02-03) 5: U3 via 01-28;
    //   02-04 (01-29..02-04) 4: U3's 01-27 and 01-28 have left, 02-05 not yet; 02-05: 5.
    // MAU: the range is shorter than 30 days, so all days since 01-27: 3, 4, 4, 5, ... 5. On
    //   02-01 it is 5, not the 2 users of February: the window crosses the month boundary.
    // stickiness = dau / mau; 0 (not NULL) on the days without events, mau being > 0.
    assertRows(
        List.of(
            // 01-27: A1 A2 A3; 1 error (A3) of 3 known → 33.33 (33.333…); (10+20+7)/3
            row("2025-01-27", "20250127", "3", "3", "1", "33.33", approx(37.0 / 3),
                approx(3.0 / 1), "3", "3", approx(3.0 / 3)),
            // 01-28: A4 A5 A6; 0 of 3; A5 has no duration: (5+11)/2
            row("2025-01-28", "20250128", "3", "3", "0", "0.00", approx(16.0 / 2),
                approx(6.0 / 2), "4", "4", approx(3.0 / 4)),
            // 01-29: no events
            row("2025-01-29", "20250129", "0", "0", "0", null, null,
                approx(6.0 / 3), "4", "4", approx(0.0 / 4)),
            // 01-30: A7 A8; (15+1)/2
            row("2025-01-30", "20250130", "2", "2", "0", "0.00", approx(16.0 / 2),
                approx(8.0 / 4), "5", "5", approx(2.0 / 5)),
            // 01-31: A9 A10, both U2: dau 1 though 2 events; (30+2)/2
            row("2025-01-31", "20250131", "2", "1", "0", "0.00", approx(32.0 / 2),
                approx(9.0 / 5), "5", "5", approx(1.0 / 5)),
            // 02-01 (Saturday): A11 A12; A12's flag unknown: 0 of 1 known; A12 no duration: 8/1
            row("2025-02-01", "20250201", "2", "2", "0", "0.00", approx(8.0 / 1),
                approx(11.0 / 6), "5", "5", approx(2.0 / 5)),
            // 02-02: no events
            row("2025-02-02", "20250202", "0", "0", "0", null, null,
                approx(11.0 / 7), "5", "5", approx(0.0 / 5)),
            // 02-03: A13 A14 A15; 3 of 3 → 100.00; (12+25+2)/3
            row("2025-02-03", "20250203", "3", "3", "3", "100.00", approx(39.0 / 3),
                approx(11.0 / 7), "5", "5", approx(3.0 / 5)),
            // 02-04: A16 A17 A18 A19; 1 (A17) of 2 known (A16, A17) → 50.00, not 1/4;
            // (3+9+6+3)/4
            row("2025-02-04", "20250204", "4", "3", "1", "50.00", approx(21.0 / 4),
                approx(11.0 / 7), "4", "5", approx(3.0 / 5)),
            // 02-05: A20 A21 A22; 1 (A21) of 3 → 33.33; (6+4+13)/3
            row("2025-02-05", "20250205", "3", "2", "1", "33.33", approx(23.0 / 3),
                approx(13.0 / 7), "5", "5", approx(2.0 / 5))),
        natural("agg_kpi_daily"));
  }

  @Test
  void appVersionStabilityFlagsTheAndroidRegression() {
    // Android v5.9: A1 A2 A4 A5 A7 A9 A10: 7 events, users U1 U2 U5, 0 errors of 7 known → 0.00.
    // Android v5.10: A11 A13 A14 A17 A18 A19 A20 A21: 8 events, users U1 U2 U5, errors A13 A14
    //   A17 A21 = 4 of 6 known (A18, A19 unknown) → 66.67 (66.666…). Its predecessor is v5.9
    //   (by number: as text v5.10 < v5.9). diff = 66.666… − 0 → 66.67.
    //   Pooled p = (4 + 0) / (6 + 7) = 4/13; p(1−p) = 36/169; 1/6 + 1/7 = 13/42;
    //   SE² = 36/169 × 13/42 = 6/91; z = (4/6 − 0/7) / √(6/91) = (2/3)·√(91/6) = 2.596294
    //   > 1.96 and 66.67 > 1 point → regression.
    // iOS v5.10: A3 A8: 2 events, U3 U4, 1 error of 2 → 50.00; first version on iOS.
    // iOS v6.0: A6 A12 A15 A22: 4 events, U3 U4, 1 error (A15) of 3 known (A12 unknown) → 33.33;
    //   diff = 1/3 − 1/2 = −16.666… → −16.67; p = 2/5, p(1−p) = 6/25, 1/3 + 1/2 = 5/6,
    //   SE² = 1/5; z = (−1/6) / √(1/5) = −0.372678: not a regression.
    // The Unknown version (A16) has no row.
    assertRows(
        List.of(
            row("Android", "v5.9", "5", "9", "2025-01-27", "7", "3", "0", "7", "0.00",
                null, null, null, null, "f"),
            row("Android", "v5.10", "5", "10", "2025-02-01", "8", "3", "4", "6", "66.67",
                "v5.9", "0.00", "66.67", approx((2.0 / 3) * Math.sqrt(91.0 / 6)), "t"),
            row("iOS", "v5.10", "5", "10", "2025-01-27", "2", "2", "1", "2", "50.00",
                null, null, null, null, "f"),
            row("iOS", "v6.0", "6", "0", "2025-01-28", "4", "2", "1", "3", "33.33",
                "v5.10", "50.00", "-16.67", approx((-1.0 / 6) / Math.sqrt(1.0 / 5)), "f")),
        natural("agg_app_version_stability"));
    assertEquals(2.596294, (2.0 / 3) * Math.sqrt(91.0 / 6), 1e-6);
    assertEquals(-0.372678, (-1.0 / 6) / Math.sqrt(1.0 / 5), 1e-6);
  }

  @Test
  void keysAreIntegersBelowTwoToThe53AndEveryReferenceResolves() {
    // Every *_sk column of the published tables is an integer type with values in (−2^53, 2^53).
    List<List<String>> keyColumns = rows(db,
        "select table_name, column_name, data_type from information_schema.columns"
            + " where table_schema = 'public' and column_name like '%\\_sk'"
            + " and (table_name like 'dim\\_%' or table_name like 'fact\\_%'"
            + " or table_name like 'agg\\_%') and table_name <> 'dim_key'"
            // The fact's monthly partitions are the fact itself.
            + " and table_name not in (select relname from pg_class where relispartition)"
            + " order by table_name, column_name");
    assertEquals(29, keyColumns.size(), keyColumns.toString());
    for (List<String> column : keyColumns) {
      assertTrue(Set.of("integer", "bigint").contains(column.get(2)), column.toString());
      assertEquals(List.of(row("t")), rows(db, "select coalesce(max(abs(" + column.get(1)
          + "::numeric)), 0) < " + TWO_TO_53 + " from " + column.get(0)), column.toString());
    }
    // No orphans: every key of the fact and the aggregates names a row of its dimension.
    Map<String, String> dimensionOf = new LinkedHashMap<>();
    dimensionOf.put("user_sk", "dim_user");
    dimensionOf.put("vehicle_sk", "dim_vehicle");
    dimensionOf.put("feature_sk", "dim_feature");
    dimensionOf.put("region_sk", "dim_region");
    dimensionOf.put("platform_sk", "dim_platform");
    dimensionOf.put("app_version_sk", "dim_app_version");
    dimensionOf.put("date_sk", "dim_date");
    int checked = 0;
    for (List<String> column : keyColumns) {
      String table = column.get(0);
      String key = column.get(1);
      if (table.startsWith("dim_") || !dimensionOf.containsKey(key)) {
        continue;
      }
      // A NULL key names nothing (the fleet's anomaly series has no feature).
      assertEquals(List.of(row("0")), rows(db, "select count(*) from " + table + " x where x." + key
          + " is not null and not exists (select 1 from " + dimensionOf.get(key) + " d where d."
          + key + " = x." + key + ")"), table + "." + key);
      checked++;
    }
    // fact: 7 keys; agg_usage_daily: 5; agg_kpi_daily: 1; agg_app_version_stability: 2;
    // agg_feature_adoption_daily: 2; agg_anomaly_daily: 2; agg_feature_retention_weekly: 1.
    assertEquals(20, checked);
    assertEquals(List.of(row("0")), rows(db, "select count(*) from agg_app_version_stability x"
        + " where not exists (select 1 from dim_date d where d.date_sk = x.first_seen_date_sk)"));
    // One fact row per loaded event, each with its own usage_sk; date keys are yyyymmdd.
    assertEquals(List.of(row("22", "22", "22")), rows(db,
        "select (select count(*) from fact_feature_usage), (select count(distinct usage_sk) from"
            + " fact_feature_usage), (select count(*) from stg_feature_usage)"));
    assertEquals(List.of(row("0")), rows(db, "select count(*) from dim_date"
        + " where date_sk <> to_char(calendar_date, 'YYYYMMDD')::integer"));
  }

  @Test
  void dauIsADistinctCountNeverASumOfFinerDaus() {
    // Per day: agg_kpi_daily.dau = distinct users in the fact; sum of agg_usage_daily.dau.
    //   01-31: U2 used Navigation and Remote Start → dau 1, but two agg rows with dau 1 → 2.
    //   02-04: U1 in one row (A17 A18 → dau 1), U4, U5 → 3 = 3.
    //   02-05: U2 used Climate Control and Navigation, U3 → dau 2, sum 1 + 1 + 1 = 3.
    assertEquals(
        List.of(
            row("2025-01-27", "3", "3", "3"),
            row("2025-01-28", "3", "3", "3"),
            row("2025-01-29", "0", "0", null),
            row("2025-01-30", "2", "2", "2"),
            row("2025-01-31", "1", "1", "2"),
            row("2025-02-01", "2", "2", "2"),
            row("2025-02-02", "0", "0", null),
            row("2025-02-03", "3", "3", "3"),
            row("2025-02-04", "3", "3", "3"),
            row("2025-02-05", "2", "2", "3")),
        rows(db, "select k.kpi_date, k.dau,"
            + " (select count(distinct f.user_sk) from fact_feature_usage f"
            + "  where f.date_sk = k.date_sk),"
            + " (select sum(a.dau) from agg_usage_daily a where a.date_sk = k.date_sk)"
            + " from agg_kpi_daily k order by k.kpi_date"));
  }

  /**
   * Contract section 7, last bullet. The original project built agg_usage_daily by joining the
   * fact with dim_user and taking the user's current region, and divided errors by all events.
   * This contract takes the event's region and divides by the events whose flag is known. Same
   * column names, different numbers: shown here on U1, who moved from UK to Germany on 02-03.
   */
  @Test
  void theSeedsAggregateByCurrentRegionDiffersFromTheEventRegionOne() {
    String seedStyle =
        "select d.calendar_date, u.region, ft.feature_name, f.app_version, f.os_type,"
            + " count(distinct f.user_sk) as dau, count(*) as events,"
            + " coalesce(sum(f.error_flag), 0) as error_events,"
            + " round(100.0 * coalesce(sum(f.error_flag), 0) / count(*), 2) as error_rate_pct"
            + " from fact_feature_usage f"
            + " join dim_user u using (user_sk)"
            + " join dim_feature ft using (feature_sk)"
            + " join dim_date d using (date_sk)"
            + " where u.region in ('UK', 'Germany')"
            + " group by d.calendar_date, u.region, ft.feature_name, f.app_version, f.os_type"
            + " order by d.calendar_date, u.region, ft.feature_name, f.app_version";
    // Seed: U1's dim_user region is Germany, so all of U1's events (A1 A4 A7 A13 A17 A18) land in
    // Germany beside U2's (A2 A9 A10 A14 A20 A21): 12 events in Germany, none in UK.
    //   01-27 A1 (U1) + A2 (U2) merge into one Germany row: dau 2, events 2.
    //   02-04 A17 (error) + A18 (flag unknown): 1 / 2 events → 50.00.
    assertEquals(
        List.of(
            row("2025-01-27", "Germany", "Navigation", "v5.9", "Android", "2", "2", "0", "0.00"),
            row("2025-01-28", "Germany", "Climate Control", "v5.9", "Android", "1", "1", "0", "0.00"),
            row("2025-01-30", "Germany", "Navigation", "v5.9", "Android", "1", "1", "0", "0.00"),
            row("2025-01-31", "Germany", "Navigation", "v5.9", "Android", "1", "1", "0", "0.00"),
            row("2025-01-31", "Germany", "Remote Start", "v5.9", "Android", "1", "1", "0", "0.00"),
            row("2025-02-03", "Germany", "Navigation", "v5.10", "Android", "2", "2", "2", "100.00"),
            row("2025-02-04", "Germany", "Navigation", "v5.10", "Android", "1", "2", "1", "50.00"),
            row("2025-02-05", "Germany", "Climate Control", "v5.10", "Android", "1", "1", "1", "100.00"),
            row("2025-02-05", "Germany", "Navigation", "v5.10", "Android", "1", "1", "0", "0.00")),
        rows(db, seedStyle));
    // Ours: A1 A4 A7 stay in UK, where U1 was at the time: 9 events in Germany, 3 in UK.
    //   01-27 UK and Germany are two rows of dau 1.
    //   02-04 A17 + A18: 1 error of 1 known flag → 100.00.
    assertEquals(
        List.of(
            row("2025-01-27", "Germany", "Navigation", "v5.9", "Android", "1", "1", "0", "0.00"),
            row("2025-01-27", "UK", "Navigation", "v5.9", "Android", "1", "1", "0", "0.00"),
            row("2025-01-28", "UK", "Climate Control", "v5.9", "Android", "1", "1", "0", "0.00"),
            row("2025-01-30", "UK", "Navigation", "v5.9", "Android", "1", "1", "0", "0.00"),
            row("2025-01-31", "Germany", "Navigation", "v5.9", "Android", "1", "1", "0", "0.00"),
            row("2025-01-31", "Germany", "Remote Start", "v5.9", "Android", "1", "1", "0", "0.00"),
            row("2025-02-03", "Germany", "Navigation", "v5.10", "Android", "2", "2", "2", "100.00"),
            row("2025-02-04", "Germany", "Navigation", "v5.10", "Android", "1", "2", "1", "100.00"),
            row("2025-02-05", "Germany", "Climate Control", "v5.10", "Android", "1", "1", "1", "100.00"),
            row("2025-02-05", "Germany", "Navigation", "v5.10", "Android", "1", "1", "0", "0.00")),
        rows(db, "select feature_used_date, region, feature_name, app_version, os_type, dau,"
            + " events, error_events, error_rate_pct from agg_usage_daily"
            + " where region in ('UK', 'Germany')"
            + " order by feature_used_date, region, feature_name, app_version"));
    // Per region over the whole range: seed Germany 12 / UK 0; ours Germany 9 / UK 3.
    assertEquals(List.of(row("Germany", "12")), rows(db, "select u.region, count(*)"
        + " from fact_feature_usage f join dim_user u using (user_sk)"
        + " where u.region in ('UK', 'Germany') group by u.region order by u.region"));
    assertEquals(List.of(row("Germany", "9"), row("UK", "3")), rows(db, "select region,"
        + " sum(events) from agg_usage_daily where region in ('UK', 'Germany')"
        + " group by region order by region"));
  }

  @Test
  void membersAndEventsKeepTheirKeysWhenMoreDataArrives() throws IOException {
    String fresh = TestDatabase.freshDatabase();
    load(fresh, write("first.csv", FIXTURE));
    Map<String, Map<String, String>> before = keys(fresh);
    assertEquals(List.of(6, 2, 5, 7, 4, 5, 22, 10),
        before.values().stream().map(Map::size).toList());

    // New members of every dimension (Netherlands, Tesla Model 3 and Parking Assist unmapped,
    // winphone → Other, v7.0, U6), a day before the range (01-20) and one after (02-06), and a
    // better spelling of A15 (rating 3 instead of missing: 8 usable fields against 7).
    String second = String.join("\n", HEADER,
        "U6,nl,Tesla Model 3,Parking Assist,10,0,4,7.0,winphone,active,2025-02-06 10:00:00",
        "U1,Netherlands,VW ID.4,Navigation,5,0,4,5.10,Android,active,2025-01-20 10:00:00",
        "U4,Spain,Porsche Taycan,Lock/Unlock,2,1,3,6.0,iOS,active,2025-02-03 21:00:00") + "\n";
    RunSummary run = load(fresh, write("second.csv", second));
    // 3 rows = 2 new + 1 already loaded (A15, replaced by the better row).
    assertEquals(new RunSummary(run.runId(), "succeeded", 3, 2, 1, 0, 0), run);

    Map<String, Map<String, String>> after = keys(fresh);
    for (Map.Entry<String, Map<String, String>> dimension : before.entrySet()) {
      Map<String, String> now = after.get(dimension.getKey());
      Set<String> oldKeys = new HashSet<>(dimension.getValue().values());
      dimension.getValue().forEach((member, key) ->
          assertEquals(key, now.get(member), dimension.getKey() + " " + member));
      now.forEach((member, key) -> {
        if (!dimension.getValue().containsKey(member)) {
          assertFalse(oldKeys.contains(key), dimension.getKey() + " " + member + " reuses " + key);
        }
      });
    }
    assertEquals(
        Map.of("region", Set.of("Netherlands"), "platform", Set.of("Other"),
            "vehicle", Set.of("Tesla Model 3"), "feature", Set.of("Parking Assist"),
            "app_version", Set.of("v7.0"), "user", Set.of("U6"),
            "usage", Set.of("U6 2025-02-06 10:00:00+00 Parking Assist",
                "U1 2025-01-20 10:00:00+00 Navigation"),
            "date", Set.of("2025-01-20", "2025-01-21", "2025-01-22", "2025-01-23", "2025-01-24",
                "2025-01-25", "2025-01-26", "2025-02-06")),
        newMembers(before, after));
    // A15 took the better row's values but kept its key.
    String a15 = before.get("usage").get("U4 2025-02-03 21:00:00+00 Lock/Unlock");
    assertNotNull(a15);
    assertEquals(List.of(row(a15, "3")), rows(fresh,
        "select usage_sk, feedback_rating from fact_feature_usage"
            + " where feature_used_at = '2025-02-03 21:00:00+00'"));
  }

  // ---------------------------------------------------------------------------------------------

  private static Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** Per dimension (and "usage" for events), member → key. */
  private static Map<String, Map<String, String>> keys(String jdbcUrl) {
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("region", "select region, region_sk from dim_region");
    queries.put("platform", "select os_type, platform_sk from dim_platform");
    queries.put("vehicle", "select vehicle_model, vehicle_sk from dim_vehicle");
    queries.put("feature", "select feature_name, feature_sk from dim_feature");
    queries.put("app_version", "select app_version, app_version_sk from dim_app_version");
    queries.put("user", "select user_id, user_sk from dim_user");
    queries.put("usage", "select u.user_id || ' ' || x.feature_used_at || ' ' || f.feature_name,"
        + " x.usage_sk from fact_feature_usage x join dim_user u using (user_sk)"
        + " join dim_feature f using (feature_sk)");
    queries.put("date", "select calendar_date, date_sk from dim_date");
    Map<String, Map<String, String>> keys = new LinkedHashMap<>();
    queries.forEach((dimension, sql) -> {
      Map<String, String> byMember = new LinkedHashMap<>();
      for (List<String> r : rows(jdbcUrl, sql)) {
        assertEquals(null, byMember.put(r.get(0), r.get(1)), dimension + " " + r);
      }
      keys.put(dimension, byMember);
    });
    return keys;
  }

  private static Map<String, Set<String>> newMembers(
      Map<String, Map<String, String>> before, Map<String, Map<String, String>> after) {
    Map<String, Set<String>> added = new LinkedHashMap<>();
    after.forEach((dimension, members) -> {
      Set<String> fresh = new HashSet<>(members.keySet());
      fresh.removeAll(before.get(dimension).keySet());
      added.put(dimension, fresh);
    });
    return added;
  }

  /** A published table by its natural query (keys aside), timestamps in UTC. */
  private static List<List<String>> natural(String table) {
    return rows(db, PublishedTables.NATURAL_QUERIES.get(table));
  }

  /** A fact row as the natural query shows it: the fact's version, os, region repeat the dims'. */
  private static List<Object> fact(String user, String vehicle, String feature, String region,
      String os, String version, String dateSk, String at, String duration, String flag,
      String rating, String subscription) {
    return row(user, vehicle, feature, region, os, version, dateSk, at, duration, flag, rating,
        version, os, region, subscription);
  }

  static List<List<String>> rows(String jdbcUrl, String sql) {
    return TestDatabase.rows(jdbcUrl, sql);
  }

  /** A double expected to within 1e-6 (contract 7: avg_session, dau_7d_avg, stickiness, z). */
  private record Approx(double value) {
    @Override
    public String toString() {
      return "≈" + value;
    }
  }

  private static Approx approx(double value) {
    return new Approx(value);
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  /**
   * Compares whole tables so a failure shows every difference: a cell expected as {@link Approx}
   * matches a number within 1e-6, every other cell matches its text exactly.
   */
  private static void assertRows(List<List<Object>> expected, List<List<String>> actual) {
    List<List<Object>> shown = new ArrayList<>();
    for (int r = 0; r < actual.size(); r++) {
      List<Object> cells = new ArrayList<>(actual.get(r));
      for (int c = 0; c < cells.size(); c++) {
        Object want = r < expected.size() && c < expected.get(r).size() ? expected.get(r).get(c) : null;
        if (want instanceof Approx a && cells.get(c) != null
            && Math.abs(Double.parseDouble((String) cells.get(c)) - a.value()) <= 1e-6) {
          cells.set(c, want);
        }
      }
      shown.add(cells);
    }
    assertEquals(expected, shown);
  }
}
