package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.TmdlReader.TmdlObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The test-scope TMDL reader on well-formed and malformed text. */
class TmdlReaderTest {
  @TempDir Path dir;

  @Test
  void readsObjectsPropertiesFlagsAndMultiLineExpressions() {
    List<TmdlObject> objects = TmdlReader.parse(String.join("\n",
        "/// Events.",
        "table 'Usage ''Log'''",
        "\tdataCategory: Time",
        "",
        "\t/// Distinct users.",
        "\tmeasure DAU = DISTINCTCOUNT ( 'Usage'[user_key] )",
        "\t\tformatString: #,0",
        "",
        "\tmeasure 'Two Lines' =",
        "\t\t\tVAR x = 1",
        "",
        "\t\t\tRETURN",
        "\t\t\t    x",
        "\t\tformatString: 0",
        "",
        "\tcolumn calendar_date",
        "\t\tdataType: dateTime",
        "\t\tisKey",
        "",
        "\t\tannotation UnderlyingDateTimeDataType = Date",
        "",
        "\tpartition Usage = m",
        "\t\tmode: import",
        "\t\tsource = ```",
        "\t\t\t\tlet x = 1 in x",
        "\t\t\t\t```",
        "",
        "\trefreshPolicy",
        "\t\tpolicyType: basic",
        "\t\tsourceExpression =",
        "\t\t\t\tlet x = 1",
        "\t\t\t\tin x",
        "",
        "ref table 'App Version'",
        ""));
    assertEquals(2, objects.size());
    TmdlObject table = objects.get(0);
    assertEquals(List.of("table", "Usage 'Log'", "Events.", Map.of("dataCategory", "Time")),
        List.of(table.type(), table.name(), table.description(), table.properties()));
    TmdlObject dau = table.children("measure").get(0);
    assertEquals(List.of("DAU", "DISTINCTCOUNT ( 'Usage'[user_key] )", "Distinct users.", "#,0"),
        List.of(dau.name(), dau.value(), dau.description(), dau.properties().get("formatString")));
    TmdlObject twoLines = table.children("measure").get(1);
    assertEquals("VAR x = 1\n\nRETURN\n    x", twoLines.value());
    assertNull(twoLines.description());
    TmdlObject column = table.children("column").get(0);
    assertEquals(Map.of("dataType", "dateTime", "isKey", "true"), column.properties());
    assertEquals("Date", column.children("annotation").get(0).value());
    TmdlObject partition = table.children("partition").get(0);
    assertEquals(List.of("m", "import", "let x = 1 in x"), List.of(partition.value(),
        partition.properties().get("mode"), partition.properties().get("source")));
    TmdlObject policy = table.children("refreshPolicy").get(0);
    assertEquals(Map.of("policyType", "basic", "sourceExpression", "let x = 1\nin x"), policy.properties());
    assertEquals(List.of("ref", "App Version", Map.of("kind", "table")),
        List.of(objects.get(1).type(), objects.get(1).name(), objects.get(1).properties()));
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "table A\\n\\t\\tcolumn b                              | line 2 | indented too deep",
      "table 'A\\n                                           | line 1 | unclosed quoted name",
      "tabel A\\n                                            | line 1 | unknown object type",
      "\\tdataType: int64\\n                                 | line 1 | property outside an object",
      "table A\\n\\tcolumn b\\n\\t\\tdataType int64           | line 3 | property without a colon",
      "table A\\n\\tmeasure m =\\n\\tcolumn c                 | line 2 | empty expression",
      "table A\\n\\tmeasure m = ```\\n\\t\\t\\tCOUNTROWS(A)     | line 2 | unclosed fence",
      "table A\\n\\tcolumn b\\n\\t\\tisKey\\n\\t\\tisKey        | line 4 | property given twice",
      "column b                                            | line 1 | column outside a table",
      "table A\\n  column b                                  | line 2 | spaces for indentation",
      "table A\\n\\t/// orphan\\n\\tdataType: int64           | line 3 | description before a property",
      "table A B                                           | line 1 | unquoted name with a space",
      "table A\\n\\tmeasure m = 1\\n\\t\\tmeasure n = 2       | line 3 | measure inside a measure",
      "ref A                                               | line 1 | ref without a type",
      "table A\\n\\trefreshPolicy\\n\\trefreshPolicy          | line 3 | two refresh policies",
      "refreshPolicy                                       | line 1 | refresh policy outside a table",
      "table A\\n\\trefreshPolicy B                         | line 2 | refresh policy with a name",
  })
  void rejectsMalformedText(String text, String where, String what) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TmdlReader.parse(text.replace("\\n", "\n").replace("\\t", "\t")), what);
    assertTrue(e.getMessage().startsWith(where + ":"), what + ": " + e.getMessage());
  }

  @Test
  void rejectsAByteOrderMarkAndInvalidUtf8() throws IOException {
    Path bom = dir.resolve("bom.tmdl");
    Files.write(bom, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 't', 'a', 'b', 'l', 'e', ' ', 'A'});
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TmdlReader.read(bom))
        .getMessage().endsWith("starts with a byte-order mark"));
    Path latin1 = dir.resolve("latin1.tmdl");
    Files.write(latin1, new byte[] {'t', 'a', 'b', 'l', 'e', ' ', '\'', (byte) 0xC9, 't', 'a', 't', '\''});
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TmdlReader.read(latin1))
        .getMessage().endsWith("not UTF-8"));
    Path fine = dir.resolve("fine.tmdl");
    Files.writeString(fine, "table 'État'\n");
    assertEquals("État", TmdlReader.read(fine).get(0).name());
  }
}
