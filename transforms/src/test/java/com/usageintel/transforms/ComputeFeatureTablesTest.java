package com.usageintel.transforms;

import static com.usageintel.transforms.TestEvents.assertEveryTableRefuses;
import static com.usageintel.transforms.TestEvents.assertRunFailsOnRefusal;
import static com.usageintel.transforms.TestEvents.event;
import static com.usageintel.transforms.TestEvents.featureDayOf;
import static org.junit.Assert.assertEquals;

import com.usageintel.schemas.AnomalyDay;
import com.usageintel.schemas.FeatureAdoptionDay;
import com.usageintel.schemas.RetentionWeek;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.aggregate.FeatureDayState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.Rule;
import org.junit.Test;

public class ComputeFeatureTablesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final String EVENTS = "events";
  private static final String DAU = "dau";
  private static final String RATE = "error_rate_pct";
  private static final String FLEET = "All features";

  /** The tables of these feature-days' states. */
  private ComputeFeatureTables.Result tablesOf(List<FeatureDayState> featureDays) {
    return pipeline
        .apply(Create.of(featureDays).withCoder(FeatureDayState.coder()))
        .apply(ComputeFeatureTables.fromFeatureDayStates());
  }

  private ComputeFeatureTables.Result tablesOf(FeatureDayState... featureDays) {
    return tablesOf(List.of(featureDays));
  }

  /** A user's event of a feature on a day, with this error flag. */
  private static UsageEvent use(String user, String feature, String date, Integer errorFlag) {
    return event(user, date + "T12:00:00Z", feature).setErrorFlag(errorFlag).build();
  }

  /** The state of one feature's day holding these events ("U7" has key 7). */
  private static FeatureDayState featureDay(String feature, int dateSk, UsageEvent... events) {
    return new FeatureDayState(feature, dateSk, TestEvents.tallyOf(dateSk, events));
  }

  private static RetentionWeek retentionRow(String feature, int cohortWeekStartSk, int weeksSince,
      long cohortUsers, long retainedUsers, String pct) {
    return RetentionWeek.create(
        feature, cohortWeekStartSk, weeksSince, cohortUsers, retainedUsers, new BigDecimal(pct));
  }

  private static FeatureAdoptionDay adoptionRow(int dateSk, String feature, long newAdopters,
      long adopters, long usersToDate, String pct) {
    return FeatureAdoptionDay.create(
        dateSk, feature, newAdopters, adopters, usersToDate, new BigDecimal(pct));
  }

  /** A row whose baseline has fewer than 14 values: no median, MAD or z, no anomaly. */
  private static AnomalyDay noBaseline(int dateSk, String metric, boolean isFleet, String feature,
      @Nullable String value, int baselineDays) {
    return AnomalyDay.create(dateSk, metric, isFleet, feature,
        value == null ? null : new BigDecimal(value), baselineDays, null, null, null, false);
  }

  @Test
  public void retentionCohortsPerFeatureRunToTheLastWeekOfAnyFeature() {
    // Weeks by their Mondays: W0 09-01, W1 09-08, W2 09-15.
    //   Navigation:      09-01 U1, U2;  09-08 U1;  09-15 U3
    //   Climate Control: 09-02 U1;      09-10 U2 (who used Navigation in W0)
    // The last week with an event of any feature is W2; Climate Control's own last is W1.
    PCollection<RetentionWeek> rows =
        tablesOf(
                featureDayOf("Navigation", "2025-09-15", "U3"),
                featureDayOf("Climate Control", "2025-09-10", "U2"),
                featureDayOf("Navigation", "2025-09-01", "U1", "U2"),
                featureDayOf("Climate Control", "2025-09-02", "U1"),
                featureDayOf("Navigation", "2025-09-08", "U1"))
            .featureRetention();

    // Navigation: W0 cohort {U1, U2}: 2 of 2; W1 U1 -> 1 of 2 = 50.00; W2 {U3} -> 0.
    //   W2 cohort {U3}: 1 of 1, and W2 is the last week. W1 brings no new user of it.
    // Climate Control: a user's cohort is their first week of this feature.
    //   W0 cohort {U1}: 1 of 1; W1 {U2} -> 0; W2 (no Climate Control at all) -> 0.
    //   W1 cohort {U2}: 1 of 1; W2 -> 0.
    PAssert.that(rows)
        .containsInAnyOrder(
            retentionRow("Navigation", 20250901, 0, 2, 2, "100.00"),
            retentionRow("Navigation", 20250901, 1, 2, 1, "50.00"),
            retentionRow("Navigation", 20250901, 2, 2, 0, "0.00"),
            retentionRow("Navigation", 20250915, 0, 1, 1, "100.00"),
            retentionRow("Climate Control", 20250901, 0, 1, 1, "100.00"),
            retentionRow("Climate Control", 20250901, 1, 1, 0, "0.00"),
            retentionRow("Climate Control", 20250901, 2, 1, 0, "0.00"),
            retentionRow("Climate Control", 20250908, 0, 1, 1, "100.00"),
            retentionRow("Climate Control", 20250908, 1, 1, 0, "0.00"));
    pipeline.run();
  }

  @Test
  public void adoptionOnEveryDayFromTheFirstToTheLastTimesEveryFeature() {
    //   Navigation:      09-01 U1, U2
    //   Climate Control: 09-03 U2 (a second feature for U2), U3
    // No event on 09-02.
    PCollection<FeatureAdoptionDay> rows =
        tablesOf(
                featureDayOf("Climate Control", "2025-09-03", "U2", "U3"),
                featureDayOf("Navigation", "2025-09-01", "U1", "U2"))
            .featureAdoption();

    // users_to_date: 09-01 {U1, U2} = 2, 09-02 2, 09-03 {U1, U2, U3} = 3.
    // Climate Control before its first adopter: 0 of 2 = 0.00. 09-03: U2 and U3 new,
    //   2 of 3 = 66.666... -> 66.67.
    // Navigation: 09-01 2 new, 2 of 2; then 2 of 2, and 2 of 3 = 66.67 once U3 arrives.
    PAssert.that(rows)
        .containsInAnyOrder(
            adoptionRow(20250901, "Climate Control", 0, 0, 2, "0.00"),
            adoptionRow(20250901, "Navigation", 2, 2, 2, "100.00"),
            adoptionRow(20250902, "Climate Control", 0, 0, 2, "0.00"),
            adoptionRow(20250902, "Navigation", 0, 2, 2, "100.00"),
            adoptionRow(20250903, "Climate Control", 2, 2, 3, "66.67"),
            adoptionRow(20250903, "Navigation", 0, 2, 3, "66.67"));
    pipeline.run();
  }

  @Test
  public void anomaliesOfTheFleetCountUsersOnceAndARealAllFeaturesStaysAFeature() {
    // 09-01: Navigation U1 (error), U2 (no error); a real feature named "All features": U1,
    //        flag unknown.
    // 09-02: no event.
    // 09-03: Navigation U1 (no error).
    PCollection<AnomalyDay> rows =
        tablesOf(
                featureDay("Navigation", 20250903, use("U1", "Navigation", "2025-09-03", 0)),
                featureDay("All features", 20250901,
                    use("U1", "All features", "2025-09-01", null)),
                featureDay("Navigation", 20250901,
                    use("U1", "Navigation", "2025-09-01", 1),
                    use("U2", "Navigation", "2025-09-01", 0)))
            .anomalies();

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
  public void anomaliesOfTheFleetBaselineCountUsersOnceAcrossFeatures() {
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
        tablesOf(states)
            .anomalies()
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
  public void theThreeTablesShareOneListOfTheFeatureDays() {
    tablesOf(featureDayOf("Navigation", "2025-09-17", "U1"));

    assertEquals(1, TestEvents.viewsIn(pipeline));
    pipeline.run();
  }

  @Test
  public void noFeatureDaysGiveNoRows() {
    ComputeFeatureTables.Result tables = tablesOf();

    PAssert.that(tables.featureRetention()).empty();
    PAssert.that(tables.featureAdoption()).empty();
    PAssert.that(tables.anomalies()).empty();
    pipeline.run();
  }

  @Test
  public void twoStatesOfOneFeatureAndDayFailThePipeline() {
    // The refusal names the second state it meets; both hold one event.
    String twoStates = "Navigation on 20250917 (1 events) has two states";
    FeatureDayState withU1 = featureDayOf("Navigation", "2025-09-17", "U1");
    FeatureDayState withU2 = featureDayOf("Navigation", "2025-09-17", "U2");
    assertEveryTableRefuses(List.of(withU1, withU2), twoStates, List.of(
        ComputeFeatureTables::featureRetention,
        ComputeFeatureTables::featureAdoption,
        ComputeFeatureTables::anomalies));

    tablesOf(withU1, withU2);
    assertRunFailsOnRefusal(pipeline, twoStates);
  }
}
