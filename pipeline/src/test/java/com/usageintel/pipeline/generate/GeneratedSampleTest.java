package com.usageintel.pipeline.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Measures a 50,000-row sample against the original file's rates and shape. */
class GeneratedSampleTest {
  private static final int ROWS = 50_000;
  private static final Pattern USUAL_TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}");
  private static final DateTimeFormatter USUAL_TIMESTAMP_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
  private static final Pattern VERSION_NUMBERS = Pattern.compile("(\\d+)(?:[._\\- ](\\d+))?");

  private static List<CSVRecord> rows;

  @BeforeAll
  static void generateSample() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new UsageDataGenerator(2).generate(ROWS, 42, out);
    rows = RawCsv.parse(out.toByteArray());
  }

  @ParameterizedTest(name = "{0} null-like in about {1}% of rows")
  @CsvSource({
    "region, 5.7, 0.8",
    "vehicle_model, 0.2, 0.15",
    "feature_name, 2.9, 0.5",
    "session_duration_min, 5.0, 0.7",
    "feedback_rating, 4.4, 0.7",
    "app_version, 2.9, 0.5",
    "subscription_status, 3.5, 0.6",
    "feature_used_at, 0.5, 0.25"
  })
  void nullLikeValuesAppearAtTheOriginalFilesRates(String column, double percent, double tolerance) {
    assertPercent(percent, tolerance, share(row -> RawCsv.isNullLike(row.get(column))), column);
  }

  @Test
  void aboutOneRowInSixtyRepeatsAnEarlierOneVerbatim() {
    Set<List<String>> seen = new HashSet<>();
    long repeats = rows.stream().filter(row -> !seen.add(row.toList())).count();

    assertPercent(1.6, 0.4, 100.0 * repeats / ROWS, "exact duplicates");
  }

  @Test
  void someEventsAreLoggedTwiceWithDifferentText() {
    Map<String, Set<List<String>>> spellingsPerEvent = new HashMap<>();
    for (CSVRecord row : rows) {
      String timestamp = row.get("feature_used_at");
      if (USUAL_TIMESTAMP.matcher(timestamp).matches()) {
        String event = normalisedUser(row) + "|" + timestamp;
        spellingsPerEvent.computeIfAbsent(event, key -> new HashSet<>()).add(row.toList());
      }
    }
    long nearDuplicates = spellingsPerEvent.values().stream().mapToLong(spellings -> spellings.size() - 1).sum();

    assertPercent(0.4, 0.25, 100.0 * nearDuplicates / ROWS, "near-duplicates");
  }

  @Test
  void aboutFifteenHundredUsersWithIdsLikeU00017() {
    Set<String> users = new HashSet<>();
    for (CSVRecord row : rows) {
      if (!RawCsv.isNullLike(row.get("user_id"))) {
        users.add(normalisedUser(row));
      }
    }

    assertTrue(users.size() >= 1_400 && users.size() <= 1_500, users.size() + " users");
    assertTrue(users.stream().allMatch(user -> user.matches("U\\d{5}")), "ids like U00017");
    assertTrue(share(row -> row.get("user_id").matches("u\\d{5}")) > 0.2, "some lower-case ids");
    assertTrue(share(row -> row.get("user_id").matches("\\s+U\\d{5}\\s+")) > 0.2, "some padded ids");
  }

  @Test
  void timestampsFallInTheFourMonthsMostlyInTheUsualForm() {
    LocalDateTime start = LocalDateTime.of(2025, 7, 1, 0, 0);
    LocalDateTime end = LocalDateTime.of(2025, 11, 1, 0, 0);
    for (CSVRecord row : rows) {
      String timestamp = row.get("feature_used_at");
      if (USUAL_TIMESTAMP.matcher(timestamp).matches()) {
        LocalDateTime usedAt = LocalDateTime.parse(timestamp, USUAL_TIMESTAMP_FORMAT);
        assertTrue(!usedAt.isBefore(start) && usedAt.isBefore(end), timestamp);
      }
    }

    assertTrue(share(row -> USUAL_TIMESTAMP.matcher(row.get("feature_used_at")).matches()) > 96);
    assertTrue(share(row -> row.get("feature_used_at").matches("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}")) > 0.2);
    assertTrue(share(row -> row.get("feature_used_at").matches("\\d{2}\\.\\d{2}\\.\\d{4} \\d{2}:\\d{2}:\\d{2}")) > 0.2);
    assertTrue(share(row -> row.get("feature_used_at").matches("\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z")) > 0.2);
  }

  @ParameterizedTest(name = "{0} is sometimes written {1}")
  @CsvSource(
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        "vehicle_model,Audi  e-tron",
        "vehicle_model,VW-ID4",
        "vehicle_model,vw id.4",
        "vehicle_model,SkodaEnyaq",
        "os_type,a n d r o i d",
        "os_type,'  ios'",
        "os_type,winphone",
        "subscription_status,' inactive'",
        "app_version,5_5",
        "app_version,5-5",
        "region,uk",
        "region,Deutschland",
        "region,españa",
        "region,Austria",
        "feature_name,'Lock, Unlock'",
        "feedback_rating,four",
        "feedback_rating,N/A"
      })
  void messySpellingsAppear(String column, String spelling) {
    assertTrue(rows.stream().anyMatch(row -> row.get(column).equals(spelling)));
  }

  @Test
  void someDurationsAreNotPositiveAndSomeAreExtreme() {
    assertTrue(share(row -> duration(row) != null && duration(row) <= 0) > 0.2);
    assertTrue(share(row -> duration(row) != null && duration(row) >= 600) > 0.1);
  }

  @Test
  void theBadReleaseFailsAtLeastTwiceAsOftenAsTheSoundOnes() {
    double badRelease = errorRate(row -> "v5.0".equals(version(row)));
    double soundReleases = errorRate(row -> version(row) != null && !Set.of("v5.0", "v5.3").contains(version(row)));

    assertTrue(badRelease > 2 * soundReleases, badRelease + " vs " + soundReleases);
  }

  @Test
  void ratingsAreLowerAfterAnError() {
    double afterError = meanRating("1");
    double afterSuccess = meanRating("0");

    assertTrue(afterError + 1 < afterSuccess, afterError + " vs " + afterSuccess);
  }

  @Test
  void golfOwnersRarelyCheckChargingWhileEvOwnersOftenDo() {
    Predicate<CSVRecord> charging = row -> row.get("feature_name").equals("Charging Status");
    double golf = fractionWithin(row -> row.get("vehicle_model").equals("VW Golf"), charging);
    double id4 = fractionWithin(row -> row.get("vehicle_model").equals("VW ID.4"), charging);

    assertTrue(golf * 3 < id4, golf + " vs " + id4);
  }

  @Test
  void weekdayCommutesAreBusierThanNights() {
    Predicate<CSVRecord> usual = row -> USUAL_TIMESTAMP.matcher(row.get("feature_used_at")).matches();
    long eightOClock = rows.stream().filter(usual).filter(row -> hour(row) == 8).count();
    long threeOClock = rows.stream().filter(usual).filter(row -> hour(row) == 3).count();

    assertTrue(eightOClock > 8 * threeOClock, eightOClock + " vs " + threeOClock);
  }

  private static String normalisedUser(CSVRecord row) {
    return row.get("user_id").strip().toUpperCase(Locale.ROOT);
  }

  private static Double duration(CSVRecord row) {
    String value = row.get("session_duration_min").strip();
    return value.matches("-?\\d+(\\.\\d+)?") ? Double.valueOf(value) : null;
  }

  private static String version(CSVRecord row) {
    Matcher numbers = VERSION_NUMBERS.matcher(row.get("app_version"));
    if (!numbers.find()) {
      return null;
    }
    int minor = numbers.group(2) == null ? 0 : Integer.parseInt(numbers.group(2));
    return "v" + Integer.parseInt(numbers.group(1)) + "." + minor;
  }

  private static int hour(CSVRecord row) {
    return Integer.parseInt(row.get("feature_used_at").substring(11, 13));
  }

  private static double errorRate(Predicate<CSVRecord> group) {
    Predicate<CSVRecord> knownFlag = row -> row.get("error_flag").matches("[01]");
    return fractionWithin(group.and(knownFlag), row -> row.get("error_flag").equals("1"));
  }

  private static double meanRating(String errorFlag) {
    return rows.stream()
        .filter(row -> row.get("error_flag").equals(errorFlag))
        .filter(row -> row.get("feedback_rating").matches("[1-5]"))
        .mapToInt(row -> Integer.parseInt(row.get("feedback_rating")))
        .average()
        .orElseThrow();
  }

  /** Percentage of all rows matching. */
  private static double share(Predicate<CSVRecord> matching) {
    return 100.0 * rows.stream().filter(matching).count() / ROWS;
  }

  private static double fractionWithin(Predicate<CSVRecord> group, Predicate<CSVRecord> matching) {
    long inGroup = rows.stream().filter(group).count();
    return (double) rows.stream().filter(group).filter(matching).count() / inGroup;
  }

  private static void assertPercent(double expected, double tolerance, double actual, String what) {
    assertEquals(expected, actual, tolerance, what + " (% of rows)");
  }
}
