package com.usageintel.transforms.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.usageintel.schemas.DimDate;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * dim_date (contract sections 4 and 7). Weekdays by hand from 2025-01-01, a Wednesday: 2024-01-01
 * is 366 days earlier, a Monday; ISO week 1 of 2025 starts on Monday 2024-12-30.
 */
class CalendarDaysTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock = """
          # date     | sk       | y    | q | m  | month name | iso y | iso w | dow | day name  | weekend
          # Its week's Thursday is 2025-01-02, so the Monday belongs to 2025's week 1.
          2024-12-30 | 20241230 | 2024 | 4 | 12 | December   | 2025  | 1     | 1   | Monday    | false
          # 2026-01-01 is a Thursday (2025-01-01 + 365 days), so 2026 has 53 ISO weeks; 2027-01-01
          # is a Friday whose Thursday, 2026-12-31, is in 2026.
          2027-01-01 | 20270101 | 2027 | 1 | 1  | January    | 2026  | 53    | 5   | Friday    | false
          # Wednesday 2025-12-31: its Thursday is 2026-01-01, so it is 2026's week 1.
          2025-12-31 | 20251231 | 2025 | 4 | 12 | December   | 2026  | 1     | 3   | Wednesday | false
          # Leap day: day 60 of 2024, which began on a Monday; 59 = 8 weeks + 3 days: Thursday of week 9.
          2024-02-29 | 20240229 | 2024 | 1 | 2  | February   | 2024  | 9     | 4   | Thursday  | false
          # Quarter boundaries; the ISO week counts days since Monday 2024-12-30 (day 0).
          # 03-31 is day 91 of that count (13 full weeks): week 14, a Monday.
          2025-03-31 | 20250331 | 2025 | 1 | 3  | March      | 2025  | 14    | 1   | Monday    | false
          2025-04-01 | 20250401 | 2025 | 2 | 4  | April      | 2025  | 14    | 2   | Tuesday   | false
          # 06-30 is day 182 (26 full weeks): week 27, a Monday.
          2025-06-30 | 20250630 | 2025 | 2 | 6  | June       | 2025  | 27    | 1   | Monday    | false
          2025-07-01 | 20250701 | 2025 | 3 | 7  | July       | 2025  | 27    | 2   | Tuesday   | false
          # 09-30 is day 274 (39 weeks + 1 day): week 40, a Tuesday.
          2025-09-30 | 20250930 | 2025 | 3 | 9  | September  | 2025  | 40    | 2   | Tuesday   | false
          2025-10-01 | 20251001 | 2025 | 4 | 10 | October    | 2025  | 40    | 3   | Wednesday | false
          # 09-13 is day 257 (36 weeks + 5 days): Saturday of week 37.
          2025-09-13 | 20250913 | 2025 | 3 | 9  | September  | 2025  | 37    | 6   | Saturday  | true
          2025-09-14 | 20250914 | 2025 | 3 | 9  | September  | 2025  | 37    | 7   | Sunday    | true
          2025-09-15 | 20250915 | 2025 | 3 | 9  | September  | 2025  | 38    | 1   | Monday    | false
          2025-09-19 | 20250919 | 2025 | 3 | 9  | September  | 2025  | 38    | 5   | Friday    | false
          """)
  void describesADay(
      String date, int dateSk, int year, int quarter, int month, String monthName, int isoYear,
      int isoWeek, int dayOfWeek, String dayName, boolean isWeekend) {
    DimDate expected =
        DimDate.create(dateSk, date, year, quarter, month, monthName, isoYear, isoWeek, dayOfWeek,
            dayName, isWeekend);
    assertEquals(expected, CalendarDays.dimDate(LocalDate.parse(date)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "1, January", "2, February", "3, March", "4, April", "5, May", "6, June", "7, July",
    "8, August", "9, September", "10, October", "11, November", "12, December"
  })
  void namesEveryMonthInEnglish(int month, String name) {
    DimDate day = CalendarDays.dimDate(LocalDate.of(2025, month, 15));
    assertEquals(name, day.getMonthName());
    // Months 1-3 are Q1, 4-6 Q2, 7-9 Q3, 10-12 Q4.
    assertEquals((month + 2) / 3, day.getQuarter());
  }

  @Test
  void keysAreYyyymmddBothWays() {
    assertEquals(20250917, CalendarDays.dateSk(LocalDate.of(2025, 9, 17)));
    assertEquals(LocalDate.of(2025, 9, 17), CalendarDays.date(20250917));
    assertEquals(LocalDate.of(2024, 2, 29), CalendarDays.date(20240229));
    assertEquals(10101, CalendarDays.dateSk(LocalDate.of(1, 1, 1)));
  }

  @Test
  void aKeyThatNamesNoDayIsRefused() {
    // 2025 is not a leap year; month 13 does not exist.
    assertThrows(DateTimeException.class, () -> CalendarDays.date(20250229));
    assertThrows(DateTimeException.class, () -> CalendarDays.date(20251301));
  }

  @Test
  void rangeCrossesAYearBoundaryWithoutGaps() {
    List<DimDate> days = CalendarDays.range(20241230, 20250102);
    assertEquals(
        List.of(20241230, 20241231, 20250101, 20250102),
        days.stream().map(DimDate::getDateSk).toList());
    assertEquals(
        List.of("Monday", "Tuesday", "Wednesday", "Thursday"),
        days.stream().map(DimDate::getDayName).toList());
  }

  @Test
  void rangeCrossesAMonthBoundaryThroughALeapDay() {
    assertEquals(
        List.of(20240227, 20240228, 20240229, 20240301, 20240302),
        CalendarDays.range(20240227, 20240302).stream().map(DimDate::getDateSk).toList());
  }

  @Test
  void rangeOfALeapYearHas366ConsecutiveDays() {
    List<DimDate> days = CalendarDays.range(20240101, 20241231);
    assertEquals(366, days.size());
    for (int i = 1; i < days.size(); i++) {
      assertEquals(
          LocalDate.parse(days.get(i - 1).getCalendarDate()).plusDays(1),
          LocalDate.parse(days.get(i).getCalendarDate()));
    }
  }

  @Test
  void rangeOfOneDayIsThatDay() {
    assertEquals(
        List.of(CalendarDays.dimDate(LocalDate.of(2025, 9, 17))),
        CalendarDays.range(20250917, 20250917));
  }

  @Test
  void rangeEndingBeforeItStartsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> CalendarDays.range(20250102, 20250101));
  }
}
