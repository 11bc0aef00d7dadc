package com.usageintel.pipeline.bench;

import com.usageintel.pipeline.generate.DayWindow;
import com.usageintel.pipeline.generate.UsageDataGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The daily shape's two files. The base holds the generator's calendar up to a cut-off day; the new
 * rows hold the days after it, plus {@link #LATE_SHARE} of late events of the base's last
 * {@link #LATE_DAYS} days (the cut-off included), all of the base's users. The cut-off is the day
 * that makes the volume of the days after it, against the volume up to it, closest to the new rows
 * against the base rows, by the calendar's day volumes (weekends are lighter).
 *
 * @param baseRows rows of the base file
 * @param newRows rows of the new file, late events included
 * @param cutOff the base's last day
 */
record DailyShape(long baseRows, long newRows, LocalDate cutOff) {
  static final double LATE_SHARE = 0.03;
  static final int LATE_DAYS = 7;
  /** The late events get a seed of their own, so that they do not repeat the new days' draws. */
  static final long LATE_SEED_OFFSET = 1;

  DailyShape {
    if (baseRows < 1 || newRows < 1) {
      throw new IllegalArgumentException(
          "the daily shape needs base and new rows, got " + baseRows + " and " + newRows);
    }
    if (cutOff.isBefore(DayWindow.CALENDAR_START.plusDays(LATE_DAYS - 1))
        || !cutOff.isBefore(DayWindow.CALENDAR_END)) {
      throw new IllegalArgumentException("cut-off " + cutOff + " leaves no room for a week of base or a day after it");
    }
  }

  static DailyShape of(long baseRows, long newRows) {
    return new DailyShape(baseRows, newRows, cutOff(baseRows, newRows));
  }

  /**
   * The base's last day: the one whose days after it have the share of the calendar's volume closest
   * to the new rows' share of all rows. At least a week of base (for the late events), at least one
   * day after it.
   */
  static LocalDate cutOff(long baseRows, long newRows) {
    double wanted = (double) newRows / (baseRows + newRows);
    double total = DayWindow.WHOLE_CALENDAR.volume();
    LocalDate best = null;
    double bestDistance = Double.MAX_VALUE;
    for (LocalDate day = DayWindow.CALENDAR_START.plusDays(LATE_DAYS - 1); day.isBefore(DayWindow.CALENDAR_END);
        day = day.plusDays(1)) {
      double after = new DayWindow(day.plusDays(1), DayWindow.CALENDAR_END).volume() / total;
      double distance = Math.abs(after - wanted);
      if (distance < bestDistance) {
        best = day;
        bestDistance = distance;
      }
    }
    return best;
  }

  DayWindow baseWindow() {
    return new DayWindow(DayWindow.CALENDAR_START, cutOff);
  }

  DayWindow newWindow() {
    return new DayWindow(cutOff.plusDays(1), DayWindow.CALENDAR_END);
  }

  DayWindow lateWindow() {
    return new DayWindow(cutOff.minusDays(LATE_DAYS - 1), cutOff);
  }

  long lateRows() {
    return Math.round(newRows * LATE_SHARE);
  }

  /** The base: {@code baseRows} rows of {@code seed} up to the cut-off, the users of a file of that size and seed. */
  void writeBase(UsageDataGenerator generator, long seed, Path output) throws IOException {
    generator.generate(baseRows, seed, baseWindow(), output);
  }

  /**
   * The new rows: the days after the cut-off with {@code newRowsSeed}, then the late events, each
   * of the base's users (those of {@code baseSeed}).
   */
  void writeNewRows(UsageDataGenerator generator, long baseSeed, long newRowsSeed, Path output) throws IOException {
    UsageDataGenerator baseUsers = generator.withFleetOf(baseRows, baseSeed);
    ByteArrayOutputStream late = new ByteArrayOutputStream();
    baseUsers.generate(lateRows(), newRowsSeed + LATE_SEED_OFFSET, lateWindow(), late);
    int header = (UsageDataGenerator.HEADER + "\n").getBytes(StandardCharsets.UTF_8).length;
    try (OutputStream out = Files.newOutputStream(output)) {
      baseUsers.generate(newRows - lateRows(), newRowsSeed, newWindow(), out);
      out.write(late.toByteArray(), header, late.size() - header);
    }
  }
}
