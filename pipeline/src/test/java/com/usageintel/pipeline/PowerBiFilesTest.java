package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.usageintel.pipeline.TmdlReader.TmdlObject;
import com.usageintel.pipeline.cli.ServeCommand;
import com.usageintel.pipeline.warehouse.EmbeddedDatabase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Option;

/**
 * run-configs/powerbi: the .pbids and the Power BI Project parse (JSON, and TMDL with {@link
 * TmdlReader}), point at each other, and name only views, columns and measures that exist in the
 * database after a run of StarSchemaTest's fixture (checked against information_schema).
 */
class PowerBiFilesTest {
  private static final Path POWERBI =
      Path.of("").toAbsolutePath().getParent().resolve("run-configs/powerbi");
  private static final Path MODEL = POWERBI.resolve("UsageIntel.SemanticModel/definition");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A partition's M: the bi view through the model's Server and Database parameters. */
  private static final Pattern SOURCE = Pattern.compile("let\\s+Source = PostgreSQL\\.Database\\("
      + "Server, Database\\),\\s+View = Source\\{\\[Schema = \"bi\", Item = \"(\\w+)\"\\]\\}\\[Data\\]"
      + "\\s+in\\s+View");

  /**
   * The M of a table refreshed incrementally: the view, then one filter step on its event time,
   * inclusive at RangeStart and exclusive at RangeEnd, so that adjacent partitions neither overlap
   * nor leave a gap. Table.SelectRows right on the navigated view folds into the SQL's where
   * clause: PostgreSQL, not Power BI, drops the rows outside the partition.
   */
  private static final Pattern INCREMENTAL_SOURCE = Pattern.compile("let\\s+Source = PostgreSQL\\.Database\\("
      + "Server, Database\\),\\s+View = Source\\{\\[Schema = \"bi\", Item = \"(\\w+)\"\\]\\}\\[Data\\],"
      + "\\s+InRefreshRange = Table\\.SelectRows\\(View, each \\[(\\w+)\\] >= RangeStart and \\[\\2\\] < RangeEnd\\)"
      + "\\s+in\\s+InRefreshRange");

  /** A text or a date-time parameter of expressions.tmdl, with its default value. */
  private static final Pattern PARAMETER = Pattern.compile("(\"[^\"]*\"|#datetime\\([0-9, ]+\\)) meta"
      + " \\[IsParameterQuery=true, Type=\"(Text|DateTime)\", IsParameterQueryRequired=true\\]");

  /** 'Table'[Column] or Table[Column] in DAX; and [Measure] on its own. */
  private static final Pattern QUALIFIED = Pattern.compile("(?:'((?:[^']|'')+)'|(\\b\\w+))\\[([^\\]]+)\\]");
  private static final Pattern BARE = Pattern.compile("(?<![\\w'\\]])\\[([^\\]]+)\\]");

  /** Model data types and the PostgreSQL types each may be read from. */
  private static final Map<String, Set<String>> TYPES = Map.of(
      "int64", Set.of("smallint", "integer", "bigint"),
      "string", Set.of("text"),
      "dateTime", Set.of("date", "timestamp without time zone"),
      "double", Set.of("numeric"),
      "boolean", Set.of("boolean"));

  private static String db;

  /** Model tables by name, each from its own file. */
  private static final Map<String, TmdlObject> TABLES = new LinkedHashMap<>();

  @BeforeAll
  static void loadFixtureAndModel() throws IOException {
    db = StarSchemaDatabase.jdbcUrl();
    try (Stream<Path> files = Files.list(MODEL.resolve("tables"))) {
      for (Path file : files.sorted().toList()) {
        List<TmdlObject> objects = TmdlReader.read(file);
        assertEquals(1, objects.size(), file.toString());
        TmdlObject table = objects.get(0);
        assertEquals("table", table.type(), file.toString());
        assertEquals(file.getFileName().toString(), table.name() + ".tmdl");
        TABLES.put(table.name(), table);
      }
    }
  }

  @Test
  void pbidsIsTheIssuesConnectionToTheServeCommandsDatabase() throws Exception {
    JsonNode pbids = JSON.readTree(POWERBI.resolve("usage-intel.pbids").toFile());
    String port = ServeCommand.class.getDeclaredField("port").getAnnotation(Option.class).defaultValue();
    assertEquals(JSON.readTree("{\"version\": \"0.1\", \"connections\": [{\"details\": {\"protocol\":"
        + " \"postgresql\", \"address\": {\"server\": \"127.0.0.1:" + port + "\", \"database\":"
        + " \"" + EmbeddedDatabase.DATABASE + "\"}}, \"options\": {}, \"mode\": \"Import\"}]}"), pbids);
    // The model's text parameters name the same server and database.
    Map<String, String> parameters = new LinkedHashMap<>();
    for (TmdlObject expression : TmdlReader.read(MODEL.resolve("expressions.tmdl"))) {
      Matcher m = PARAMETER.matcher(expression.value());
      assertTrue(m.matches(), expression.value());
      if (m.group(2).equals("Text")) {
        parameters.put(expression.name(), m.group(1).substring(1, m.group(1).length() - 1));
      }
    }
    assertEquals(Map.of("Server", "127.0.0.1:" + port, "Database", EmbeddedDatabase.DATABASE), parameters);
  }

  @Test
  void everyFileIsUtf8WithoutAByteOrderMark() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(POWERBI)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertTrue(files.size() >= 20, files.toString());
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      assertFalse(bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
          && (bytes[2] & 0xff) == 0xBF,
          file + " starts with a byte-order mark");
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
    }
  }

  @Test
  void theProjectsPartsPointAtEachOther() throws IOException {
    JsonNode pbip = JSON.readTree(POWERBI.resolve("UsageIntel.pbip").toFile());
    Path report = POWERBI.resolve(pbip.at("/artifacts/0/report/path").asText());
    JsonNode pbir = JSON.readTree(report.resolve("definition.pbir").toFile());
    Path model = report.resolve(pbir.at("/datasetReference/byPath/path").asText()).normalize();
    assertEquals(POWERBI.resolve("UsageIntel.SemanticModel"), model);
    JsonNode pbism = JSON.readTree(model.resolve("definition.pbism").toFile());
    // TMDL definitions need definition.pbism version 4.0 or later.
    assertTrue(Double.parseDouble(pbism.get("version").asText()) >= 4.0, pbism.toString());
    for (String part : List.of("database.tmdl", "model.tmdl", "relationships.tmdl", "expressions.tmdl")) {
      assertFalse(TmdlReader.read(MODEL.resolve(part)).isEmpty(), part);
    }
    // The report: PBIR, one page.
    Path definition = report.resolve("definition");
    assertEquals("2.0.0", JSON.readTree(definition.resolve("version.json").toFile()).get("version").asText());
    assertTrue(JSON.readTree(definition.resolve("report.json").toFile()).has("themeCollection"));
    JsonNode pages = JSON.readTree(definition.resolve("pages/pages.json").toFile());
    for (JsonNode page : pages.get("pageOrder")) {
      assertEquals(page.asText(), JSON.readTree(definition.resolve("pages/" + page.asText()
          + "/page.json").toFile()).get("name").asText());
    }
    // model.tmdl refers to exactly the tables of tables/.
    Set<String> refs = new TreeSet<>();
    for (TmdlObject object : TmdlReader.read(MODEL.resolve("model.tmdl"))) {
      if (object.type().equals("ref")) {
        assertEquals("table", object.properties().get("kind"));
        refs.add(object.name());
      }
    }
    assertEquals(new TreeSet<>(TABLES.keySet()), refs);
    assertEquals("database", TmdlReader.read(MODEL.resolve("database.tmdl")).get(0).type());
  }

  @Test
  void everyTableReadsABiViewAndEveryColumnExistsThere() {
    assertEquals(17, TABLES.size(), TABLES.keySet().toString());
    for (TmdlObject table : TABLES.values()) {
      String view = view(table);
      assertEquals(List.of(List.of("1")), TestDatabase.rows(db, "select count(*) from"
          + " information_schema.views where table_schema = 'bi' and table_name = '" + view + "'"), view);
      Map<String, String> dbTypes = new LinkedHashMap<>();
      TestDatabase.rows(db, "select column_name, data_type from information_schema.columns"
          + " where table_schema = 'bi' and table_name = '" + view + "'")
          .forEach(r -> dbTypes.put(r.get(0), r.get(1)));
      Set<String> names = new HashSet<>();
      for (TmdlObject column : table.children("column")) {
        String where = table.name() + "[" + column.name() + "]";
        String source = column.properties().get("sourceColumn");
        assertNotNull(dbTypes.get(source), where + ": no column " + source + " in bi." + view);
        String type = column.properties().get("dataType");
        assertTrue(TYPES.getOrDefault(type, Set.of()).contains(dbTypes.get(source)),
            where + " is " + type + " but bi." + view + "." + source + " is " + dbTypes.get(source));
        assertTrue(names.add(column.name()), where + " twice");
      }
      for (TmdlObject column : table.children("column")) {
        String sortBy = column.properties().get("sortByColumn");
        assertTrue(sortBy == null || names.contains(sortBy), table.name() + " sorts by " + sortBy);
      }
    }
  }

  @Test
  void relationshipsAreTheStarOnIntegerKeysManyToOne() throws IOException {
    List<String> described = new ArrayList<>();
    for (TmdlObject relationship : TmdlReader.read(MODEL.resolve("relationships.tmdl"))) {
      // Only the two columns: many-to-one, filtering from the dimension (TMDL's defaults).
      assertEquals(Set.of("fromColumn", "toColumn"), relationship.properties().keySet(),
          relationship.name());
      String[] from = tableAndColumn(relationship.properties().get("fromColumn"));
      String[] to = tableAndColumn(relationship.properties().get("toColumn"));
      described.add(from[0] + "." + from[1] + " -> " + to[0] + "." + to[1]);
      TmdlObject fromColumn = column(from);
      TmdlObject toColumn = column(to);
      assertEquals("int64", fromColumn.properties().get("dataType"));
      assertEquals("int64", toColumn.properties().get("dataType"));
      String fromView = "bi." + view(TABLES.get(from[0]));
      String toView = "bi." + view(TABLES.get(to[0]));
      String fromKey = fromColumn.properties().get("sourceColumn");
      String toKey = toColumn.properties().get("sourceColumn");
      // The one side is unique and non-NULL; every many-side key finds its row.
      assertEquals(List.of(List.of("t", "0", "t")), TestDatabase.rows(db, "select"
          + " (select count(distinct " + toKey + ") = count(*) and count(*) = count(" + toKey + ")"
          + "  from " + toView + "),"
          + " (select count(*) from " + fromView + " f where not exists (select 1 from " + toView
          + "  t where t." + toKey + " = f." + fromKey + ")),"
          + " (select count(*) > 0 from " + fromView + ")"), described.get(described.size() - 1));
    }
    assertEquals(List.of(
        "Usage.date_key -> Date.date_key", "Usage.user_key -> User.user_key",
        "Usage.vehicle_key -> Vehicle.vehicle_key", "Usage.feature_key -> Feature.feature_key",
        "Usage.region_key -> Region.region_key", "Usage.platform_key -> Platform.platform_key",
        "Usage.app_version_key -> App Version.app_version_key",
        "App Version Stability.platform_key -> Platform.platform_key",
        "App Version Stability.app_version_key -> App Version.app_version_key",
        "Feature Adoption Daily.date_key -> Date.date_key",
        "Feature Adoption Daily.feature_key -> Feature.feature_key",
        "Feature Retention Weekly.feature_key -> Feature.feature_key",
        "Anomaly Daily.date_key -> Date.date_key"), described);
  }

  @Test
  void theDateTableIsMarkedOnItsDateColumn() {
    TmdlObject date = TABLES.get("Date");
    assertEquals("Time", date.properties().get("dataCategory"));
    List<TmdlObject> keys = date.children("column").stream()
        .filter(c -> "true".equals(c.properties().get("isKey"))).toList();
    assertEquals(1, keys.size());
    assertEquals(List.of("calendar_date", "dateTime"), List.of(keys.get(0).properties().get("sourceColumn"),
        keys.get(0).properties().get("dataType")));
    assertEquals(List.of(List.of("date")), TestDatabase.rows(db, "select data_type from"
        + " information_schema.columns where table_schema = 'bi' and table_name = '" + view(date)
        + "' and column_name = 'calendar_date'"));
  }

  @Test
  void measuresAreDescribedDocumentedAndReferenceOnlyWhatExists() throws IOException {
    Map<String, TmdlObject> measures = new LinkedHashMap<>();
    TABLES.values().forEach(t -> t.children("measure").forEach(m -> measures.put(m.name(), m)));
    assertTrue(measures.keySet().containsAll(List.of("Total Events", "DAU", "Errors", "Error Rate %",
        "Average Session (min)", "DAU 7-day average", "7-day Active Users", "Feature Usage Share %",
        "Regressed Versions")), measures.keySet().toString());
    String readme = Files.readString(POWERBI.resolve("README.md"));
    for (TmdlObject measure : measures.values()) {
      String name = measure.name();
      assertTrue(measure.description() != null && !measure.description().isBlank()
          && !measure.description().contains("\n"), name + " needs a one-line description");
      assertTrue(readme.contains("`" + name + "`"), "README.md does not name " + name);
      assertTrue(readme.contains(measure.value()), "README.md does not show the DAX of " + name);
      String dax = measure.value();
      Matcher qualified = QUALIFIED.matcher(dax);
      while (qualified.find()) {
        String table = qualified.group(1) != null ? qualified.group(1).replace("''", "'") : qualified.group(2);
        assertNotNull(TABLES.get(table), name + " names a table " + table);
        String column = qualified.group(3);
        assertTrue(TABLES.get(table).children("column").stream().anyMatch(c -> c.name().equals(column)),
            name + " names a column " + table + "[" + column + "]");
      }
      Matcher bare = BARE.matcher(dax);
      while (bare.find()) {
        assertTrue(measures.containsKey(bare.group(1)), name + " names a measure [" + bare.group(1) + "]");
      }
    }
    // DAU is a distinct count of users over the fact, so it is right at any slice.
    assertEquals("DISTINCTCOUNT ( 'Usage'[user_key] )", measures.get("DAU").value());
  }

  @Test
  void theFactRefreshesIncrementallyOnItsEventTimeAndDesktopsDefaultsLoadEveryEvent() throws IOException {
    // Incremental refresh requires date-time parameters named exactly RangeStart and RangeEnd.
    Map<String, String> ranges = new LinkedHashMap<>();
    for (TmdlObject expression : TmdlReader.read(MODEL.resolve("expressions.tmdl"))) {
      Matcher m = PARAMETER.matcher(expression.value());
      assertTrue(m.matches(), expression.value());
      if (m.group(2).equals("DateTime")) {
        ranges.put(expression.name(), m.group(1));
      }
    }
    assertEquals(List.of("RangeStart", "RangeEnd"), List.copyOf(ranges.keySet()));
    // Only the fact is large enough to need it.
    assertEquals(List.of("Usage"), TABLES.values().stream()
        .filter(t -> !t.children("refreshPolicy").isEmpty()).map(TmdlObject::name).toList());
    TmdlObject usage = TABLES.get("Usage");
    String source = usage.children("partition").get(0).properties().get("source");
    Matcher m = INCREMENTAL_SOURCE.matcher(source);
    assertTrue(m.matches(), source);
    assertEquals(List.of("fact_usage", "used_at"), List.of(m.group(1), m.group(2)));
    // The filtered column is the event's instant, a timestamp the model reads as date-time.
    assertEquals("dateTime", column(new String[] {"Usage", "used_at"}).properties().get("dataType"));
    assertEquals(List.of(List.of("timestamp without time zone")), TestDatabase.rows(db, "select data_type"
        + " from information_schema.columns where table_schema = 'bi' and table_name = 'fact_usage'"
        + " and column_name = 'used_at'"));
    // The policy: new partitions are the partition's own query; a basic rolling window.
    Map<String, String> policy = usage.children("refreshPolicy").get(0).properties();
    assertEquals(Set.of("policyType", "rollingWindowGranularity", "rollingWindowPeriods",
        "incrementalGranularity", "incrementalPeriods", "sourceExpression"), policy.keySet());
    assertEquals("basic", policy.get("policyType"));
    assertEquals(source, policy.get("sourceExpression"));
    for (String granularity : List.of("rollingWindowGranularity", "incrementalGranularity")) {
      assertTrue(Set.of("day", "month", "quarter", "year").contains(policy.get(granularity)), granularity);
    }
    for (String periods : List.of("rollingWindowPeriods", "incrementalPeriods")) {
      assertTrue(Integer.parseInt(policy.get(periods)) > 0, periods);
    }
    // What the filter folds to, on the loaded database: with Desktop's defaults every event; split
    // at a day boundary (a partition boundary), the two halves hold every event exactly once.
    String start = sqlTimestamp(ranges.get("RangeStart"));
    String end = sqlTimestamp(ranges.get("RangeEnd"));
    String total = TestDatabase.rows(db, "select count(*) from bi.fact_usage").get(0).get(0);
    assertTrue(Long.parseLong(total) > 0);
    assertEquals(total, TestDatabase.rows(db, "select count(*) from bi.fact_usage where used_at >= "
        + start + " and used_at < " + end).get(0).get(0));
    assertEquals(total, TestDatabase.rows(db, "with b as (select date_trunc('day', max(used_at)) as d"
        + " from bi.fact_usage) select (select count(*) from bi.fact_usage, b where used_at >= " + start
        + " and used_at < b.d) + (select count(*) from bi.fact_usage, b where used_at >= b.d and used_at < "
        + end + ")").get(0).get(0));
  }

  @Test
  void everyMeasuresDaxIsTheOneTheReadmeDocuments() throws IOException {
    Map<String, String> model = new LinkedHashMap<>();
    TABLES.values().forEach(t -> t.children("measure").forEach(measure ->
        assertNull(model.put(measure.name(), measure.value()), measure.name() + " twice")));
    String readme = Files.readString(POWERBI.resolve("README.md"));
    assertEquals(List.of(), daxDifferences(model, readme));

    // Planted errors: the README's DAU summed instead of counted distinct, and a measure it lacks.
    String planted = readme.replace("```dax\nDISTINCTCOUNT ( 'Usage'[user_key] )\n```",
        "```dax\nSUM ( 'Usage'[user_key] )\n```");
    assertNotEquals(readme, planted);
    assertEquals(List.of("DAU: the model has DISTINCTCOUNT ( 'Usage'[user_key] ), README.md has"
        + " SUM ( 'Usage'[user_key] )"), daxDifferences(model, planted));
    Map<String, String> undocumented = new LinkedHashMap<>(model);
    undocumented.put("Sum of DAU", "SUM ( 'Usage'[user_key] )");
    assertEquals(List.of("Sum of DAU: in the model, not in README.md"), daxDifferences(undocumented, readme));
  }

  /** How the model's measures (name to DAX) and the README's differ; empty when they agree exactly. */
  static List<String> daxDifferences(Map<String, String> model, String readme) {
    Map<String, String> documented = readmeMeasures(readme);
    List<String> differences = new ArrayList<>();
    model.forEach((name, dax) -> {
      if (!documented.containsKey(name)) {
        differences.add(name + ": in the model, not in README.md");
      } else if (!documented.get(name).equals(dax)) {
        differences.add(name + ": the model has " + dax + ", README.md has " + documented.get(name));
      }
    });
    documented.keySet().stream().filter(name -> !model.containsKey(name))
        .forEach(name -> differences.add(name + ": in README.md, not in the model"));
    return differences;
  }

  /** The README's measures: a heading {@code ### `Name`}, then text, then its ```dax block. */
  private static Map<String, String> readmeMeasures(String readme) {
    Map<String, String> measures = new LinkedHashMap<>();
    String name = null;
    List<String> dax = null;
    for (String line : readme.split("\n", -1)) {
      if (dax != null) {
        if (line.equals("```")) {
          assertNull(measures.put(name, String.join("\n", dax)), name + " documented twice");
          name = null;
          dax = null;
        } else {
          dax.add(line);
        }
      } else if (line.startsWith("#")) {
        Matcher heading = Pattern.compile("### `([^`]+)`").matcher(line);
        name = heading.matches() ? heading.group(1) : null;
      } else if (name != null && line.equals("```dax")) {
        dax = new ArrayList<>();
      }
    }
    return measures;
  }

  // ---------------------------------------------------------------------------------------------

  /** The bi view a table's single M partition reads (filtered to the refresh range if incremental). */
  private static String view(TmdlObject table) {
    List<TmdlObject> partitions = table.children("partition");
    assertEquals(1, partitions.size(), table.name());
    TmdlObject partition = partitions.get(0);
    assertEquals(List.of("m", "import"), List.of(partition.value(), partition.properties().get("mode")));
    String source = partition.properties().get("source");
    Matcher m = (table.children("refreshPolicy").isEmpty() ? SOURCE : INCREMENTAL_SOURCE).matcher(source);
    assertTrue(m.matches(), table.name() + ": " + source);
    return m.group(1);
  }

  /** An M #datetime(y, m, d, h, mi, s) as a PostgreSQL timestamp literal. */
  private static String sqlTimestamp(String mDateTime) {
    int[] parts = Stream.of(mDateTime.replaceAll("[^0-9,]", "").split(",")).mapToInt(Integer::parseInt).toArray();
    return String.format("timestamp '%04d-%02d-%02d %02d:%02d:%02d'", parts[0], parts[1], parts[2], parts[3],
        parts[4], parts[5]);
  }

  /** Table.column or 'Table name'.column as relationships write them. */
  private static String[] tableAndColumn(String reference) {
    Matcher m = Pattern.compile("(?:'((?:[^']|'')+)'|(\\w+))\\.(\\w+)").matcher(reference);
    assertTrue(m.matches(), reference);
    return new String[] {m.group(1) != null ? m.group(1).replace("''", "'") : m.group(2), m.group(3)};
  }

  private static TmdlObject column(String[] tableAndColumn) {
    TmdlObject table = TABLES.get(tableAndColumn[0]);
    assertNotNull(table, tableAndColumn[0]);
    return table.children("column").stream().filter(c -> c.name().equals(tableAndColumn[1]))
        .findFirst().orElseThrow(() -> new AssertionError(String.join(".", tableAndColumn)));
  }
}
