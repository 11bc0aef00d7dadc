package com.usageintel.transforms.clean;

import com.usageintel.schemas.IssueCode;
import java.io.Serializable;
import java.math.BigDecimal;

/**
 * Cleans {@code session_duration_min} (contract sections 2 and 7): a decimal, with {@code ,}
 * accepted as the decimal separator when it is the only one ({@code 1,234} is 1.234). No value
 * is imputed: an unusable one is NULL.
 */
public final class SessionDurations implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The contract's default cap, in minutes. */
  public static final double DEFAULT_CAP_MINUTES = 240;

  private final double capMinutes;
  private final BigDecimal exactCap;

  /** Durations above {@code capMinutes} are set to it; a duration equal to it is kept. */
  public SessionDurations(double capMinutes) {
    if (!(capMinutes > 0) || Double.isInfinite(capMinutes)) {
      throw new IllegalArgumentException(
          "the session duration cap must be a positive number of minutes, not " + capMinutes);
    }
    this.capMinutes = capMinutes;
    // valueOf keeps a cap of 0.1 equal to the text "0.1", which new BigDecimal(0.1) would not.
    this.exactCap = BigDecimal.valueOf(capMinutes);
  }

  public FieldResult<Double> clean(String raw) {
    String text = CleanText.clean(raw);
    if (CleanText.isNullLike(text)) {
      return FieldResult.withIssue(null, IssueCode.MISSING_DURATION);
    }
    BigDecimal minutes = Decimals.parse(text, true);
    if (minutes == null) {
      return FieldResult.withIssue(null, IssueCode.INVALID_DURATION);
    }
    if (minutes.signum() <= 0) {
      return FieldResult.withIssue(null, IssueCode.NONPOSITIVE_DURATION);
    }
    // Compared exactly: 240.0000000000000001 is above a cap of 240 though it rounds to 240.0.
    if (minutes.compareTo(exactCap) > 0) {
      return FieldResult.withIssue(capMinutes, IssueCode.DURATION_CAPPED);
    }
    return FieldResult.ok(minutes.doubleValue());
  }
}
