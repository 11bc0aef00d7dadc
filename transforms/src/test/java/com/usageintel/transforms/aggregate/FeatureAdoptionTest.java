package com.usageintel.transforms.aggregate;

import static com.usageintel.transforms.aggregate.ExpectedRows.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.usageintel.schemas.FeatureAdoptionDay;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** agg_feature_adoption_daily (contract 8.3). */
class FeatureAdoptionTest {

  @Test
  void everyDayTimesEveryFeatureFromTheFirstDay() {
    // 09-01 to 09-05; no event at all on 09-02 and 09-04.
    //   Navigation:       09-01 users 1, 2;  09-03 user 3;  09-05 user 1 (again)
    //   Climate Control:  09-03 user 2 (Navigation since 09-01);  09-05 users 1 and 4
    // User 4's only feature is Climate Control.
    Map<String, Map<Integer, RoaringBitmap>> usersByFeature =
        Map.of(
            "Navigation",
            Map.of(
                20250901, RoaringBitmap.bitmapOf(1, 2),
                20250903, RoaringBitmap.bitmapOf(3),
                20250905, RoaringBitmap.bitmapOf(1)),
            "Climate Control",
            Map.of(
                20250903, RoaringBitmap.bitmapOf(2),
                20250905, RoaringBitmap.bitmapOf(1, 4)));

    List<FeatureAdoptionDay> rows = FeatureAdoption.compute(usersByFeature, 20250901, 20250905);

    // users_to_date: 09-01 {1, 2} = 2; 09-02 2; 09-03 {1, 2, 3} = 3; 09-04 3;
    //   09-05 {1, 2, 3, 4} = 4 (user 4 counts through Climate Control alone).
    // Climate Control: nobody before 09-03 -> 0 adopters, 0.00. 09-03: user 2 is new to it,
    //   1 of 3 = 33.33. 09-05: users 1 (adopting a second feature) and 4 -> 2 new, 3 of 4 = 75.00.
    // Navigation: 09-01 2 new, 2 of 2; 09-03 user 3, 3 of 3; 09-05 user 1 is no new adopter,
    //   3 of 4 = 75.00 because user 4 of the other feature counts in users_to_date.
    //   day        feature       new adopters to_date pct
    assertSameRows(
        List.of(
            row(20250901, "Climate Control", 0, 0, 2, "0.00"),
            row(20250901, "Navigation", 2, 2, 2, "100.00"),
            row(20250902, "Climate Control", 0, 0, 2, "0.00"),
            row(20250902, "Navigation", 0, 2, 2, "100.00"),
            row(20250903, "Climate Control", 1, 1, 3, "33.33"),
            row(20250903, "Navigation", 1, 3, 3, "100.00"),
            row(20250904, "Climate Control", 0, 1, 3, "33.33"),
            row(20250904, "Navigation", 0, 3, 3, "100.00"),
            row(20250905, "Climate Control", 2, 3, 4, "75.00"),
            row(20250905, "Navigation", 0, 3, 4, "75.00")),
        rows);
  }

  @Test
  void twoThirdsRoundsUp() {
    // 09-01: users 1, 2, 3 use Navigation; users 1 and 2 also Climate Control.
    // Climate Control: 100 × 2/3 = 66.666... -> 66.67.
    Map<String, Map<Integer, RoaringBitmap>> usersByFeature =
        Map.of(
            "Navigation", Map.of(20250901, RoaringBitmap.bitmapOf(1, 2, 3)),
            "Climate Control", Map.of(20250901, RoaringBitmap.bitmapOf(1, 2)));

    List<FeatureAdoptionDay> rows = FeatureAdoption.compute(usersByFeature, 20250901, 20250901);

    assertSameRows(
        List.of(
            row(20250901, "Climate Control", 2, 2, 3, "66.67"),
            row(20250901, "Navigation", 3, 3, 3, "100.00")),
        rows);
  }

  @Test
  void noFeatureGivesNoRows() {
    assertEquals(List.of(), FeatureAdoption.compute(Map.of(), 20250901, 20250905));
  }

  /** User 1's use of Navigation on 09-01, the only event. */
  private static Map<String, Map<Integer, RoaringBitmap>> oneUseOnSeptemberFirst() {
    return Map.of("Navigation", Map.of(20250901, RoaringBitmap.bitmapOf(1)));
  }

  @Test
  void aRangeStartingBeforeAnyEventIsRefused() {
    // users_to_date would be 0 on 08-31: only a caller's bug starts the range there.
    assertThrows(
        IllegalStateException.class,
        () -> FeatureAdoption.compute(oneUseOnSeptemberFirst(), 20250831, 20250901));
  }

  @Test
  void aRangeEndingBeforeItStartsIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> FeatureAdoption.compute(oneUseOnSeptemberFirst(), 20250902, 20250901));
  }

  private static FeatureAdoptionDay row(int dateSk, String feature, long newAdopters,
      long adopters, long usersToDate, String adoptionPct) {
    return FeatureAdoptionDay.create(dateSk, feature, newAdopters, adopters, usersToDate,
        new BigDecimal(adoptionPct));
  }
}
