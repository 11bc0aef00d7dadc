package com.usageintel.pipeline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HumanFormatTest {
  @Test
  void countsHaveThousandsSeparatorsInAnyDefaultLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertEquals("52,000", HumanFormat.count(52_000));
      assertEquals("1,234,567", HumanFormat.count(1_234_567));
      assertEquals("0", HumanFormat.count(0));
      assertEquals("7.24%", HumanFormat.percent(new BigDecimal("7.24"), 2));
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void percentagesAndSharesRoundHalfAwayFromZero() {
    assertEquals("3.13%", HumanFormat.percent(new BigDecimal("3.125"), 2));
    assertEquals("100.00%", HumanFormat.percent(new BigDecimal("100"), 2));
    assertEquals("33.3%", HumanFormat.share(1, 3));
    assertEquals("66.7%", HumanFormat.share(2, 3));
    assertEquals("0.1%", HumanFormat.share(1, 2000)); // 0.05 → 0.1
    assertEquals("+66.67 pp", HumanFormat.points(new BigDecimal("66.67")));
    assertEquals("−16.67 pp", HumanFormat.points(new BigDecimal("-16.67")));
    assertEquals(HumanFormat.NONE, HumanFormat.percent(null, 2));
    assertEquals(HumanFormat.NONE, HumanFormat.share(1, 0));
    assertEquals(HumanFormat.NONE, HumanFormat.points(null));
  }

  @Test
  void durationsAreMinutesAndSecondsToTheNearestSecond() {
    assertEquals("9:36", HumanFormat.minutes(9.6));
    assertEquals("0:30", HumanFormat.minutes(0.5));
    assertEquals("0:01", HumanFormat.minutes(0.01)); // 0.6 s
    assertEquals("59:59", HumanFormat.minutes(59.99)); // 3,599.4 s
    assertEquals("1:00:00", HumanFormat.minutes(59.995)); // 3,599.7 s
    assertEquals("4:00:00", HumanFormat.minutes(240.0));
    assertEquals(HumanFormat.NONE, HumanFormat.minutes(null));
  }

  @Test
  void datesAndInstantsAreIso() {
    assertEquals("2025-02-05", HumanFormat.date(LocalDate.of(2025, 2, 5)));
    assertEquals("2025-02-05 09:00:00 UTC", HumanFormat.instant(Instant.parse("2025-02-05T09:00:00Z")));
    assertEquals("1,234.57", HumanFormat.decimal(1234.567, 2));
    assertEquals("-0.37", HumanFormat.decimal(-0.372678, 2));
  }
}
