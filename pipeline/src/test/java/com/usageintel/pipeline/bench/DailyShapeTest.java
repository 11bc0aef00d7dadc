package com.usageintel.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.generate.UsageDataGenerator;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DailyShapeTest {
  private static final LocalDate FIRST = LocalDate.of(2025, 7, 1);
  private static final LocalDate LAST = LocalDate.of(2025, 10, 31);
  /** The usual and ISO forms of the timestamp start with the date. */
  private static final Pattern YEAR_FIRST_DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[ T].*");

  @Test
  void tenMillionBaseRowsAndOneMillionNewOnesCutAfterTheTwentiethOfOctober() {
    // 114.5 weekday volumes in the calendar (17 weeks of 6.5, four more weekdays); a tenth of the
    // base's, 1/11 of all, is 10.41. 2025-10-21 (a Tuesday) to 10-31: nine weekdays and a weekend,
    // 10.5; from 10-22 it would be 9.5.
    assertEquals(LocalDate.of(2025, 10, 20), DailyShape.cutOff(10_000_000, 1_000_000));
  }

  @Test
  void theCutOffIsTheDayWhoseTailIsClosestToTheNewRowsShare() {
    for (long[] rows : new long[][] {{400, 600}, {1_000, 1_000}, {5_000_000, 1_000_000}, {3, 1}}) {
      double wanted = (double) rows[1] / (rows[0] + rows[1]);
      LocalDate cutOff = DailyShape.cutOff(rows[0], rows[1]);
      double distance = Math.abs(tailShare(cutOff) - wanted);
      assertTrue(distance <= Math.abs(tailShare(cutOff.minusDays(1)) - wanted), cutOff + " for " + rows[1]);
      assertTrue(distance <= Math.abs(tailShare(cutOff.plusDays(1)) - wanted), cutOff + " for " + rows[1]);
    }
  }

  @Test
  void theCutOffLeavesAWeekOfBaseAndADayAfterIt() {
    assertEquals(LocalDate.of(2025, 7, 7), DailyShape.cutOff(1, 1_000_000));
    assertEquals(LocalDate.of(2025, 10, 30), DailyShape.cutOff(1_000_000, 1));
  }

  @Test
  void newRowsAreTheDaysAfterTheCutOffThenLateEventsOfItsLastWeekAllOfTheBasesUsers(@TempDir Path directory)
      throws IOException {
    // A base of 400,000 rows has 11,429 users; a 2,000-row file of its own would have 1,500.
    DailyShape daily = new DailyShape(400_000, 2_000, LocalDate.of(2025, 9, 30));
    Path file = directory.resolve("new.csv");
    daily.writeNewRows(new UsageDataGenerator(2), 42, 4242, file);
    List<CSVRecord> records = parse(file);

    assertEquals(2_000, records.size());
    assertEquals(60, daily.lateRows());
    int usersBeyondAnOwnFleet = 0;
    for (int row = 0; row < records.size(); row++) {
      CSVRecord record = records.get(row);
      Matcher date = YEAR_FIRST_DATE.matcher(record.get("feature_used_at"));
      if (date.matches()) {
        LocalDate day = LocalDate.parse(date.group(1));
        boolean late = row >= 2_000 - 60;
        LocalDate from = late ? LocalDate.of(2025, 9, 24) : LocalDate.of(2025, 10, 1);
        LocalDate to = late ? LocalDate.of(2025, 9, 30) : LAST;
        assertFalse(day.isBefore(from) || day.isAfter(to), "row " + row + " on " + day);
      }
      String user = record.get("user_id").strip();
      if (user.matches("[Uu]\\d{5}") && Integer.parseInt(user.substring(1)) > 1_500) {
        usersBeyondAnOwnFleet++;
      }
    }
    assertTrue(usersBeyondAnOwnFleet > 1_000, usersBeyondAnOwnFleet + " rows of users numbered above 1,500");
    assertEquals(1, Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(line -> line.startsWith("user_id,")).count(), "one header");
  }

  /** The share of the calendar's volume after {@code cutOff}: weekdays 1, Saturdays 0.8, Sundays 0.7. */
  private static double tailShare(LocalDate cutOff) {
    return volume(cutOff.plusDays(1), LAST) / volume(FIRST, LAST);
  }

  private static double volume(LocalDate from, LocalDate to) {
    double volume = 0;
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      volume += day.getDayOfWeek() == DayOfWeek.SATURDAY ? 0.8 : day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0.7 : 1;
    }
    return volume;
  }

  private static List<CSVRecord> parse(Path file) throws IOException {
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
      return parser.getRecords();
    }
  }
}
