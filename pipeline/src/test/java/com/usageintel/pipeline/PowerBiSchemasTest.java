package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every JSON file of the Power BI project validates against the schema its {@code $schema} names,
 * from Microsoft's published schemas (MIT licensed, copied unchanged into the test resources,
 * powerbi-json-schemas/): the closest check to Power BI Desktop opening the project that runs
 * without Windows.
 */
class PowerBiSchemasTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path POWERBI = ROOT.resolve("run-configs/powerbi");
  private static final Path SCHEMAS = ROOT.resolve("pipeline/src/test/resources/powerbi-json-schemas");
  private static final Path VISUALS = POWERBI.resolve("UsageIntel.Report/definition/pages");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PowerBiSchemas schemas = new PowerBiSchemas(schemas());

  @Test
  void everyJsonFileOfTheProjectValidatesAgainstItsSchema() throws IOException {
    Map<String, List<String>> errors = new TreeMap<>();
    Map<String, Long> kinds = new TreeMap<>();
    for (Path file : jsonFiles()) {
      errors.put(POWERBI.relativize(file).toString(), schemas.errors(JSON.readTree(file.toFile())));
      kinds.merge(kind(file), 1L, Long::sum);
    }
    assertEquals(Map.of(), errors.entrySet().stream().filter(e -> !e.getValue().isEmpty())
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    // Every kind the project has, and the report's pages and visuals.
    assertEquals(Map.of(".pbip", 1L, ".pbir", 1L, ".pbism", 1L, "report.json", 1L, "version.json", 1L,
        "pages.json", 1L, "page.json", 5L, "visual.json", kinds.get("visual.json")), kinds);
    assertTrue(kinds.get("visual.json") >= 25, kinds.toString());
  }

  @Test
  void aVisualWithAPropertyTheSchemaForbidsFails() throws IOException {
    ObjectNode visual = realVisual();
    assertEquals(List.of(), schemas.errors(visual));
    ((ObjectNode) visual.get("visual")).put("chartTitle", "Events");
    assertEquals(List.of("/visual: property 'chartTitle' is not defined in the schema and the schema does"
        + " not allow additional properties"), schemas.errors(visual));
  }

  @Test
  void aFieldReferenceTheSchemaForbidsFails() throws IOException {
    // Deep inside the visual, in the semantic-query schema the visual schema refers to: a column
    // reference with a misspelt key.
    ObjectNode visual = realVisual();
    ObjectNode column = (ObjectNode) visual.at("/visual/query/queryState/Rows/projections/0/field/Column");
    column.set("Propety", column.remove("Property"));
    List<String> errors = schemas.errors(visual);
    assertTrue(errors.stream().anyMatch(e -> e.contains("Propety")), errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.contains("required property 'Property' not found")),
        errors.toString());
  }

  @Test
  void aProjectionWithoutItsQueryRefAndAPageWithAnUnknownDisplayOptionFail() throws IOException {
    ObjectNode visual = realVisual();
    ((ObjectNode) visual.at("/visual/query/queryState/Values/projections/0")).remove("queryRef");
    List<String> errors = schemas.errors(visual);
    assertTrue(errors.stream().anyMatch(e -> e.contains("required property 'queryRef' not found")),
        errors.toString());

    ObjectNode page = (ObjectNode) JSON.readTree(VISUALS.resolve("overview/page.json").toFile());
    assertEquals(List.of(), schemas.errors(page));
    page.put("displayOption", "FitToScreen");
    assertTrue(!schemas.errors(page).isEmpty());
  }

  @Test
  void aSchemaTheFolderDoesNotHaveIsAnErrorNotADownload() throws IOException {
    ObjectNode visual = realVisual();
    visual.put("$schema", PowerBiSchemas.PREFIX + "fabric/item/report/definition/visualContainer/9.9.9/schema.json");
    assertEquals(List.of("no schema " + visual.get("$schema").asText() + " in " + SCHEMAS),
        schemas.errors(visual));
    visual.remove("$schema");
    assertEquals(List.of("$schema is missing or not one of Microsoft's: null"), schemas.errors(visual));
  }

  // ---------------------------------------------------------------------------------------------

  private static Path schemas() {
    assertTrue(Files.isDirectory(SCHEMAS.resolve("fabric")), "Microsoft's Power BI JSON schemas are"
        + " expected in " + SCHEMAS);
    return SCHEMAS;
  }

  /** The feature-by-OS matrix: a visual with rows, columns and values. */
  private static ObjectNode realVisual() throws IOException {
    return (ObjectNode) JSON.readTree(VISUALS.resolve("featuresPlatforms/visuals/featureByOsMatrix/visual.json")
        .toFile());
  }

  /**
   * Every JSON file of the project that names a schema. The .pbids is not one: a data source
   * file has no $schema and no published schema (PowerBiFilesTest checks its whole content).
   */
  private static List<Path> jsonFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(POWERBI)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().matches(".*\\.(json|pbip|pbir|pbism)"))
          .sorted().toList();
    }
  }

  private static String kind(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".json") ? name : name.substring(name.lastIndexOf('.'));
  }
}
