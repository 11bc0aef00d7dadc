package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.usageintel.pipeline.TmdlReader.TmdlObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report's pages against the model: every table, column and measure a visual names exists in
 * the TMDL by its exact name; visuals use measures, never an implicit aggregation of a column; the
 * pages are the ones the README describes. (PowerBiFilesTest checks the model against the
 * database, PowerBiSchemasTest the files against Microsoft's schemas.)
 */
class PowerBiReportTest {
  private static final Path POWERBI = Path.of("").toAbsolutePath().getParent().resolve("run-configs/powerbi");
  private static final Path MODEL = POWERBI.resolve("UsageIntel.SemanticModel/definition");
  private static final Path PAGES = POWERBI.resolve("UsageIntel.Report/definition/pages");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Model tables by name. */
  private static final Map<String, TmdlObject> TABLES = new LinkedHashMap<>();

  /** Every visual.json by page folder / visual folder. */
  private static final Map<String, JsonNode> VISUALS = new LinkedHashMap<>();

  @BeforeAll
  static void loadModelAndReport() throws IOException {
    try (Stream<Path> files = Files.list(MODEL.resolve("tables"))) {
      for (Path file : files.sorted().toList()) {
        TmdlObject table = TmdlReader.read(file).get(0);
        TABLES.put(table.name(), table);
      }
    }
    try (Stream<Path> files = Files.walk(PAGES)) {
      for (Path file : files.filter(f -> f.getFileName().toString().equals("visual.json")).sorted().toList()) {
        VISUALS.put(PAGES.relativize(file.getParent().getParent().getParent()) + "/"
            + file.getParent().getFileName(), JSON.readTree(file.toFile()));
      }
    }
  }

  @Test
  void everyFieldAVisualNamesIsAColumnOrMeasureOfTheModel() {
    assertTrue(VISUALS.size() >= 25, VISUALS.keySet().toString());
    Map<String, List<String>> problems = new LinkedHashMap<>();
    VISUALS.forEach((name, visual) -> {
      List<String> found = problems(visual);
      if (!found.isEmpty()) {
        problems.put(name, found);
      }
    });
    assertEquals(Map.of(), problems);
  }

  @Test
  void aVisualNamingAColumnOrMeasureTheModelDoesNotHaveFails() {
    ObjectNode visual = VISUALS.get("featuresPlatforms/featureByOsMatrix").deepCopy();
    assertEquals(List.of(), problems(visual));
    // A column misnamed (the view's name is feature_name), its queryRef kept in step.
    ObjectNode rows = (ObjectNode) visual.at("/visual/query/queryState/Rows/projections/0");
    ((ObjectNode) rows.at("/field/Column")).put("Property", "feature");
    rows.put("queryRef", "Feature.feature");
    // A measure under a table that does not hold it.
    ObjectNode values = (ObjectNode) visual.at("/visual/query/queryState/Values/projections/0");
    ((ObjectNode) values.at("/field/Measure/Expression/SourceRef")).put("Entity", "Date");
    values.put("queryRef", "Date.Total Events");
    assertEquals(List.of("Feature[feature] is not a column of the model",
        "Date[Total Events] is not a measure of the model"), problems(visual));
  }

  @Test
  void anImplicitSumOfAColumnFailsEvenWhenTheColumnExists() {
    // What the original report did with DAU: a column summed by the visual instead of a measure.
    ObjectNode visual = VISUALS.get("overview/activeUsersCard").deepCopy();
    ObjectNode projection = (ObjectNode) visual.at("/visual/query/queryState/Values/projections/0");
    projection.set("field", JSON.createObjectNode().set("Aggregation", JSON.createObjectNode()
        .put("Function", 0).set("Expression", JSON.createObjectNode().set("Column", JSON.createObjectNode()
            .put("Property", "user_key").set("Expression", JSON.valueToTree(
                Map.of("SourceRef", Map.of("Entity", "Usage"))))))));
    projection.put("queryRef", "Sum(Usage.user_key)");
    assertEquals(List.of("queryRef Sum(Usage.user_key) is not the Entity.Property of its field",
        "an implicit aggregation (Aggregation): use a measure of the model"), problems(visual));
  }

  @Test
  void pagesAreTheIssuesAndEveryVisualFitsItsPageUnderItsFolderName() throws IOException {
    JsonNode pages = JSON.readTree(PAGES.resolve("pages.json").toFile());
    List<String> order = new ArrayList<>();
    pages.get("pageOrder").forEach(p -> order.add(p.asText()));
    assertEquals(List.of("overview", "featuresPlatforms", "appVersionStability", "dataQuality",
        "productAnalytics"), order);
    try (Stream<Path> folders = Files.list(PAGES)) {
      assertEquals(new TreeSet<>(order), new TreeSet<>(folders.filter(Files::isDirectory)
          .map(f -> f.getFileName().toString()).toList()));
    }
    String readme = Files.readString(POWERBI.resolve("README.md"));
    for (String pageName : order) {
      JsonNode page = JSON.readTree(PAGES.resolve(pageName + "/page.json").toFile());
      assertEquals(pageName, page.get("name").asText());
      assertTrue(readme.contains("### " + page.get("displayName").asText() + "\n"),
          "README.md has no section for page " + page.get("displayName").asText());
      Set<String> names = new HashSet<>();
      VISUALS.forEach((key, visual) -> {
        if (!key.startsWith(pageName + "/")) {
          return;
        }
        assertEquals(key.substring(pageName.length() + 1), visual.get("name").asText(), key);
        assertTrue(names.add(visual.get("name").asText()), key);
        JsonNode at = visual.get("position");
        assertTrue(at.get("x").asDouble() >= 0 && at.get("y").asDouble() >= 0
            && at.get("x").asDouble() + at.get("width").asDouble() <= page.get("width").asDouble()
            && at.get("y").asDouble() + at.get("height").asDouble() <= page.get("height").asDouble(),
            key + " does not fit its page");
        // Its title, as the README's tables name the visuals.
        String title = visual.at("/visual/visualContainerObjects/title/0/properties/text/expr/Literal/Value").asText();
        assertTrue(title.length() > 2 && readme.contains("| " + title.substring(1, title.length() - 1) + " |"),
            key + ": README.md does not describe its title " + title);
      });
      assertTrue(!names.isEmpty(), pageName + " has no visual");
    }
  }

  @Test
  void theIssuesQuestionsHaveTheirVisuals() {
    // Page 2's slicers: date range, region of the event, model, OS, subscription.
    assertEquals(Set.of("Date[calendar_date]", "Region[region]", "Vehicle[vehicle_model]", "Platform[os_type]",
        "Usage[subscription_status]"), slicerFields("featuresPlatforms"));
    // Versions in the model's order (v1.10 after v1.9): every visual showing a version sorts by it,
    // and the model sorts the label by its numeric order column.
    for (String key : List.of("appVersionStability/versionErrorRateColumns",
        "appVersionStability/versionAgainstPredecessorTable")) {
      JsonNode sort = VISUALS.get(key).at("/visual/query/sortDefinition/sort/0");
      assertEquals(List.of("version_label", "Ascending"), List.of(sort.at("/field/Column/Property").asText(),
          sort.get("direction").asText()), key);
    }
    assertEquals("version_order", TABLES.get("App Version Stability").children("column").stream()
        .filter(c -> c.name().equals("version_label")).findFirst().orElseThrow().properties().get("sortByColumn"));
    // Page 5 reads the five product-analytics tables.
    Set<String> tables = new TreeSet<>();
    VISUALS.forEach((key, visual) -> {
      if (key.startsWith("productAnalytics/")) {
        fields(visual, tables);
      }
    });
    tables.removeIf(f -> !f.startsWith("Retention Weekly[") && !f.startsWith("Feature Adoption Daily[")
        && !f.startsWith("Days Active Monthly[") && !f.startsWith("Anomaly Daily["));
    assertTrue(tables.containsAll(Set.of("Retention Weekly[Retention %]", "Feature Adoption Daily[Adoption %]",
        "Days Active Monthly[Users by Days Active]", "Anomaly Daily[Anomaly Metric Value]",
        "Anomaly Daily[Anomalies]")), tables.toString());
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * What is wrong with a visual's references: a column or measure the model does not have under
   * that table, an implicit aggregation, a source alias instead of the table's name, a queryRef
   * that is not Entity.Property, a formatting selector naming a field the visual does not have.
   */
  static List<String> problems(JsonNode visual) {
    List<String> problems = new ArrayList<>();
    Set<String> queryRefs = new HashSet<>();
    visual.at("/visual/query/queryState").forEach(role -> role.get("projections").forEach(projection -> {
      String queryRef = projection.get("queryRef").asText();
      queryRefs.add(queryRef);
      JsonNode field = projection.get("field");
      String kind = field.has("Column") ? "Column" : field.has("Measure") ? "Measure" : null;
      if (kind == null || !queryRef.equals(field.at("/" + kind + "/Expression/SourceRef/Entity").asText()
          + "." + field.at("/" + kind + "/Property").asText())) {
        problems.add("queryRef " + queryRef + " is not the Entity.Property of its field");
      }
    }));
    walk(visual, (key, node) -> {
      switch (key) {
        case "Column", "Measure" -> {
          String table = node.at("/Expression/SourceRef/Entity").asText();
          String property = node.at("/Property").asText();
          boolean exists = TABLES.containsKey(table) && TABLES.get(table)
              .children(key.toLowerCase()).stream().anyMatch(o -> o.name().equals(property));
          if (!exists) {
            problems.add(table + "[" + property + "] is not a " + key.toLowerCase() + " of the model");
          }
        }
        case "Aggregation", "Min", "Max", "Percentile" ->
            problems.add("an implicit aggregation (" + key + "): use a measure of the model");
        case "SourceRef" -> {
          if (!node.has("Entity") || node.has("Source")) {
            problems.add("a SourceRef without the table's name: " + node);
          }
        }
        case "selector" -> {
          if (node.has("metadata") && !queryRefs.contains(node.get("metadata").asText())) {
            problems.add("formatting for " + node.get("metadata").asText() + ", which the visual does not show");
          }
        }
        default -> { }
      }
    });
    return problems;
  }

  private interface Visitor {
    void visit(String key, JsonNode value);
  }

  /** Every (key, value) of a JSON tree, depth first. */
  private static void walk(JsonNode node, Visitor visitor) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        visitor.visit(e.getKey(), e.getValue());
        walk(e.getValue(), visitor);
      });
    } else if (node.isArray()) {
      node.forEach(child -> walk(child, visitor));
    }
  }

  /** Table[Column] and Table[Measure] a visual names. */
  private static void fields(JsonNode visual, Set<String> into) {
    walk(visual, (key, node) -> {
      if (key.equals("Column") || key.equals("Measure")) {
        into.add(node.at("/Expression/SourceRef/Entity").asText() + "[" + node.get("Property").asText() + "]");
      }
    });
  }

  private static Set<String> slicerFields(String page) {
    Set<String> fields = new TreeSet<>();
    VISUALS.forEach((key, visual) -> {
      if (key.startsWith(page + "/") && visual.at("/visual/visualType").asText().equals("slicer")) {
        fields(visual, fields);
      }
    });
    return fields;
  }
}
