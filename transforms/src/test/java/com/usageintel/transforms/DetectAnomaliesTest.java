package com.usageintel.transforms;

import static com.usageintel.transforms.TestEvents.event;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.usageintel.schemas.AnomalyDay;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.aggregate.FeatureDayState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.Rule;
import org.junit.Test;

public class DetectAnomaliesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final String EVENTS = "events";
  private static final String DAU = "dau";
  private static final String RATE = "error_rate_pct";
  private static final String FLEET = "All features";

  /** A user's event of a feature on a day, with this error flag. */
  private static UsageEvent use(String user, String feature, String date, Integer errorFlag) {
    return event(user, date + "T12:00:00Z", feature).setErrorFlag(errorFlag).build();
  }

  /** The state of one feature's day holding these events ("U7" has key 7). */
  private static FeatureDayState featureDay(String feature, int dateSk, UsageEvent... events) {
    return new FeatureDayState(feature, dateSk, TestEvents.tallyOf(dateSk, events));
  }

  /** A row whose baseline has fewer than 14 values: no median, MAD or z, no anomaly. */
  private static AnomalyDay noBaseline(int dateSk, String metric, boolean isFleet, String feature,
      @Nullable String value, int baselineDays) {
    return AnomalyDay.create(dateSk, metric, isFleet, feature,
        value == null ? null : new BigDecimal(value), baselineDays, null, null, null, false);
  }

  @Test
  public void theFleetCountsUsersOnceAndARealAllFeaturesStaysAFeature() {
    // 09-01: Navigation U1 (error), U2 (no error); a real feature named "All features": U1,
    //        flag unknown.
    // 09-02: no event.
    // 09-03: Navigation U1 (no error).
    PCollection<AnomalyDay> rows =
        pipeline
            .apply(Create.of(
                    featureDay("Navigation", 20250903, use("U1", "Navigation", "2025-09-03", 0)),
                    featureDay("All features", 20250901,
                        use("U1", "All features", "2025-09-01", null)),
                    featureDay("Navigation", 20250901,
                        use("U1", "Navigation", "2025-09-01", 1),
                        use("U2", "Navigation", "2025-09-01", 0)))
                .withCoder(FeatureDayState.coder()))
            .apply(DetectAnomalies.fromFeatureDayStates());

    // Three days (09-01 to 09-03), three series, three metrics: 27 rows; at most 2 days before
    // any of them, so no baseline anywhere. Baseline days: events and dau 0, 1, 2; the rate
    // counts only days with a rate.
    // Fleet: 09-01 3 events, users {U1, U2} = 2 (U1 once, though in two features), 1 error of
    //   2 known flags = 50.00; 09-02 0, 0, NULL; 09-03 1, 1, 0.00 (rate baseline: 09-01 only).
    // Navigation: 09-01 2, 2, 50.00; 09-02 0, 0, NULL; 09-03 1, 1, 0.00.
    // The feature "All features" (is_fleet false): 09-01 1, 1, NULL (no known flag); then 0, 0,
    //   NULL; no rate ever, so its rate baseline stays 0.
    PAssert.that(rows)
        .containsInAnyOrder(
            noBaseline(20250901, EVENTS, true, FLEET, "3", 0),
            noBaseline(20250901, DAU, true, FLEET, "2", 0),
            noBaseline(20250901, RATE, true, FLEET, "50.00", 0),
            noBaseline(20250902, EVENTS, true, FLEET, "0", 1),
            noBaseline(20250902, DAU, true, FLEET, "0", 1),
            noBaseline(20250902, RATE, true, FLEET, null, 1),
            noBaseline(20250903, EVENTS, true, FLEET, "1", 2),
            noBaseline(20250903, DAU, true, FLEET, "1", 2),
            noBaseline(20250903, RATE, true, FLEET, "0.00", 1),
            noBaseline(20250901, EVENTS, false, "Navigation", "2", 0),
            noBaseline(20250901, DAU, false, "Navigation", "2", 0),
            noBaseline(20250901, RATE, false, "Navigation", "50.00", 0),
            noBaseline(20250902, EVENTS, false, "Navigation", "0", 1),
            noBaseline(20250902, DAU, false, "Navigation", "0", 1),
            noBaseline(20250902, RATE, false, "Navigation", null, 1),
            noBaseline(20250903, EVENTS, false, "Navigation", "1", 2),
            noBaseline(20250903, DAU, false, "Navigation", "1", 2),
            noBaseline(20250903, RATE, false, "Navigation", "0.00", 1),
            noBaseline(20250901, EVENTS, false, FLEET, "1", 0),
            noBaseline(20250901, DAU, false, FLEET, "1", 0),
            noBaseline(20250901, RATE, false, FLEET, null, 0),
            noBaseline(20250902, EVENTS, false, FLEET, "0", 1),
            noBaseline(20250902, DAU, false, FLEET, "0", 1),
            noBaseline(20250902, RATE, false, FLEET, null, 0),
            noBaseline(20250903, EVENTS, false, FLEET, "0", 2),
            noBaseline(20250903, DAU, false, FLEET, "0", 2),
            noBaseline(20250903, RATE, false, FLEET, null, 0));
    pipeline.run();
  }

  @Test
  public void theFleetBaselineCountsUsersOnceAcrossFeatures() {
    // 15 days, 09-01 (index 0) to 09-15 (index 14); every event without error.
    //   indexes 0..13: Navigation U1; Climate Control U1 on even indexes, U2 on odd ones
    //   index 14:      Navigation U1, U2, U3; Climate Control U1
    List<FeatureDayState> states = new ArrayList<>();
    for (int day = 0; day <= 13; day++) {
      int dateSk = 20250901 + day;
      String date = "2025-09-" + String.format("%02d", day + 1);
      String climateUser = day % 2 == 0 ? "U1" : "U2";
      states.add(featureDay("Navigation", dateSk, use("U1", "Navigation", date, 0)));
      states.add(featureDay("Climate Control", dateSk,
          use(climateUser, "Climate Control", date, 0)));
    }
    states.add(featureDay("Navigation", 20250915,
        use("U1", "Navigation", "2025-09-15", 0),
        use("U2", "Navigation", "2025-09-15", 0),
        use("U3", "Navigation", "2025-09-15", 0)));
    states.add(featureDay("Climate Control", 20250915,
        use("U1", "Climate Control", "2025-09-15", 0)));

    PCollection<AnomalyDay> rows =
        pipeline
            .apply(Create.of(states).withCoder(FeatureDayState.coder()))
            .apply(DetectAnomalies.fromFeatureDayStates())
            .apply(Filter.by(row -> row.getIsFleet() && row.getDateSk() == 20250915));

    // Fleet on index 14, against the 14 days before:
    // dau: {U1} = 1 on even indexes (U1 in both features, once), {U1, U2} = 2 on odd ones:
    //   seven 1s and seven 2s, median 1.5, every deviation 0.5, MAD 0.5;
    //   today {U1, U2, U3} = 3: z = 0.6745 × (3 − 1.5) / 0.5 = 0.6745 × 3 = 2.0235.
    //   (Counting U1 twice would make every baseline value 2 and the MAD 0.)
    // events: 1 + 1 = 2 every day: median 2, MAD 0, no z; today 3 + 1 = 4.
    // error rate: 0.00 every day: median 0, MAD 0, no z; today 0 of 4 = 0.00.
    PAssert.that(rows)
        .containsInAnyOrder(
            AnomalyDay.create(20250915, DAU, true, FLEET, new BigDecimal("3"), 14,
                new BigDecimal("1.5000"), new BigDecimal("0.5000"), new BigDecimal("2.0235"),
                false),
            AnomalyDay.create(20250915, EVENTS, true, FLEET, new BigDecimal("4"), 14,
                new BigDecimal("2.0000"), new BigDecimal("0.0000"), null, false),
            AnomalyDay.create(20250915, RATE, true, FLEET, new BigDecimal("0.00"), 14,
                new BigDecimal("0.0000"), new BigDecimal("0.0000"), null, false));
    pipeline.run();
  }

  @Test
  public void noFeatureDaysGiveNoRows() {
    PCollection<AnomalyDay> rows =
        pipeline.apply(Create.empty(FeatureDayState.coder()))
            .apply(DetectAnomalies.fromFeatureDayStates());

    PAssert.that(rows).empty();
    pipeline.run();
  }

  @Test
  public void twoStatesOfOneFeatureAndDayFailThePipeline() {
    pipeline
        .apply(Create.of(
                featureDay("Navigation", 20250917, use("U1", "Navigation", "2025-09-17", 0)),
                featureDay("Navigation", 20250917, use("U2", "Navigation", "2025-09-17", 0)))
            .withCoder(FeatureDayState.coder()))
        .apply(DetectAnomalies.fromFeatureDayStates());

    Pipeline.PipelineExecutionException failure =
        assertThrows(Pipeline.PipelineExecutionException.class, () -> pipeline.run());
    assertTrue(failure.getCause() instanceof IllegalStateException);
    assertTrue(failure.getCause().getMessage().contains("Navigation on 20250917"));
    assertTrue(failure.getCause().getMessage().contains("has two states"));
  }
}
