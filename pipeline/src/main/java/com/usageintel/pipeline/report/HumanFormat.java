package com.usageintel.pipeline.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Numbers as people read them, the same on every machine (English separators whatever the
 * default locale): 52,000; 31.58%; 9:36 for 9.6 minutes; ISO dates. Absent values show as a dash.
 */
public final class HumanFormat {
  public static final String NONE = "–";

  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private HumanFormat() {}

  public static String count(long value) {
    return String.format(Locale.ENGLISH, "%,d", value);
  }

  /** A percentage with {@code decimals} places, rounded half away from zero. */
  public static String percent(BigDecimal value, int decimals) {
    return value == null
        ? NONE
        : String.format(Locale.ENGLISH, "%,." + decimals + "f%%", value.setScale(decimals, RoundingMode.HALF_UP));
  }

  /** {@code part} as a share of {@code whole}, in percent with one decimal. */
  public static String share(long part, long whole) {
    return whole == 0
        ? NONE
        : percent(BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
            .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP), 1);
  }

  /** A percentage-point difference with its sign: +66.67 pp, −16.67 pp. */
  public static String points(BigDecimal value) {
    if (value == null) {
      return NONE;
    }
    String digits = String.format(Locale.ENGLISH, "%.2f", value.abs());
    return (value.signum() < 0 ? "−" : "+") + digits + " pp";
  }

  /** Minutes as m:ss (h:mm:ss from an hour on), to the nearest second. */
  public static String minutes(Double value) {
    if (value == null) {
      return NONE;
    }
    long seconds = Math.round(value * 60);
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", minutes, seconds % 60);
  }

  public static String decimal(Double value, int decimals) {
    return value == null ? NONE : String.format(Locale.ENGLISH, "%,." + decimals + "f", value);
  }

  public static String date(LocalDate value) {
    return value == null ? NONE : value.toString();
  }

  public static String instant(Instant value) {
    return value == null ? NONE : INSTANT.format(value);
  }
}
