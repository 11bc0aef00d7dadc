package com.usageintel.transforms;

import com.usageintel.schemas.DaysActiveMonth;
import com.usageintel.transforms.aggregate.DayState;
import com.usageintel.transforms.aggregate.MonthlyDaysActive;
import java.util.List;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Computes {@code agg_days_active_monthly} (contract 8.4) from the state of every day with
 * events: per month, how many users were active on exactly n of its days.
 */
public final class CountDaysActive
    extends PTransform<PCollection<DayState>, PCollection<DaysActiveMonth>> {
  private CountDaysActive() {}

  public static CountDaysActive fromDayStates() {
    return new CountDaysActive();
  }

  @Override
  public PCollection<DaysActiveMonth> expand(PCollection<DayState> days) {
    return days.apply("DaysActivePerMonth",
        ComputeFromAllStates.of(CountDaysActive::rows, DaysActiveMonth.class));
  }

  private static List<DaysActiveMonth> rows(List<DayState> days) {
    return MonthlyDaysActive.compute(DayState.usersByDay(days));
  }
}
