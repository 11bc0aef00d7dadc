package com.usageintel.transforms.aggregate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The derived metrics of contract section 5, computed from additive parts. */
public final class Rates {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private Rates() {}

  /**
   * 100 × errors / known-flag events, rounded half away from zero to 2 decimals on the exact
   * ratio, as PostgreSQL's {@code round(numeric, 2)} (1/32 is 3.125, so 3.13); NULL when no flag
   * is known. Never through a double: 3.125 is exact there, but most halves are not.
   */
  public static @Nullable BigDecimal errorRatePct(long errorEvents, long knownFlagEvents) {
    return knownFlagEvents == 0 ? null : percent(errorEvents, knownFlagEvents);
  }

  /** 100 × part / whole, rounded half away from zero to 2 decimals on the exact ratio. */
  public static BigDecimal percent(long part, long whole) {
    return BigDecimal.valueOf(part)
        .multiply(HUNDRED)
        .divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
  }

  /** The mean of {@code count} values summing to {@code sum}; NULL when there are none. */
  public static @Nullable Double mean(double sum, long count) {
    return count == 0 ? null : sum / count;
  }
}
