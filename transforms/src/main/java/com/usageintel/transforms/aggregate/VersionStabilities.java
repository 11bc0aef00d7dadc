package com.usageintel.transforms.aggregate;

import com.usageintel.schemas.VersionStability;
import com.usageintel.schemas.VersionStats;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The rows of {@code agg_app_version_stability} (contract sections 4 and 7): each numbered
 * version beside its predecessor on the same OS, and whether it is a regression.
 */
public final class VersionStabilities {
  /** The two-sided 5% critical value of the standard normal distribution. */
  static final double Z_CRITICAL = 1.96;

  private static final BigInteger HUNDRED = BigInteger.valueOf(100);

  private static final Comparator<VersionStats> BY_OS_THEN_NUMBER =
      Comparator.comparing(VersionStats::getOsType)
          .thenComparingInt(VersionStats::getMajor)
          .thenComparingInt(VersionStats::getMinor);

  private VersionStabilities() {}

  /**
   * One row per version, sorted by OS (as strings compare) then by number, so v1.10 follows v1.9.
   * The input holds one entry per OS and numbered version ({@code Unknown} excluded); a second
   * entry for the same pair means the counts were grouped wrongly, and is refused.
   */
  public static List<VersionStability> compute(List<VersionStats> versions) {
    List<VersionStats> sorted = new ArrayList<>(versions);
    sorted.sort(BY_OS_THEN_NUMBER);
    List<VersionStability> rows = new ArrayList<>(sorted.size());
    @Nullable VersionStats previous = null;
    for (VersionStats current : sorted) {
      boolean sameOs = previous != null && previous.getOsType().equals(current.getOsType());
      if (sameOs && BY_OS_THEN_NUMBER.compare(previous, current) == 0) {
        throw new IllegalArgumentException(
            "two entries for " + current.getOsType() + " " + current.getAppVersion());
      }
      rows.add(stability(current, sameOs ? previous : null));
      previous = current;
    }
    return rows;
  }

  private static VersionStability stability(
      VersionStats current, @Nullable VersionStats predecessor) {
    BigDecimal errorRatePct =
        Rates.errorRatePct(current.getErrorEvents(), current.getKnownFlagEvents());
    if (predecessor == null) {
      return VersionStability.create(current, errorRatePct, null, null, null, null, false);
    }
    BigDecimal prevErrorRatePct =
        Rates.errorRatePct(predecessor.getErrorEvents(), predecessor.getKnownFlagEvents());
    if (current.getKnownFlagEvents() == 0 || predecessor.getKnownFlagEvents() == 0) {
      return VersionStability.create(
          current, errorRatePct, predecessor.getAppVersion(), prevErrorRatePct, null, null, false);
    }
    BigInteger e1 = BigInteger.valueOf(current.getErrorEvents());
    BigInteger k1 = BigInteger.valueOf(current.getKnownFlagEvents());
    BigInteger e2 = BigInteger.valueOf(predecessor.getErrorEvents());
    BigInteger k2 = BigInteger.valueOf(predecessor.getKnownFlagEvents());
    // 100 (e1/k1 - e2/k2) = 100 (e1 k2 - e2 k1) / (k1 k2), kept exact until the one rounding.
    BigInteger diffNumerator = HUNDRED.multiply(e1.multiply(k2).subtract(e2.multiply(k1)));
    BigInteger diffDenominator = k1.multiply(k2);
    BigDecimal diffPp =
        new BigDecimal(diffNumerator)
            .divide(new BigDecimal(diffDenominator), 2, RoundingMode.HALF_UP);
    Double zScore = pooledZScore(current, predecessor);
    boolean worseByMoreThanOnePoint = diffNumerator.compareTo(diffDenominator) > 0;
    boolean isRegression = zScore != null && zScore > Z_CRITICAL && worseByMoreThanOnePoint;
    return VersionStability.create(
        current,
        errorRatePct,
        predecessor.getAppVersion(),
        prevErrorRatePct,
        diffPp,
        zScore,
        isRegression);
  }

  /**
   * The two-proportion z statistic with the pooled proportion; NULL when that proportion is 0 or
   * 1, where the standard error is 0. Both sides have known flags.
   */
  private static @Nullable Double pooledZScore(VersionStats current, VersionStats predecessor) {
    long e1 = current.getErrorEvents();
    long k1 = current.getKnownFlagEvents();
    long e2 = predecessor.getErrorEvents();
    long k2 = predecessor.getKnownFlagEvents();
    long pooledErrors = e1 + e2;
    long pooledKnown = k1 + k2;
    if (pooledErrors == 0 || pooledErrors == pooledKnown) {
      return null;
    }
    double pooled = (double) pooledErrors / pooledKnown;
    double standardError = Math.sqrt(pooled * (1 - pooled) * (1.0 / k1 + 1.0 / k2));
    return ((double) e1 / k1 - (double) e2 / k2) / standardError;
  }
}
