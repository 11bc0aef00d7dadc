package com.usageintel.transforms.aggregate;

import com.usageintel.schemas.AnomalyDay;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Unusual days (contract 8.5): each day's value of a metric against the 28 days before it, by the
 * modified z-score of Iglewicz and Hoaglin, 0.6745 × (value − median) / MAD. Median and MAD are
 * robust: the outliers looked for do not move the baseline. Everything is exact decimal
 * arithmetic; only the z-score is rounded, half away from zero to 4 places.
 */
public final class RobustAnomalies {
  public static final String EVENTS = "events";
  public static final String DAU = "dau";
  public static final String ERROR_RATE_PCT = "error_rate_pct";

  static final int BASELINE_WINDOW_DAYS = 28;
  static final int MIN_BASELINE_DAYS = 14;
  private static final BigDecimal CONSISTENCY = new BigDecimal("0.6745");
  private static final BigDecimal THRESHOLD = new BigDecimal("3.5");
  private static final BigDecimal TWO = BigDecimal.valueOf(2);
  private static final int SCALE = 4;

  private RobustAnomalies() {}

  /**
   * The rows of one series (a feature's, or the fleet's): its three metrics on every day from
   * {@code firstDateSk} to {@code lastDateSk}, a day without its events counting 0 events, 0 users
   * and no error rate.
   *
   * @param tallies the series' tally of each day with events, by date key
   */
  public static List<AnomalyDay> scoreSeries(boolean isFleet, String featureName,
      Map<Integer, EventTally> tallies, int firstDateSk, int lastDateSk) {
    List<BigDecimal> events = new ArrayList<>();
    List<BigDecimal> dau = new ArrayList<>();
    List<BigDecimal> errorRates = new ArrayList<>();
    LocalDate last = CalendarDays.checkedLast(firstDateSk, lastDateSk);
    for (LocalDate day = CalendarDays.date(firstDateSk); !day.isAfter(last); day = day.plusDays(1)) {
      EventTally tally = tallies.get(CalendarDays.dateSk(day));
      events.add(BigDecimal.valueOf(tally == null ? 0 : tally.events()));
      dau.add(BigDecimal.valueOf(tally == null ? 0 : tally.users().getLongCardinality()));
      errorRates.add(tally == null ? null : Rates.errorRatePct(tally.errorEvents(), tally.knownFlagEvents()));
    }
    List<AnomalyDay> rows = new ArrayList<>();
    rows.addAll(score(EVENTS, isFleet, featureName, firstDateSk, events));
    rows.addAll(score(DAU, isFleet, featureName, firstDateSk, dau));
    rows.addAll(score(ERROR_RATE_PCT, isFleet, featureName, firstDateSk, errorRates));
    return rows;
  }

  /**
   * One metric of one series, scored day by day.
   *
   * @param values the metric on consecutive days from {@code firstDateSk}, null where it is NULL
   */
  public static List<AnomalyDay> score(String metric, boolean isFleet, String featureName,
      int firstDateSk, List<@Nullable BigDecimal> values) {
    List<AnomalyDay> rows = new ArrayList<>(values.size());
    LocalDate first = CalendarDays.date(firstDateSk);
    for (int day = 0; day < values.size(); day++) {
      List<BigDecimal> baseline = new ArrayList<>(BASELINE_WINDOW_DAYS);
      for (int before = Math.max(0, day - BASELINE_WINDOW_DAYS); before < day; before++) {
        if (values.get(before) != null) {
          baseline.add(values.get(before));
        }
      }
      BigDecimal value = values.get(day);
      int dateSk = CalendarDays.dateSk(first.plusDays(day));
      if (baseline.size() < MIN_BASELINE_DAYS) {
        rows.add(AnomalyDay.create(dateSk, metric, isFleet, featureName, value, baseline.size(),
            null, null, null, false));
        continue;
      }
      BigDecimal median = median(baseline);
      List<BigDecimal> deviations = new ArrayList<>(baseline.size());
      baseline.forEach(v -> deviations.add(v.subtract(median).abs()));
      BigDecimal mad = median(deviations);
      BigDecimal robustZ = value == null || mad.signum() == 0
          ? null
          : CONSISTENCY.multiply(value.subtract(median)).divide(mad, SCALE, RoundingMode.HALF_UP);
      rows.add(AnomalyDay.create(dateSk, metric, isFleet, featureName, value, baseline.size(),
          median.setScale(SCALE), mad.setScale(SCALE), robustZ,
          robustZ != null && robustZ.abs().compareTo(THRESHOLD) > 0));
    }
    return rows;
  }

  /** The middle value, or the mean of the two middle values of an even count; exact. */
  static BigDecimal median(List<BigDecimal> values) {
    List<BigDecimal> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : sorted.get(middle - 1).add(sorted.get(middle)).divide(TWO);
  }
}
