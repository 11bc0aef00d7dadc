package com.usageintel.transforms;

import static com.usageintel.transforms.TestEvents.assertEveryTableRefuses;
import static com.usageintel.transforms.TestEvents.assertRunFailsOnRefusal;
import static com.usageintel.transforms.TestEvents.dayOf;
import static com.usageintel.transforms.TestEvents.event;
import static com.usageintel.transforms.aggregate.ExpectedRows.daysActiveMonth;
import static org.junit.Assert.assertEquals;

import com.usageintel.schemas.DaysActiveMonth;
import com.usageintel.schemas.KpiDay;
import com.usageintel.schemas.RetentionWeek;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.aggregate.DayState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class ComputeFleetTablesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** The tables of these days' states. */
  private ComputeFleetTables.Result tablesOf(DayState... days) {
    return pipeline
        .apply(Create.of(Arrays.asList(days)).withCoder(DayState.coder()))
        .apply(ComputeFleetTables.fromDayStates());
  }

  /** A user's event on a day: user "U7" has key 7; flag and session as given. */
  private static UsageEvent use(String user, String day, Integer errorFlag, Double session) {
    return event(user, day + "T12:00:00Z", "Navigation")
        .setErrorFlag(errorFlag)
        .setSessionDurationMin(session)
        .build();
  }

  /** The state of a day holding these events. */
  private static DayState day(int dateSk, UsageEvent... events) {
    return new DayState(dateSk, TestEvents.tallyOf(dateSk, events));
  }

  private static BigDecimal pct(String value) {
    return new BigDecimal(value);
  }

  private static RetentionWeek fleetRow(
      int cohortWeekStartSk, int weeksSince, long cohortUsers, long retainedUsers, String pct) {
    return RetentionWeek.create(
        null, cohortWeekStartSk, weeksSince, cohortUsers, retainedUsers, new BigDecimal(pct));
  }

  @Test
  public void kpiDaysHaveOneRowPerDayWithGapDaysAndTrailingWindows() {
    DayState first =
        day(20250901, use("U1", "2025-09-01", 1, 10.0), use("U2", "2025-09-01", 0, 20.0));
    DayState third =
        day(20250903,
            use("U1", "2025-09-03", null, null),
            use("U3", "2025-09-03", 0, 30.0),
            use("U3", "2025-09-03", 1, 6.0),
            use("U3", "2025-09-03", 0, 9.0));
    DayState ninth = day(20250909, use("U2", "2025-09-09", 0, 12.5));

    PCollection<KpiDay> rows = tablesOf(ninth, first, third).kpiDays();

    // By hand. Daily DAUs from the 1st to the 9th: 2, 0, 2, 0, 0, 0, 0, 0, 1.
    // 1st: U1, U2 -> dau 2; errors 1 of 2 known flags -> 50.00; sessions (10 + 20) / 2 = 15;
    //   7-day DAU mean 2 / 1 day in range; WAU = MAU = {U1, U2} = 2; stickiness 2 / 2.
    // 2nd, gap: zero counts, NULL rate and session; mean (2 + 0) / 2; WAU and MAU still 2; 0 / 2.
    // 3rd: U1, U3 -> dau 2; 4 events, errors 1 of 3 known (U1's flag unknown) -> 33.33;
    //   sessions (30 + 6 + 9) / 3 = 15; mean (2 + 0 + 2) / 3; WAU = MAU = {U1, U2, U3} = 3; 2 / 3.
    // 4th-7th, gaps: mean 4 / 4, 4 / 5, 4 / 6, 4 / 7; the 7 days back still reach the 1st: WAU 3.
    // 8th, gap: the 7 days 2nd-8th hold only the 3rd -> WAU {U1, U3} = 2; mean (0+2+0+0+0+0+0) / 7.
    // 9th: U2 -> dau 1; errors 0 of 1 -> 0.00; session 12.5; 3rd-9th: mean (2 + 0x5 + 1) / 7,
    //   WAU {U1, U3} + {U2} = 3; MAU 3; stickiness 1 / 3.
    PAssert.that(rows)
        .containsInAnyOrder(
            KpiDay.create(20250901, 2, 2, 1, pct("50.00"), 15.0, 2.0, 2, 2, 1.0),
            KpiDay.create(20250902, 0, 0, 0, null, null, 2.0 / 2, 2, 2, 0.0),
            KpiDay.create(20250903, 4, 2, 1, pct("33.33"), 15.0, 4.0 / 3, 3, 3, 2.0 / 3),
            KpiDay.create(20250904, 0, 0, 0, null, null, 4.0 / 4, 3, 3, 0.0),
            KpiDay.create(20250905, 0, 0, 0, null, null, 4.0 / 5, 3, 3, 0.0),
            KpiDay.create(20250906, 0, 0, 0, null, null, 4.0 / 6, 3, 3, 0.0),
            KpiDay.create(20250907, 0, 0, 0, null, null, 4.0 / 7, 3, 3, 0.0),
            KpiDay.create(20250908, 0, 0, 0, null, null, 2.0 / 7, 2, 3, 0.0),
            KpiDay.create(20250909, 1, 1, 0, pct("0.00"), 12.5, 3.0 / 7, 3, 3, 1.0 / 3));
    pipeline.run();
  }

  @Test
  public void monthlyUsersForgetADayThirtyDaysBack() {
    // 1 Sept to 1 Oct is 31 days: on 30 Sept the 30 days back (1-30 Sept) still hold U1; on 1 Oct
    // they are 2 Sept-1 Oct and hold only U2.
    DayState septFirst = day(20250901, use("U1", "2025-09-01", 0, 12.5));
    DayState octFirst = day(20251001, use("U2", "2025-10-01", 1, null));

    PCollection<KpiDay> rows = tablesOf(septFirst, octFirst).kpiDays();

    PAssert.thatSingleton(rows.apply("CountDays", Count.globally())).isEqualTo(31L);
    PCollection<KpiDay> ends =
        rows.apply("MonthEnds",
            Filter.by(row -> Set.of(20250901, 20250930, 20251001).contains(row.getDateSk())));
    // 1 Sept: U1 alone, 0 errors of 1 -> 0.00, session 12.5, everything 1.
    // 30 Sept, gap: mean of 24-30 Sept DAUs = 0 / 7; WAU 0 (24-30 Sept empty); MAU 1 (U1);
    //   stickiness 0 / 1.
    // 1 Oct: U2, 1 error of 1 -> 100.00, no session; mean (0x6 + 1) / 7; WAU 1, MAU 1 (U1 out);
    //   stickiness 1 / 1.
    PAssert.that(ends)
        .containsInAnyOrder(
            KpiDay.create(20250901, 1, 1, 0, pct("0.00"), 12.5, 1.0, 1, 1, 1.0),
            KpiDay.create(20250930, 0, 0, 0, null, null, 0.0, 0, 1, 0.0),
            KpiDay.create(20251001, 1, 1, 1, pct("100.00"), null, 1.0 / 7, 1, 1, 1.0));
    pipeline.run();
  }

  @Test
  public void aSingleDayWithoutKnownFlagsHasANullRate() {
    DayState only = day(20250917, use("U1", "2025-09-17", null, 3.0), use("U1", "2025-09-17", null, 4.0));

    PCollection<KpiDay> rows = tablesOf(only).kpiDays();

    // 2 events of U1, no known flag -> rate NULL; sessions (3 + 4) / 2 = 3.5; dau = wau = mau = 1.
    PAssert.that(rows)
        .containsInAnyOrder(KpiDay.create(20250917, 2, 1, 0, null, 3.5, 1.0, 1, 1, 1.0));
    pipeline.run();
  }

  @Test
  public void weeklyCohortsByIsoWeekWithAnEmptyWeekBetween() {
    // Weeks by their Mondays: W0 09-01, W1 09-08, W2 09-15, W3 09-22.
    //   Sunday 09-07: U1 (W0: a Sunday is in the week of the Monday before it)
    //   Monday 09-08: U1, U2 (W1)
    //   Sunday 09-14: U3 (W1)
    //   Monday 09-22: U2 (W3)
    // No event in W2.
    PCollection<RetentionWeek> rows =
        tablesOf(
                dayOf("2025-09-22", "U2"),
                dayOf("2025-09-07", "U1"),
                dayOf("2025-09-14", "U3"),
                dayOf("2025-09-08", "U1", "U2"))
            .weeklyRetention();

    // Active: W0 {U1}, W1 {U1, U2, U3}, W2 {}, W3 {U2}; the last week with events is W3.
    // W0 cohort {U1}, weeks 0..3: 1 of 1; U1 in W1 -> 1 of 1; W2 empty -> 0; W3 {U2} -> 0.
    // W1 cohort {U2, U3} (U1 is not new), weeks 0..2: 2 of 2; W2 -> 0; W3 U2 -> 1 of 2 = 50.00.
    // W2 and W3 have no new user: no cohort.
    PAssert.that(rows)
        .containsInAnyOrder(
            fleetRow(20250901, 0, 1, 1, "100.00"),
            fleetRow(20250901, 1, 1, 1, "100.00"),
            fleetRow(20250901, 2, 1, 0, "0.00"),
            fleetRow(20250901, 3, 1, 0, "0.00"),
            fleetRow(20250908, 0, 2, 2, "100.00"),
            fleetRow(20250908, 1, 2, 0, "0.00"),
            fleetRow(20250908, 2, 2, 1, "50.00"));
    pipeline.run();
  }

  @Test
  public void daysActiveForEveryNOfEveryMonthWithEvents() {
    //   2024-02-01: U1, U2 (February 2024 has 29 days)
    //   2024-02-29: U1, and U1 twice more: still one day
    //   2024-03-31: U2
    PCollection<DaysActiveMonth> rows =
        tablesOf(
                dayOf("2024-03-31", "U2"),
                dayOf("2024-02-01", "U1", "U2"),
                dayOf("2024-02-29", "U1", "U1", "U1"))
            .daysActive();

    // February 2024, 29 rows: U2 on 1 day, U1 on 2 days; 1 + 1 = its 2 distinct users.
    // March 2024, 31 rows: U2 on 1 day.
    List<DaysActiveMonth> expected =
        new ArrayList<>(daysActiveMonth(20240201, 29, Map.of(1, 1L, 2, 1L)));
    expected.addAll(daysActiveMonth(20240301, 31, Map.of(1, 1L)));
    PAssert.that(rows).containsInAnyOrder(expected);
    pipeline.run();
  }

  @Test
  public void theThreeTablesShareOneListOfTheDays() {
    tablesOf(dayOf("2025-09-17", "U1"));

    assertEquals(1, TestEvents.viewsIn(pipeline));
    pipeline.run();
  }

  @Test
  public void noDaysGiveNoRows() {
    ComputeFleetTables.Result tables = tablesOf();

    PAssert.that(tables.kpiDays()).empty();
    PAssert.that(tables.weeklyRetention()).empty();
    PAssert.that(tables.daysActive()).empty();
    pipeline.run();
  }

  @Test
  public void twoStatesOfOneDayFailThePipeline() {
    DayState withU1 = dayOf("2025-09-17", "U1");
    DayState withU2 = dayOf("2025-09-17", "U2");
    assertEveryTableRefuses(List.of(withU1, withU2), "day 20250917 has two states", List.of(
        ComputeFleetTables::kpiDays,
        ComputeFleetTables::weeklyRetention,
        ComputeFleetTables::daysActive));

    tablesOf(withU1, withU2);
    assertRunFailsOnRefusal(pipeline, "day 20250917 has two states");
  }
}
