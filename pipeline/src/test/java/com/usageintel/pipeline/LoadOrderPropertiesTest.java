package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.generate.UsageDataGenerator;
import com.usageintel.pipeline.run.LoadRun;
import com.usageintel.pipeline.run.UsageIntelOptions;
import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import com.usageintel.schemas.EventIdentity;
import com.usageintel.schemas.RawColumns;
import com.usageintel.schemas.RawRecord;
import com.usageintel.schemas.ReferenceData;
import com.usageintel.schemas.UsageEvent;
import com.usageintel.transforms.clean.CleanedRecord;
import com.usageintel.transforms.clean.UsageEventCleaner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Properties of whole runs over generated messy files (contract sections 3 and 6): how the rows are
 * split between runs, ordered within a file, or spread over workers never changes what is
 * published. Each try is a seed: it picks the file's size and content, the split and the shuffle,
 * and every assertion message names it so that a failure can be replayed.
 */
class LoadOrderPropertiesTest {
  private static final ReferenceData REFERENCE_DATA = ReferenceData.loadDefault();
  private static final UsageEventCleaner CLEANER =
      new UsageEventCleaner(REFERENCE_DATA, ZoneOffset.UTC, 240);

  @TempDir Path dir;

  // ---------------------------------------------------------------------------------------------
  // 1. Order independence (contract 6.3) and accounting (6.1)

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 2025, 90_210})
  void loadingTwoHalvesInEitherOrderEqualsLoadingThemTogether(long seed) throws IOException {
    Split split = Split.of(Generated.of(seed));
    Path a = write("a.csv", split.a());
    Path b = write("b.csv", split.b());

    String aThenB = TestDatabase.freshDatabase();
    RunSummary firstA = load(seed, options(aThenB, a));
    RunSummary thenB = load(seed, options(aThenB, b));
    String together = TestDatabase.freshDatabase();
    RunSummary both = load(seed, options(together, a, b));
    String bThenA = TestDatabase.freshDatabase();
    RunSummary firstB = load(seed, options(bThenA, b));
    RunSummary thenA = load(seed, options(bThenA, a));

    Map<String, List<List<String>>> expected = PublishedTables.snapshot(together);
    assertEquals(both.rowsNew(), expected.get("stg_feature_usage").size(),
        "seed " + seed + ": events loaded by the one run: " + both.describe());
    assertSameTables(expected, PublishedTables.snapshot(aThenB),
        () -> "seed " + seed + ": A then B vs A and B in one run");
    assertSameTables(expected, PublishedTables.snapshot(bThenA),
        () -> "seed " + seed + ": B then A vs A and B in one run");

    assertEquals(split.distinctIdentities(), both.rowsNew(),
        "seed " + seed + ": one run's new rows vs distinct identities in A ∪ B");
    for (RunSummary[] steps : List.of(
        new RunSummary[] {firstA, thenB}, new RunSummary[] {firstB, thenA})) {
      String order = steps[0] == firstA ? "A then B" : "B then A";
      assertEquals(both.rowsNew(), steps[0].rowsNew() + steps[1].rowsNew(),
          "seed " + seed + ", " + order + ": rows_new of the two runs vs of one run ("
              + steps[0].describe() + "; " + steps[1].describe() + "; " + both.describe() + ")");
      assertEquals(both.rowsRead(), steps[0].rowsRead() + steps[1].rowsRead(),
          "seed " + seed + ", " + order + ": rows_read of the two runs vs of one run");
      assertEquals(both.rowsRejected(), steps[0].rowsRejected() + steps[1].rowsRejected(),
          "seed " + seed + ", " + order + ": rows_rejected of the two runs vs of one run");
      assertEquals(0, steps[0].rowsAlreadyLoaded(),
          "seed " + seed + ", " + order + ": the first run into an empty database: "
              + steps[0].describe());
    }
    assertEquals(split.identitiesOnBothSides(), thenB.rowsAlreadyLoaded(),
        "seed " + seed + ": B after A: already loaded vs identities in both A and B");
    assertEquals(split.identitiesOnBothSides(), thenA.rowsAlreadyLoaded(),
        "seed " + seed + ": A after B: already loaded vs identities in both A and B");
    for (RunSummary run : List.of(firstA, thenB, both, firstB, thenA)) {
      assertEquals("succeeded", run.status(), "seed " + seed + ": " + run.describe());
      assertTrue(run.balances(), "seed " + seed + ": read = new + already + duplicates + rejected: "
          + run.describe());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 2. Idempotence (contract 6.2)

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {7, 271_828})
  void loadingTheSameFileTwiceChangesNothingPublished(long seed) throws IOException {
    Split split = Split.of(Generated.of(seed));
    Path a = write("a.csv", split.a());
    String db = TestDatabase.freshDatabase();

    RunSummary first = load(seed, options(db, a));
    Map<String, List<List<String>>> afterFirst = PublishedTables.exact(db);
    RunSummary second = load(seed, options(db, a));

    assertSameTables(afterFirst, PublishedTables.exact(db),
        () -> "seed " + seed + ": keys included, after the first vs after the second run");
    assertTrue(first.rowsNew() > 0, "seed " + seed + ": " + first.describe());
    assertEquals(new RunSummary(second.runId(), "succeeded", first.rowsRead(), 0, first.rowsNew(),
            first.rowsDuplicate(), first.rowsRejected()), second,
        "seed " + seed + ": the second run's accounting (first: " + first.describe() + ")");
    assertTrue(first.balances(), "seed " + seed + ": " + first.describe());
  }

  // ---------------------------------------------------------------------------------------------
  // 3. Row order (contract section 3)

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {3, 65_537})
  void shufflingTheRowsChangesNothingPublished(long seed) throws IOException {
    Generated generated = Generated.of(seed);
    List<String> shuffled = new ArrayList<>(generated.rows());
    shuffle(shuffled, new SplittableRandom(seed ^ 0x5EED_5EEDL));
    assertNotEquals(generated.rows(), shuffled, "seed " + seed + ": the shuffle moved no row");
    String inFileOrder = TestDatabase.freshDatabase();
    String inShuffledOrder = TestDatabase.freshDatabase();

    RunSummary original = load(seed, options(inFileOrder, write("file.csv", csv(generated.rows()))));
    RunSummary reordered = load(seed, options(inShuffledOrder, write("shuffled.csv", csv(shuffled))));

    assertSameTables(PublishedTables.snapshot(inFileOrder), PublishedTables.snapshot(inShuffledOrder),
        () -> "seed " + seed + ": file order vs shuffled");
    Map<EventIdentity, String> survivors = generated.expectedSurvivors();
    assertTrue(generated.duplicatedIdentities() > 0, "seed " + seed + ": no duplicates to choose from");
    for (String db : List.of(inFileOrder, inShuffledOrder)) {
      assertSameTables(Map.of("survivors", sortedRows(survivors)), Map.of("survivors", loadedRaw(db)),
          () -> "seed " + seed + ": survivors by the contract's rule vs loaded in "
              + (db.equals(inFileOrder) ? "file order" : "shuffled order"));
    }
    assertEquals(withoutRunId(original), withoutRunId(reordered),
        "seed " + seed + ": accounting, file order vs shuffled");
  }

  // ---------------------------------------------------------------------------------------------
  // 4. Parallelism (contract 6.5)

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {5, 31_337})
  void oneWorkerAndFourWorkersPublishTheSameTables(long seed) throws IOException {
    Split split = Split.of(Generated.of(seed));
    Path a = write("a.csv", split.a());
    Path b = write("b.csv", split.b());
    String serial = TestDatabase.freshDatabase();
    String parallel = TestDatabase.freshDatabase();

    RunSummary one = load(seed, options(serial, List.of("--targetParallelism=1"), a, b));
    RunSummary four = load(seed, options(parallel, List.of("--targetParallelism=4"), a, b));

    assertSameTables(PublishedTables.snapshot(serial), PublishedTables.snapshot(parallel),
        () -> "seed " + seed + ": --targetParallelism=1 vs 4");
    assertEquals(withoutRunId(one), withoutRunId(four),
        "seed " + seed + ": accounting, --targetParallelism=1 vs 4");
  }

  // ---------------------------------------------------------------------------------------------
  // Generated input

  /**
   * A generated file's data rows (one record per line: the generator never breaks a line inside
   * quotes), each cleaned once with the pipeline's pure field rules to learn its identity; these
   * only steer the splits and predict survivors, the properties compare whole runs.
   */
  record Generated(long seed, List<String> rows, List<UsageEvent> events) {
    static Generated of(long seed) throws IOException {
      int rowCount = 400 + new SplittableRandom(seed).nextInt(1_100);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new UsageDataGenerator(1).generate(rowCount, seed, out);
      String text = out.toString(StandardCharsets.UTF_8);
      assertTrue(text.endsWith("\n") && !text.contains("\r"), "seed " + seed + ": line ends");
      List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n")));
      assertEquals(UsageDataGenerator.HEADER, lines.remove(0), "seed " + seed + ": header");
      assertEquals(rowCount, lines.size(), "seed " + seed + ": one record per line");
      List<UsageEvent> events = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        events.add(clean(seed, lines.get(i), i + 2));
      }
      return new Generated(seed, List.copyOf(lines), events);
    }

    /** The cleaned event of a row, or null when the row is rejected. */
    private static UsageEvent clean(long seed, String line, long lineNumber) throws IOException {
      List<CSVRecord> records;
      try (CSVParser parser = CSVFormat.RFC4180.parse(new StringReader(line))) {
        records = parser.getRecords();
      }
      assertEquals(1, records.size(), "seed " + seed + ", line " + lineNumber + ": " + line);
      CSVRecord fields = records.get(0);
      assertEquals(RawColumns.REQUIRED.size(), fields.size(),
          "seed " + seed + ", line " + lineNumber + ": " + line);
      CleanedRecord cleaned = CLEANER.clean(RawRecord.builder()
          .setSourceFile("generated.csv")
          .setLineNumber(lineNumber)
          .setRawText(line)
          .setUserId(fields.get(0))
          .setRegion(fields.get(1))
          .setVehicleModel(fields.get(2))
          .setFeatureName(fields.get(3))
          .setSessionDurationMin(fields.get(4))
          .setErrorFlag(fields.get(5))
          .setFeedbackRating(fields.get(6))
          .setAppVersion(fields.get(7))
          .setOsType(fields.get(8))
          .setSubscriptionStatus(fields.get(9))
          .setFeatureUsedAt(fields.get(10))
          .build());
      return cleaned.event();
    }

    EventIdentity identity(int row) {
      UsageEvent event = events.get(row);
      return event == null ? null : EventIdentity.create(
          event.getUserId(), event.getFeatureUsedAtMicros(), event.getFeatureName());
    }

    LocalDate day(int row) {
      UsageEvent event = events.get(row);
      return event == null ? null : LocalDate.ofInstant(Instant.EPOCH.plusNanos(
          event.getFeatureUsedAtMicros() * 1_000L), ZoneOffset.UTC);
    }

    /** Rows by identity, in file order; rejected rows have none. */
    Map<EventIdentity, List<Integer>> rowsByIdentity() {
      Map<EventIdentity, List<Integer>> groups = new LinkedHashMap<>();
      for (int row = 0; row < rows.size(); row++) {
        EventIdentity identity = identity(row);
        if (identity != null) {
          groups.computeIfAbsent(identity, k -> new ArrayList<>()).add(row);
        }
      }
      return groups;
    }

    long duplicatedIdentities() {
      return rowsByIdentity().values().stream().filter(group -> group.size() > 1).count();
    }

    /**
     * Contract section 7: the row with the most usable values among region, vehicle_model,
     * os_type, subscription_status, app_version, duration, error flag and rating; ties to the raw
     * text that sorts first as UTF-8 bytes.
     */
    Map<EventIdentity, String> expectedSurvivors() {
      Map<EventIdentity, String> survivors = new LinkedHashMap<>();
      rowsByIdentity().forEach((identity, group) -> {
        int best = group.get(0);
        for (int row : group) {
          int byScore = Integer.compare(score(events.get(row)), score(events.get(best)));
          if (byScore > 0 || byScore == 0 && Arrays.compareUnsigned(
              rows.get(row).getBytes(StandardCharsets.UTF_8),
              rows.get(best).getBytes(StandardCharsets.UTF_8)) < 0) {
            best = row;
          }
        }
        survivors.put(identity, rows.get(best));
      });
      return survivors;
    }

    private static int score(UsageEvent e) {
      int score = 0;
      for (String category : List.of(e.getRegion(), e.getVehicleModel(), e.getOsType(),
          e.getSubscriptionStatus(), e.getAppVersion())) {
        score += category != null && !category.equals("Unknown") ? 1 : 0;
      }
      for (Object number : Arrays.asList(
          e.getSessionDurationMin(), e.getErrorFlag(), e.getFeedbackRating())) {
        score += number != null ? 1 : 0;
      }
      return score;
    }
  }

  /**
   * The data rows dealt at random into two files, except that one exact-duplicate pair and one
   * near-duplicate pair (same identity, other spelling) are always dealt to different sides.
   */
  record Split(Generated generated, List<String> a, List<String> b, Set<EventIdentity> aIdentities,
      Set<EventIdentity> bIdentities) {
    static Split of(Generated generated) {
      long s = generated.seed();
      SplittableRandom random = new SplittableRandom(s * 0x9E3779B97F4A7C15L + 1);
      int n = generated.rows().size();
      boolean[] toA = new boolean[n];
      for (int row = 0; row < n; row++) {
        toA[row] = random.nextBoolean();
      }
      List<int[]> exactPairs = new ArrayList<>();
      List<int[]> nearPairs = new ArrayList<>();
      for (List<Integer> group : generated.rowsByIdentity().values()) {
        for (int i = 0; i < group.size(); i++) {
          for (int j = i + 1; j < group.size(); j++) {
            int first = group.get(i);
            int second = group.get(j);
            boolean same = generated.rows().get(first).equals(generated.rows().get(second));
            (same ? exactPairs : nearPairs).add(new int[] {first, second});
          }
        }
      }
      assertFalse(exactPairs.isEmpty(), "seed " + s + ": the generated file has no exact duplicate");
      assertFalse(nearPairs.isEmpty(), "seed " + s + ": the generated file has no near duplicate");
      for (List<int[]> pairs : List.of(exactPairs, nearPairs)) {
        int[] pair = pairs.get(random.nextInt(pairs.size()));
        boolean firstToA = random.nextBoolean();
        toA[pair[0]] = firstToA;
        toA[pair[1]] = !firstToA;
      }

      List<String> a = new ArrayList<>();
      List<String> b = new ArrayList<>();
      Set<EventIdentity> aIdentities = new HashSet<>();
      Set<EventIdentity> bIdentities = new HashSet<>();
      Set<LocalDate> aDays = new TreeSet<>();
      Set<LocalDate> bDays = new TreeSet<>();
      for (int row = 0; row < n; row++) {
        (toA[row] ? a : b).add(generated.rows().get(row));
        EventIdentity identity = generated.identity(row);
        if (identity != null) {
          (toA[row] ? aIdentities : bIdentities).add(identity);
          (toA[row] ? aDays : bDays).add(generated.day(row));
        }
      }
      assertTrue(exactPairs.stream().anyMatch(p -> toA[p[0]] != toA[p[1]]),
          "seed " + s + ": no exact-duplicate pair is split between A and B");
      assertTrue(nearPairs.stream().anyMatch(p -> toA[p[0]] != toA[p[1]]),
          "seed " + s + ": no near-duplicate pair is split between A and B");
      Set<LocalDate> sharedDays = new TreeSet<>(aDays);
      sharedDays.retainAll(bDays);
      assertFalse(sharedDays.isEmpty(), "seed " + s + ": A and B share no event day");
      return new Split(generated, a, b, aIdentities, bIdentities);
    }

    long distinctIdentities() {
      Set<EventIdentity> all = new HashSet<>(aIdentities);
      all.addAll(bIdentities);
      return all.size();
    }

    long identitiesOnBothSides() {
      return aIdentities.stream().filter(bIdentities::contains).count();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Comparing databases

  /**
   * Equal tables, or a failure that names the first differing table and row, with the row on
   * each side (a missing row shows as null), instead of two whole databases.
   */
  static void assertSameTables(Map<String, List<List<String>>> expected,
      Map<String, List<List<String>>> actual, Supplier<String> context) {
    Difference difference = firstDifference(expected, actual);
    if (difference != null) {
      assertEquals(difference.expected(), difference.actual(), () -> context.get() + ": table "
          + difference.table() + ", row " + difference.row() + " (expected "
          + difference.expectedRows() + " rows, actual " + difference.actualRows() + ")");
    }
    assertEquals(expected, actual, context);
  }

  record Difference(String table, int row, List<String> expected, List<String> actual,
      int expectedRows, int actualRows) {}

  /** The first table (in the expected map's order, then the actual's) and row that differ; null if none. */
  static Difference firstDifference(Map<String, List<List<String>>> expected,
      Map<String, List<List<String>>> actual) {
    Set<String> tables = new LinkedHashSet<>(expected.keySet());
    tables.addAll(actual.keySet());
    for (String table : tables) {
      List<List<String>> left = expected.getOrDefault(table, List.of());
      List<List<String>> right = actual.getOrDefault(table, List.of());
      for (int row = 0; row < Math.max(left.size(), right.size()); row++) {
        List<String> l = row < left.size() ? left.get(row) : null;
        List<String> r = row < right.size() ? right.get(row) : null;
        if (!Objects.equals(l, r)) {
          return new Difference(table, row, l, r, left.size(), right.size());
        }
      }
      if (expected.containsKey(table) != actual.containsKey(table)) {
        return new Difference(table + (expected.containsKey(table) ? " (missing)" : " (unexpected)"),
            0, null, null, left.size(), right.size());
      }
    }
    return null;
  }

  @Test
  void firstDifferenceNamesTheFirstDifferingTableAndRow() {
    Map<String, List<List<String>>> left = new LinkedHashMap<>();
    left.put("dim_region", List.of(List.of("UK")));
    left.put("dim_user", List.of(List.of("U1", "UK"), List.of("U2", "Spain")));
    Map<String, List<List<String>>> right = new LinkedHashMap<>(left);
    assertEquals(null, firstDifference(left, right));
    right.put("dim_user", List.of(List.of("U1", "UK"), List.of("U2", "Italy"), List.of("U3", "UK")));
    assertEquals(new Difference("dim_user", 1, List.of("U2", "Spain"), List.of("U2", "Italy"), 2, 3),
        firstDifference(left, right));
    right.put("dim_user", List.of(List.of("U1", "UK")));
    assertEquals(new Difference("dim_user", 1, List.of("U2", "Spain"), null, 2, 1),
        firstDifference(left, right));
    right.remove("dim_user");
    right.put("dim_vehicle", List.of());
    assertEquals(new Difference("dim_user", 0, List.of("U1", "UK"), null, 2, 0),
        firstDifference(left, right));
    left.remove("dim_user");
    assertEquals(new Difference("dim_vehicle (unexpected)", 0, null, null, 0, 0),
        firstDifference(left, right));
  }

  /** The loaded events by identity and raw text, in the order {@link #sortedRows} uses. */
  private static List<List<String>> loadedRaw(String db) {
    List<List<String>> rows = new ArrayList<>(TestDatabase.rows(db,
        "select user_id, (floor(extract(epoch from feature_used_at))::bigint * 1000000"
            + " + extract(microseconds from feature_used_at)::bigint % 1000000)::text,"
            + " feature_name, raw_record from stg_feature_usage"));
    rows.sort(ROWS);
    return rows;
  }

  private static List<List<String>> sortedRows(Map<EventIdentity, String> survivors) {
    return survivors.entrySet().stream()
        .map(e -> List.of(e.getKey().getUserId(), Long.toString(e.getKey().getFeatureUsedAtMicros()),
            e.getKey().getFeatureName(), e.getValue()))
        .sorted(ROWS)
        .collect(Collectors.toList());
  }

  private static final Comparator<List<String>> ROWS =
      Comparator.comparing(Object::toString);

  // ---------------------------------------------------------------------------------------------
  // Runs

  private UsageIntelOptions options(String jdbcUrl, Path... inputs) {
    return options(jdbcUrl, List.of(), inputs);
  }

  private UsageIntelOptions options(String jdbcUrl, List<String> extra, Path... inputs) {
    List<String> args = new ArrayList<>();
    args.add("--input=" + Arrays.stream(inputs).map(Path::toString).collect(Collectors.joining(",")));
    args.add("--jdbcUrl=" + jdbcUrl);
    args.addAll(extra);
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .withValidation()
        .as(UsageIntelOptions.class);
  }

  private static RunSummary load(long seed, UsageIntelOptions options) {
    RunSummary summary = LoadRun.execute(options, new PrintWriter(Writer.nullWriter()));
    assertEquals("succeeded", summary.status(), "seed " + seed + ": " + summary.describe());
    return summary;
  }

  private static List<Long> withoutRunId(RunSummary s) {
    return List.of(s.rowsRead(), s.rowsNew(), s.rowsAlreadyLoaded(), s.rowsDuplicate(),
        s.rowsRejected());
  }

  private Path write(String name, List<String> rows) throws IOException {
    return write(name, csv(rows));
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static String csv(List<String> rows) {
    StringBuilder text = new StringBuilder(UsageDataGenerator.HEADER).append('\n');
    rows.forEach(row -> text.append(row).append('\n'));
    return text.toString();
  }

  private static void shuffle(List<String> rows, SplittableRandom random) {
    for (int i = rows.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      rows.set(i, rows.set(j, rows.get(i)));
    }
  }
}
