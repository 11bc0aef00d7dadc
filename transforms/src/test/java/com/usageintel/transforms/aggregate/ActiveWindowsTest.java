package com.usageintel.transforms.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The days a user counts towards WAU (7) and MAU (30): contract sections 4 and 7. */
class ActiveWindowsTest {

  private static TreeSet<Integer> active(Integer... dateSks) {
    return new TreeSet<>(List.of(dateSks));
  }

  @Test
  void oneActiveDayCoversItselfAndTheSixDaysAfter() {
    // 09-10 is in the windows ending 09-10 ... 09-16 (09-16 - 6 = 09-10).
    assertEquals(
        List.of(20250910, 20250911, 20250912, 20250913, 20250914, 20250915, 20250916),
        ActiveWindows.coveredDays(active(20250910), 7, 20250901, 20250930));
  }

  @Test
  void coverStopsAtTheEndOfTheRange() {
    // 09-27 would cover through 10-03; the range ends on 09-30.
    assertEquals(
        List.of(20250927, 20250928, 20250929, 20250930),
        ActiveWindows.coveredDays(active(20250927), 7, 20250901, 20250930));
  }

  @Test
  void overlappingCoversAreMergedWithoutRepeats() {
    // 09-10 covers 09-10..09-16, 09-13 covers 09-13..09-19: together 09-10..09-19, each once.
    assertEquals(
        List.of(20250910, 20250911, 20250912, 20250913, 20250914, 20250915, 20250916, 20250917,
            20250918, 20250919),
        ActiveWindows.coveredDays(active(20250910, 20250913), 7, 20250901, 20250930));
  }

  @Test
  void separateCoversLeaveTheDaysBetweenUncovered() {
    // 09-01 covers 09-01..09-07, 09-20 covers 09-20..09-26; 09-08..09-19 count no one.
    assertEquals(
        List.of(20250901, 20250902, 20250903, 20250904, 20250905, 20250906, 20250907,
            20250920, 20250921, 20250922, 20250923, 20250924, 20250925, 20250926),
        ActiveWindows.coveredDays(active(20250901, 20250920), 7, 20250901, 20250930));
  }

  @Test
  void coverCrossesAMonthBoundary() {
    // January has 31 days: 01-29 + 6 days is 02-04.
    assertEquals(
        List.of(20250129, 20250130, 20250131, 20250201, 20250202, 20250203, 20250204),
        ActiveWindows.coveredDays(active(20250129), 7, 20250101, 20250228));
  }

  @Test
  void coverCrossesAYearBoundary() {
    // 2024-12-29 + 6 days is 2025-01-04.
    assertEquals(
        List.of(20241229, 20241230, 20241231, 20250101, 20250102, 20250103, 20250104),
        ActiveWindows.coveredDays(active(20241229), 7, 20241201, 20250131));
  }

  @Test
  void thirtyDayWindowAcrossALeapFebruary() {
    // 2024-02-01 + 29 days: February 2024 has 29 days, so the 30 days are 02-01..02-29 and 03-01.
    List<Integer> covered = ActiveWindows.coveredDays(active(20240201), 30, 20240101, 20240331);
    assertEquals(30, covered.size());
    assertEquals(20240201, covered.get(0));
    assertEquals(20240229, covered.get(28));
    assertEquals(20240301, covered.get(29));
  }

  @Test
  void thirtyDayWindowAcrossACommonFebruary() {
    // 2025-02-01 + 29 days: February 2025 has 28 days, so the cover ends on 03-02.
    List<Integer> covered = ActiveWindows.coveredDays(active(20250201), 30, 20250101, 20250331);
    assertEquals(30, covered.size());
    assertEquals(20250228, covered.get(27));
    assertEquals(List.of(20250301, 20250302), covered.subList(28, 30));
  }

  @Test
  void activeDayBeforeTheRangeCoversItsStart() {
    // 09-05 is in the windows ending 09-05..09-11; of those, 09-08..09-11 are in the range.
    assertEquals(
        List.of(20250908, 20250909, 20250910, 20250911),
        ActiveWindows.coveredDays(active(20250905), 7, 20250908, 20250930));
  }

  @Test
  void activeDaysOutsideTheReachOfTheRangeCoverNothing() {
    // 09-01 covers through 09-07, before the range; 10-01 is after it.
    assertEquals(
        List.of(), ActiveWindows.coveredDays(active(20250901, 20251001), 7, 20250908, 20250930));
    assertEquals(List.of(), ActiveWindows.coveredDays(active(), 7, 20250901, 20250930));
  }

  @Test
  void windowOfOneDayIsTheActiveDaysThemselves() {
    assertEquals(
        List.of(20250903, 20250905),
        ActiveWindows.coveredDays(active(20250903, 20250905), 1, 20250901, 20250930));
  }

  @Test
  void windowOfNoDaysIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ActiveWindows.coveredDays(active(20250903), 0, 20250901, 20250930));
  }
}
