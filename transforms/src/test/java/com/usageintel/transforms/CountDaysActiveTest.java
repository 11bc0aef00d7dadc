package com.usageintel.transforms;

import static com.usageintel.transforms.TestEvents.dayOf;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.usageintel.schemas.DaysActiveMonth;
import com.usageintel.transforms.aggregate.DayState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class CountDaysActiveTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** Every n from 1 to the month's length, 0 users unless {@code users} says otherwise. */
  private static List<DaysActiveMonth> month(int monthStartSk, int length, Map<Integer, Long> users) {
    List<DaysActiveMonth> rows = new ArrayList<>();
    for (int n = 1; n <= length; n++) {
      rows.add(DaysActiveMonth.create(monthStartSk, n, users.getOrDefault(n, 0L)));
    }
    return rows;
  }

  @Test
  public void everyNOfEveryMonthWithEvents() {
    //   2024-02-01: U1, U2 (February 2024 has 29 days)
    //   2024-02-29: U1, and U1 twice more: still one day
    //   2024-03-31: U2
    PCollection<DaysActiveMonth> rows =
        pipeline
            .apply(Create.of(
                    dayOf("2024-03-31", "U2"),
                    dayOf("2024-02-01", "U1", "U2"),
                    dayOf("2024-02-29", "U1", "U1", "U1"))
                .withCoder(DayState.coder()))
            .apply(CountDaysActive.fromDayStates());

    // February 2024, 29 rows: U2 on 1 day, U1 on 2 days; 1 + 1 = its 2 distinct users.
    // March 2024, 31 rows: U2 on 1 day.
    List<DaysActiveMonth> expected = new ArrayList<>(month(20240201, 29, Map.of(1, 1L, 2, 1L)));
    expected.addAll(month(20240301, 31, Map.of(1, 1L)));
    PAssert.that(rows).containsInAnyOrder(expected);
    pipeline.run();
  }

  @Test
  public void noDaysGiveNoRows() {
    PCollection<DaysActiveMonth> rows =
        pipeline.apply(Create.empty(DayState.coder())).apply(CountDaysActive.fromDayStates());

    PAssert.that(rows).empty();
    pipeline.run();
  }

  @Test
  public void twoStatesOfOneDayFailThePipeline() {
    pipeline
        .apply(Create.of(dayOf("2024-02-01", "U1"), dayOf("2024-02-01", "U2"))
            .withCoder(DayState.coder()))
        .apply(CountDaysActive.fromDayStates());

    Pipeline.PipelineExecutionException failure =
        assertThrows(Pipeline.PipelineExecutionException.class, () -> pipeline.run());
    assertTrue(failure.getCause() instanceof IllegalStateException);
    assertTrue(failure.getCause().getMessage().contains("day 20240201 has two states"));
  }
}
