package com.usageintel.transforms;

import static com.usageintel.transforms.TestEvents.event;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.usageintel.schemas.KpiDay;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.aggregate.DayState;
import java.math.BigDecimal;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class ComputeKpiDaysTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

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

  @Test
  public void oneRowPerDayWithGapDaysAndTrailingWindows() {
    DayState first =
        day(20250901, use("U1", "2025-09-01", 1, 10.0), use("U2", "2025-09-01", 0, 20.0));
    DayState third =
        day(20250903,
            use("U1", "2025-09-03", null, null),
            use("U3", "2025-09-03", 0, 30.0),
            use("U3", "2025-09-03", 1, 6.0),
            use("U3", "2025-09-03", 0, 9.0));
    DayState ninth = day(20250909, use("U2", "2025-09-09", 0, 12.5));

    PCollection<KpiDay> rows =
        pipeline.apply(Create.of(ninth, first, third).withCoder(DayState.coder()))
            .apply(ComputeKpiDays.fromDayStates());

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

    PCollection<KpiDay> rows =
        pipeline.apply(Create.of(septFirst, octFirst).withCoder(DayState.coder()))
            .apply(ComputeKpiDays.fromDayStates());

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

    PCollection<KpiDay> rows =
        pipeline.apply(Create.of(only).withCoder(DayState.coder())).apply(ComputeKpiDays.fromDayStates());

    // 2 events of U1, no known flag -> rate NULL; sessions (3 + 4) / 2 = 3.5; dau = wau = mau = 1.
    PAssert.that(rows)
        .containsInAnyOrder(KpiDay.create(20250917, 2, 1, 0, null, 3.5, 1.0, 1, 1, 1.0));
    pipeline.run();
  }

  @Test
  public void noDaysGiveNoRows() {
    PCollection<KpiDay> rows =
        pipeline.apply(Create.empty(DayState.coder())).apply(ComputeKpiDays.fromDayStates());

    PAssert.that(rows).empty();
    pipeline.run();
  }

  @Test
  public void twoStatesOfOneDayFailThePipeline() {
    pipeline
        .apply(Create.of(
                day(20250917, use("U1", "2025-09-17", 0, 1.0)),
                day(20250917, use("U2", "2025-09-17", 0, 1.0)))
            .withCoder(DayState.coder()))
        .apply(ComputeKpiDays.fromDayStates());

    Pipeline.PipelineExecutionException failure =
        assertThrows(Pipeline.PipelineExecutionException.class, () -> pipeline.run());
    assertTrue(failure.getCause() instanceof IllegalStateException);
    assertTrue(failure.getCause().getMessage().contains("day 20250917 has two states"));
  }
}
