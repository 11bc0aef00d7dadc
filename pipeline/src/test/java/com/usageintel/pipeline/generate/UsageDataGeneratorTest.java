package com.usageintel.pipeline.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageDataGeneratorTest {
  private static final String EXPECTED_HEADER =
      "user_id,region,vehicle_model,feature_name,session_duration_min,error_flag,feedback_rating,"
          + "app_version,os_type,subscription_status,feature_used_at";
  /** 2025-09-17 23:04:01.205001, 2025-09-17T23:04:01.205001Z, 2025/09/17 23:04 and 2025-09-17. */
  private static final Pattern YEAR_FIRST =
      Pattern.compile("(\\d{4})[-/](\\d{2})[-/](\\d{2})(?:[ T]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{6}Z?)?)?)?");
  /** 17.09.2025 23:04:01 and 17/09/2025 23:04. */
  private static final Pattern DAY_FIRST =
      Pattern.compile("(\\d{2})[./](\\d{2})[./](\\d{4}) \\d{2}:\\d{2}(?::\\d{2})?");
  private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{13}");

  @Test
  void sameSeedGivesTheSameBytesAndAnotherSeedDifferentOnes() throws IOException {
    byte[] first = generate(20_000, 7, 2);
    byte[] again = generate(20_000, 7, 2);
    byte[] otherSeed = generate(20_000, 8, 2);

    assertArrayEquals(first, again);
    assertFalse(Arrays.equals(first, otherSeed));
  }

  @Test
  void bytesDoNotDependOnTheThreadCount() throws IOException {
    long rowsOverThreeChunks = 2L * ChunkGenerator.ROWS_PER_CHUNK + 1_234;

    assertArrayEquals(generate(rowsOverThreeChunks, 42, 1), generate(rowsOverThreeChunks, 42, 3));
  }

  @Test
  void writesTheHeaderThenExactlyTheRequestedRowsOfElevenFields() throws IOException {
    for (long rows : new long[] {0, 1, 999, ChunkGenerator.ROWS_PER_CHUNK + 1}) {
      byte[] csv = generate(rows, 3, 2);
      List<CSVRecord> records = RawCsv.parse(csv);

      assertEquals(EXPECTED_HEADER + "\n", firstLine(csv));
      assertEquals(rows, records.size(), "data rows for " + rows + " requested");
      records.forEach(record -> assertEquals(11, record.size(), "fields on line " + record.getRecordNumber()));
    }
  }

  @Test
  void endsEveryLineWithLfOnly() throws IOException {
    assertFalse(new String(generate(5_000, 3, 2), StandardCharsets.UTF_8).contains("\r"));
  }

  @Test
  void writesGzipWhenTheFileNameEndsInGz(@TempDir Path directory) throws IOException {
    Path plain = directory.resolve("nested/usage.csv");
    Path compressed = directory.resolve("usage.csv.gz");
    UsageDataGenerator generator = new UsageDataGenerator(2);

    generator.generate(3_000, 11, plain);
    generator.generate(3_000, 11, compressed);

    try (InputStream in = new GZIPInputStream(Files.newInputStream(compressed))) {
      assertArrayEquals(Files.readAllBytes(plain), in.readAllBytes());
    }
  }

  @Test
  void theCommittedSampleIsWhatSeed42Gives() throws IOException {
    Path sample = Path.of("..", "data", "connected_vehicle_usage_unclean.csv");

    assertArrayEquals(
        Files.readAllBytes(sample),
        generate(52_000, 42, 2),
        "after changing the generator, regenerate the sample as data/README.md says");
  }

  @Test
  void withoutAWindowTheBytesAreThoseOfTheGeneratorBeforeItHadWindows() throws IOException {
    // SHA-256 of 150,000 rows (three chunks) of seed 7, written by commit f79a35d, before day windows.
    String before = "472406881430473d18d6b6d7521fbb0f4034bf0cde85a4f351fc714c5273af5e";

    assertEquals(before, sha256(generate(150_000, 7, 2)));
    assertEquals(before, sha256(generate(150_000, 7, DayWindow.WHOLE_CALENDAR, 2)));
  }

  @ParameterizedTest(name = "{0} to {1}")
  @CsvSource({
    // The first day: only the users who are there from the start.
    "2025-07-01, 2025-07-01",
    // A week in the middle, across a weekend.
    "2025-08-11, 2025-08-17",
    // The last eleven days, as the daily benchmark's new rows.
    "2025-10-21, 2025-10-31"
  })
  void everyEventFallsWithinTheWindowAndEveryDayOfItHasEvents(LocalDate from, LocalDate to) throws IOException {
    List<CSVRecord> records = RawCsv.parse(generate(20_000, 5, new DayWindow(from, to), 2));
    Map<LocalDate, Integer> eventsPerDay = new TreeMap<>();
    int withoutDate = 0;
    for (CSVRecord record : records) {
      String timestamp = record.get("feature_used_at");
      LocalDate day = dayOf(timestamp);
      if (day == null) {
        assertTrue(RawCsv.isNullLike(timestamp), "unreadable timestamp '" + timestamp + "'");
        withoutDate++;
      } else {
        assertFalse(day.isBefore(from) || day.isAfter(to), timestamp + " outside " + from + " to " + to);
        eventsPerDay.merge(day, 1, Integer::sum);
      }
    }

    assertEquals(20_000, records.size());
    assertTrue(withoutDate < 200, withoutDate + " rows without a date");
    assertEquals(ChronoUnit.DAYS.between(from, to) + 1, eventsPerDay.size(), "days with events: " + eventsPerDay);
  }

  @Test
  void writesExactlyTheRequestedRowsInAWindowThatLateJoinersMiss() throws IOException {
    DayWindow firstTwoDays = new DayWindow(LocalDate.of(2025, 7, 1), LocalDate.of(2025, 7, 2));
    for (long rows : new long[] {0, 1, 999, ChunkGenerator.ROWS_PER_CHUNK + 1}) {
      byte[] csv = generate(rows, 3, firstTwoDays, 2);
      List<CSVRecord> records = RawCsv.parse(csv);

      assertEquals(EXPECTED_HEADER + "\n", firstLine(csv));
      assertEquals(rows, records.size(), "data rows for " + rows + " requested");
      records.forEach(record -> assertEquals(11, record.size(), "fields on line " + record.getRecordNumber()));
    }
  }

  @Test
  void usersKeepTheirPlatformWhateverTheWindowAndWithTheFleetOfAnotherFile() throws IOException {
    // A user's phone platform never changes: rows that spell it canonically must agree on it.
    Map<String, String> whole = platformPerUser(generate(30_000, 9, 2));
    Map<String, String> window =
        platformPerUser(generate(30_000, 9, new DayWindow(LocalDate.of(2025, 10, 1), LocalDate.of(2025, 10, 31)), 2));
    ByteArrayOutputStream otherFile = new ByteArrayOutputStream();
    new UsageDataGenerator(2).withFleetOf(30_000, 9)
        .generate(5_000, 77, new DayWindow(LocalDate.of(2025, 9, 1), LocalDate.of(2025, 9, 7)), otherFile);
    Map<String, String> fleetOfTheWholeFile = platformPerUser(otherFile.toByteArray());

    assertSamePlatforms(whole, window);
    assertSamePlatforms(whole, fleetOfTheWholeFile);
  }

  @Test
  void rejectsWindowsOutsideTheCalendarOrBackwards() {
    assertThrows(IllegalArgumentException.class,
        () -> new DayWindow(LocalDate.of(2025, 6, 30), LocalDate.of(2025, 7, 5)));
    assertThrows(IllegalArgumentException.class,
        () -> new DayWindow(LocalDate.of(2025, 10, 1), LocalDate.of(2025, 11, 1)));
    assertThrows(IllegalArgumentException.class,
        () -> new DayWindow(LocalDate.of(2025, 8, 2), LocalDate.of(2025, 8, 1)));
  }

  @Test
  void aWindowsVolumeCountsWeekdaysOneSaturdaysPointEightSundaysPointSeven() {
    // 2025-08-11 is a Monday: five weekdays, a Saturday and a Sunday.
    assertEquals(6.5, new DayWindow(LocalDate.of(2025, 8, 11), LocalDate.of(2025, 8, 17)).volume(), 1e-9);
    assertEquals(7, new DayWindow(LocalDate.of(2025, 8, 11), LocalDate.of(2025, 8, 17)).days());
    // 123 days from a Tuesday: 17 full weeks and four more weekdays.
    assertEquals(17 * 6.5 + 4, DayWindow.WHOLE_CALENDAR.volume(), 1e-9);
  }

  @Test
  void rejectsANegativeRowCount() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new UsageDataGenerator(1).generate(-1, 42, new ByteArrayOutputStream()));
  }

  private static byte[] generate(long rows, long seed, int threads) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new UsageDataGenerator(threads).generate(rows, seed, out);
    return out.toByteArray();
  }

  private static byte[] generate(long rows, long seed, DayWindow window, int threads) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new UsageDataGenerator(threads).generate(rows, seed, window, out);
    return out.toByteArray();
  }

  /** The UTC day of a timestamp in any form the generator writes; null for a null-like value. */
  private static LocalDate dayOf(String timestamp) {
    Matcher matcher;
    if ((matcher = YEAR_FIRST.matcher(timestamp)).matches()) {
      return LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
          Integer.parseInt(matcher.group(3)));
    } else if ((matcher = DAY_FIRST.matcher(timestamp)).matches()) {
      return LocalDate.of(Integer.parseInt(matcher.group(3)), Integer.parseInt(matcher.group(2)),
          Integer.parseInt(matcher.group(1)));
    } else if (EPOCH_MILLIS.matcher(timestamp).matches()) {
      return Instant.ofEpochMilli(Long.parseLong(timestamp)).atZone(ZoneOffset.UTC).toLocalDate();
    }
    return null;
  }

  private static Map<String, String> platformPerUser(byte[] csv) throws IOException {
    Map<String, String> platforms = new HashMap<>();
    for (CSVRecord record : RawCsv.parse(csv)) {
      String user = record.get("user_id").strip().toUpperCase(Locale.ROOT);
      String platform = record.get("os_type");
      if (user.matches("U\\d+") && Set.of("Android", "iOS", "Other").contains(platform)) {
        String earlier = platforms.putIfAbsent(user, platform);
        assertTrue(earlier == null || earlier.equals(platform), user + " on " + earlier + " and " + platform);
      }
    }
    return platforms;
  }

  private static void assertSamePlatforms(Map<String, String> expected, Map<String, String> actual) {
    int compared = 0;
    for (Map.Entry<String, String> user : actual.entrySet()) {
      if (expected.containsKey(user.getKey())) {
        assertEquals(expected.get(user.getKey()), user.getValue(), user.getKey());
        compared++;
      }
    }
    assertTrue(compared > 500, compared + " users compared");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstLine(byte[] csv) {
    String text = new String(csv, StandardCharsets.UTF_8);
    return text.substring(0, text.indexOf('\n') + 1);
  }
}
