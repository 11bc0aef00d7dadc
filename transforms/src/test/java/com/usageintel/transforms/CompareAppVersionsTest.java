package com.usageintel.transforms;

import static com.usageintel.transforms.TestEvents.event;

import com.usageintel.schemas.VersionStability;
import com.usageintel.schemas.VersionStats;
import com.usageintel.transforms.aggregate.EventTally;
import com.usageintel.transforms.aggregate.VersionDayState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.Rule;
import org.junit.Test;

/**
 * Notation in the comments: e errors among k known flags; version 1 is the row's own, version 2
 * its predecessor; p = (e1 + e2) / (k1 + k2); z = (e1/k1 - e2/k2) / sqrt(p (1 - p) (1/k1 + 1/k2)).
 */
public class CompareAppVersionsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /**
   * The state of one OS and version on one day: event i is by user "U" + users[i] (key users[i])
   * with error flag flags[i].
   */
  private static VersionDayState versionDay(
      String os, String version, int dateSk, int[] users, Integer... flags) {
    if (users.length != flags.length) {
      throw new IllegalArgumentException("one flag per event");
    }
    String day = dateSk / 10_000 + "-" + String.format("%02d-%02d", dateSk / 100 % 100, dateSk % 100);
    EventTally tally = new EventTally();
    for (int i = 0; i < users.length; i++) {
      tally.add(
          event("U" + users[i], day + "T12:00:00Z", "Navigation")
              .setOsType(os).setAppVersion(version).setErrorFlag(flags[i]).build(),
          dateSk,
          users[i]);
    }
    return new VersionDayState(os, version, dateSk, tally);
  }

  private static int[] users(int... keys) {
    return keys;
  }

  /** {@code count} copies of a flag. */
  private static Integer[] flags(int count, Integer flag) {
    Integer[] flags = new Integer[count];
    Arrays.fill(flags, flag);
    return flags;
  }

  private static Integer[] concat(Integer[] a, Integer[] b) {
    List<Integer> all = new ArrayList<>(Arrays.asList(a));
    all.addAll(Arrays.asList(b));
    return all.toArray(new Integer[0]);
  }

  private static BigDecimal pct(String value) {
    return new BigDecimal(value);
  }

  /** The contract asks z exact to 1e-6: the rows with z rounded to 6 decimals. */
  private static PCollection<VersionStability> zTo6Decimals(
      String name, PCollection<VersionStability> rows) {
    return rows.apply(name, MapElements.into(TypeDescriptor.of(VersionStability.class))
        .via(row -> VersionStability.create(row.getStats(), row.getErrorRatePct(),
            row.getPrevAppVersion(), row.getPrevErrorRatePct(), row.getDiffPp(),
            row.getZScore() == null ? null : Math.round(row.getZScore() * 1e6) / 1e6,
            row.getIsRegression())));
  }

  @Test
  public void comparesEachVersionWithItsNumericPredecessorOnTheSameOs() {
    List<VersionDayState> input = List.of(
        // Android v5.5 on two days, U3 on both: 10 events, users {1, 2, 3, 4}, 0 errors of 10.
        versionDay("Android", "v5.5", 20250901, users(1, 1, 2, 2, 3, 3), flags(6, 0)),
        versionDay("Android", "v5.5", 20250902, users(3, 3, 4, 4), flags(4, 0)),
        // Android v5.9: 10 events of users {1, 2}, 1 error of 10.
        versionDay("Android", "v5.9", 20250903, users(1, 1, 1, 1, 1, 2, 2, 2, 2, 2),
            concat(flags(1, 1), flags(9, 0))),
        // Android v5.10 (after v5.9 by number, before it as text): 6 errors of 10, users {5}.
        versionDay("Android", "v5.10", 20250905, users(5, 5, 5, 5, 5, 5, 5, 5, 5, 5),
            concat(flags(6, 1), flags(4, 0))),
        // iOS v5.10, first seen on the 3rd: U1 on both days counts once -> users {1, 7};
        // 4 events, 1 error of 3 known flags.
        versionDay("iOS", "v5.10", 20250905, users(1, 1), 1, 0),
        versionDay("iOS", "v5.10", 20250903, users(1, 7), null, 0),
        // iOS v6.0: no known flag.
        versionDay("iOS", "v6.0", 20250906, users(8, 9, 8), null, null, null),
        // Other v2.0: 2 errors of 2; v2.1: 1 error of 1 -> pooled p = 3 / 3 = 1.
        versionDay("Other", "v2.0", 20250901, users(1, 2), 1, 1),
        versionDay("Other", "v2.1", 20250902, users(1), 1));

    PCollection<VersionStability> rows =
        pipeline.apply(Create.of(input).withCoder(VersionDayState.coder()))
            .apply(CompareAppVersions.fromVersionDayStates());

    PAssert.that(zTo6Decimals("RoundZ", rows))
        .containsInAnyOrder(
            // Lowest on Android: 0 / 10 -> 0.00, no predecessor.
            VersionStability.create(
                VersionStats.create("Android", "v5.5", 5, 5, 20250901, 10, 4, 0, 10),
                pct("0.00"), null, null, null, null, false),
            // 1/10 = 10.00 after 0/10 = 0.00: diff 10.00; p = 1/20 = 0.05;
            // z = 0.1 / sqrt(0.05 x 0.95 x 0.2) = 0.1 / sqrt(0.0095) = 1.0259784 < 1.96: none.
            VersionStability.create(
                VersionStats.create("Android", "v5.9", 5, 9, 20250903, 10, 2, 1, 10),
                pct("10.00"), "v5.5", pct("0.00"), pct("10.00"), 1.025978, false),
            // 6/10 = 60.00 after v5.9's 10.00: diff 50.00; p = 7/20 = 0.35;
            // z = 0.5 / sqrt(0.35 x 0.65 x 0.2) = 0.5 / sqrt(0.0455) = 2.3440362 > 1.96 and
            // 50 > 1 point: a regression.
            VersionStability.create(
                VersionStats.create("Android", "v5.10", 5, 10, 20250905, 10, 1, 6, 10),
                pct("60.00"), "v5.9", pct("10.00"), pct("50.00"), 2.344036, true),
            // Lowest on iOS (Android's versions are not its predecessors): 1/3 = 33.33.
            VersionStability.create(
                VersionStats.create("iOS", "v5.10", 5, 10, 20250903, 4, 2, 1, 3),
                pct("33.33"), null, null, null, null, false),
            // No known flag: NULL rate, the predecessor's shown, no diff, no z, no regression.
            VersionStability.create(
                VersionStats.create("iOS", "v6.0", 6, 0, 20250906, 3, 2, 0, 0),
                null, "v5.10", pct("33.33"), null, null, false),
            VersionStability.create(
                VersionStats.create("Other", "v2.0", 2, 0, 20250901, 2, 2, 2, 2),
                pct("100.00"), null, null, null, null, false),
            // 100.00 after 100.00: diff 0.00; pooled p = 1 -> no z, no regression.
            VersionStability.create(
                VersionStats.create("Other", "v2.1", 2, 1, 20250902, 1, 1, 1, 1),
                pct("100.00"), "v2.0", pct("100.00"), pct("0.00"), null, false));
    pipeline.run();
  }

  @Test
  public void theShardCountDoesNotChangeTheRows() {
    List<VersionDayState> input = List.of(
        versionDay("Android", "v1.0", 20250901, users(1, 2), 0, 1),
        versionDay("Android", "v1.0", 20250902, users(2, 3), 0, 0),
        versionDay("Android", "v1.1", 20250902, users(4), 1));

    PCollection<VersionDayState> days =
        pipeline.apply(Create.of(input).withCoder(VersionDayState.coder()));
    PCollection<VersionStability> oneShard =
        days.apply("OneShard", CompareAppVersions.fromVersionDayStates().withShards(1));
    PCollection<VersionStability> sevenShards =
        days.apply("SevenShards", CompareAppVersions.fromVersionDayStates().withShards(7));

    // v1.0: 4 events, users {1, 2, 3}, 1 error of 4 -> 25.00, first the 1st.
    // v1.1: 1 event, 1 error of 1 -> 100.00; diff 75.00; p = 2/5 = 0.4;
    // z = 0.75 / sqrt(0.4 x 0.6 x (1 + 1/4)) = 0.75 / sqrt(0.3) = 1.3693064 < 1.96: none.
    VersionStability v10 = VersionStability.create(
        VersionStats.create("Android", "v1.0", 1, 0, 20250901, 4, 3, 1, 4),
        pct("25.00"), null, null, null, null, false);
    VersionStability v11 = VersionStability.create(
        VersionStats.create("Android", "v1.1", 1, 1, 20250902, 1, 1, 1, 1),
        pct("100.00"), "v1.0", pct("25.00"), pct("75.00"), 1.369306, false);
    PAssert.that(zTo6Decimals("RoundZOneShard", oneShard)).containsInAnyOrder(v10, v11);
    PAssert.that(zTo6Decimals("RoundZSevenShards", sevenShards)).containsInAnyOrder(v10, v11);
    pipeline.run();
  }

  @Test
  public void noVersionDaysGiveNoRows() {
    PCollection<VersionStability> rows =
        pipeline.apply(Create.empty(VersionDayState.coder()))
            .apply(CompareAppVersions.fromVersionDayStates());

    PAssert.that(rows).empty();
    pipeline.run();
  }
}
