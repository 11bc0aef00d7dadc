package com.usageintel.pipeline.generate;

import java.util.SplittableRandom;

/**
 * The timestamps of the raw file: most as {@code 2025-03-01 08:15:42.123456}, some in the other
 * forms the original holds (ISO with Z, slashed or day-first dates, minutes only, epoch millis, a
 * date alone), a few missing. Rates are per row and follow the original file.
 */
final class MessyTimestamps {
  private static final double MISSING_TIMESTAMP = 0.005;
  private static final double DATE_WITHOUT_TIME = 0.0005;
  private static final double OTHER_TIMESTAMP_FORM = 0.02;
  private static final TimestampForm[] OTHER_FORMS = {
    TimestampForm.ISO_UTC,
    TimestampForm.SLASHED_MINUTES,
    TimestampForm.DAY_FIRST_DOTTED,
    TimestampForm.DAY_FIRST_SLASHED_MINUTES,
    TimestampForm.EPOCH_MILLIS
  };
  private static final WeightedChoice OTHER_FORM_SHARES = new WeightedChoice(35, 25, 25, 10, 5);

  private final UsageCalendar calendar;

  MessyTimestamps(UsageCalendar calendar) {
    this.calendar = calendar;
  }

  static TimestampForm pickForm(SplittableRandom random) {
    double draw = random.nextDouble();
    if (draw < MISSING_TIMESTAMP) {
      return TimestampForm.MISSING;
    } else if (draw < MISSING_TIMESTAMP + DATE_WITHOUT_TIME) {
      return TimestampForm.DATE_ONLY;
    } else if (draw < MISSING_TIMESTAMP + DATE_WITHOUT_TIME + OTHER_TIMESTAMP_FORM) {
      return OTHER_FORMS[OTHER_FORM_SHARES.pick(random)];
    }
    return TimestampForm.SPACED_MICROS;
  }

  void write(SampledEvent event, RowBuffer out) {
    int day = event.day;
    long micros = event.microOfDay;
    int hour = (int) (micros / UsageCalendar.MICROS_PER_HOUR);
    int minute = (int) (micros / 60_000_000L % 60);
    int second = (int) (micros / 1_000_000L % 60);
    long fraction = micros % 1_000_000L;
    switch (event.timestampForm) {
      case SPACED_MICROS:
      case ISO_UTC:
        boolean iso = event.timestampForm == TimestampForm.ISO_UTC;
        writeDate(day, '-', out);
        out.append(iso ? 'T' : ' ');
        writeTime(hour, minute, second, out);
        out.append('.');
        out.appendPadded(fraction, 6);
        if (iso) {
          out.append('Z');
        }
        break;
      case SLASHED_MINUTES:
        writeDate(day, '/', out);
        out.append(' ');
        writeHourMinute(hour, minute, out);
        break;
      case DAY_FIRST_DOTTED:
        writeDayFirstDate(day, '.', out);
        out.append(' ');
        writeTime(hour, minute, second, out);
        break;
      case DAY_FIRST_SLASHED_MINUTES:
        writeDayFirstDate(day, '/', out);
        out.append(' ');
        writeHourMinute(hour, minute, out);
        break;
      case EPOCH_MILLIS:
        out.appendNumber(calendar.epochDay(day) * 86_400_000L + micros / 1_000);
        break;
      case DATE_ONLY:
        writeDate(day, '-', out);
        break;
      case MISSING:
        throw new IllegalArgumentException("a missing timestamp is written as a null-like value");
    }
  }

  private void writeDate(int day, char separator, RowBuffer out) {
    out.appendPadded(calendar.year(day), 4);
    out.append(separator);
    out.appendPadded(calendar.month(day), 2);
    out.append(separator);
    out.appendPadded(calendar.dayOfMonth(day), 2);
  }

  private void writeDayFirstDate(int day, char separator, RowBuffer out) {
    out.appendPadded(calendar.dayOfMonth(day), 2);
    out.append(separator);
    out.appendPadded(calendar.month(day), 2);
    out.append(separator);
    out.appendPadded(calendar.year(day), 4);
  }

  private static void writeTime(int hour, int minute, int second, RowBuffer out) {
    writeHourMinute(hour, minute, out);
    out.append(':');
    out.appendPadded(second, 2);
  }

  private static void writeHourMinute(int hour, int minute, RowBuffer out) {
    out.appendPadded(hour, 2);
    out.append(':');
    out.appendPadded(minute, 2);
  }
}
