package com.usageintel.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the part of TMDL (Tabular Model Definition Language, Power BI's semantic model as text)
 * that this project's model uses, strictly enough to reject a malformed file: tab indentation one
 * level per nesting; objects {@code type name [= value]} ({@code ref table name} for references)
 * and the one object a table declares by its type alone ({@code refreshPolicy}); properties
 * {@code name: value}, {@code name = expression} and bare flags; expressions that continue on the
 * following lines two levels deeper, or between {@code ```} fences; {@code ///} descriptions
 * before an object. Names with spaces or symbols are single-quoted ({@code ''}
 * inside). Errors name the line.
 */
final class TmdlReader {
  /** An object of the model: its properties (a flag's value is "true") and child objects. */
  record TmdlObject(
      String type,
      String name,
      String value,
      String description,
      Map<String, String> properties,
      List<TmdlObject> children,
      int line) {

    List<TmdlObject> children(String childType) {
      return children.stream().filter(c -> c.type.equals(childType)).toList();
    }
  }

  /** Which object may hold which; "" is the top of a file. */
  private static final Map<String, Set<String>> CHILDREN = Map.of(
      "", Set.of("database", "model", "table", "relationship", "expression", "ref", "annotation"),
      "model", Set.of("annotation", "ref"),
      "table", Set.of("column", "measure", "partition", "refreshPolicy", "annotation"),
      "column", Set.of("annotation"),
      "measure", Set.of("annotation"),
      "partition", Set.of("annotation"),
      "refreshPolicy", Set.of("annotation"),
      "expression", Set.of("annotation"),
      "relationship", Set.of("annotation"),
      "database", Set.of("annotation"));

  private static final Set<String> OBJECT_TYPES = Set.of("database", "model", "table", "column",
      "measure", "partition", "relationship", "expression", "annotation", "ref", "refreshPolicy");

  /** Objects a table has at most one of, declared by their type alone. */
  private static final Set<String> NAMELESS = Set.of("refreshPolicy");

  private static final Pattern PROPERTY = Pattern.compile("([A-Za-z][A-Za-z0-9]*)(?:(: )(.+)|( =)(?: (.*))?)?");

  private final String[] lines;
  private int next;

  private TmdlReader(String text) {
    this.lines = text.split("\r?\n", -1);
  }

  /** A file: UTF-8 without a byte-order mark. */
  static List<TmdlObject> read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF) {
      throw new IllegalArgumentException(file + ": starts with a byte-order mark");
    }
    try {
      return parse(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString());
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(file + ": not UTF-8", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  static List<TmdlObject> parse(String text) {
    return new TmdlReader(text).objects();
  }

  private List<TmdlObject> objects() {
    List<TmdlObject> top = new ArrayList<>();
    // open.get(d) is the object declared at depth d that is still open.
    List<TmdlObject> open = new ArrayList<>();
    List<String> description = new ArrayList<>();
    int descriptionDepth = -1;
    while (next < lines.length) {
      int number = next + 1;
      String line = lines[next++];
      if (line.isBlank()) {
        continue;
      }
      int depth = indentation(line, number);
      String content = line.substring(depth);
      if (depth > open.size()) {
        throw error(number, "indented deeper than the object it belongs to");
      }
      while (open.size() > depth) {
        open.remove(open.size() - 1);
      }
      if (content.startsWith("///")) {
        if (!description.isEmpty() && descriptionDepth != depth) {
          throw error(number, "description lines at different depths");
        }
        description.add(content.substring(3).strip());
        descriptionDepth = depth;
        continue;
      }
      String keyword = content.split(" ", 2)[0];
      boolean nameless = NAMELESS.contains(keyword);
      if (nameless ? content.equals(keyword)
          : OBJECT_TYPES.contains(keyword) && content.length() > keyword.length()) {
        if (!description.isEmpty() && descriptionDepth != depth) {
          throw error(number, "a description must be at the depth of its object");
        }
        String parentType = depth == 0 ? "" : open.get(depth - 1).type();
        if (!CHILDREN.getOrDefault(parentType, Set.of()).contains(keyword)) {
          throw error(number, keyword + " cannot be inside " + (depth == 0 ? "the file" : parentType));
        }
        if (nameless && open.get(depth - 1).children().stream().anyMatch(c -> c.type().equals(keyword))) {
          throw error(number, keyword + " given twice");
        }
        String declared = description.isEmpty() ? null : String.join("\n", description);
        TmdlObject object = nameless
            ? new TmdlObject(keyword, keyword, null, declared, new LinkedHashMap<>(), new ArrayList<>(), number)
            : declaration(keyword, content.substring(keyword.length() + 1), depth, number, declared);
        description.clear();
        (depth == 0 ? top : open.get(depth - 1).children()).add(object);
        open.add(object);
      } else {
        if (!description.isEmpty()) {
          throw error(number, "a description must come right before an object");
        }
        if (depth == 0) {
          throw error(number, "a property outside any object: " + content);
        }
        property(open.get(depth - 1), content, depth, number);
      }
    }
    if (!description.isEmpty()) {
      throw error(lines.length, "a description at the end of the file");
    }
    return top;
  }

  private TmdlObject declaration(String type, String rest, int depth, int number, String description) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (type.equals("ref")) {
      String[] kindAndName = rest.split(" ", 2);
      if (kindAndName.length < 2 || !OBJECT_TYPES.contains(kindAndName[0])) {
        throw error(number, "a ref names an object type and a name: ref " + rest);
      }
      properties.put("kind", kindAndName[0]);
      rest = kindAndName[1];
    }
    String[] nameAndRest = name(rest, number);
    String after = nameAndRest[1];
    String value = null;
    if (after.equals(" =") || after.startsWith(" = ")) {
      value = expression(after.length() <= 3 ? "" : after.substring(3), depth, number);
    } else if (!after.isEmpty()) {
      throw error(number, "unexpected text after the name: " + after);
    }
    return new TmdlObject(type, nameAndRest[0], value, description, properties, new ArrayList<>(),
        number);
  }

  private void property(TmdlObject owner, String content, int depth, int number) {
    Matcher m = PROPERTY.matcher(content);
    if (!m.matches()) {
      throw error(number, "not a property (name: value, name = expression or a flag): " + content);
    }
    String value;
    if (m.group(2) != null) {
      value = m.group(3).strip();
    } else if (m.group(4) != null) {
      value = expression(m.group(5) == null ? "" : m.group(5), depth, number);
    } else {
      value = "true";
    }
    if (owner.properties().put(m.group(1), value) != null) {
      throw error(number, "property " + m.group(1) + " given twice");
    }
  }

  /** The value after "=": the rest of the line, or the lines below it (fenced or indented). */
  private String expression(String sameLine, int ownerDepth, int number) {
    if (sameLine.strip().equals("```")) {
      List<String> body = new ArrayList<>();
      while (next < lines.length) {
        String line = lines[next++];
        if (line.strip().equals("```")) {
          return String.join("\n", body).strip();
        }
        body.add(line);
      }
      throw error(number, "``` is never closed");
    }
    if (!sameLine.isBlank()) {
      return sameLine.strip();
    }
    String bodyIndent = "\t".repeat(ownerDepth + 2);
    List<String> body = new ArrayList<>();
    while (next < lines.length && (lines[next].isBlank() || lines[next].startsWith(bodyIndent))) {
      String line = lines[next++];
      body.add(line.isBlank() ? "" : line.substring(bodyIndent.length()));
    }
    String expression = String.join("\n", body).strip();
    if (expression.isEmpty()) {
      throw error(number, "an expression after = is missing (its lines go two levels deeper)");
    }
    return expression;
  }

  /** A name, bare or quoted, and the text after it. */
  private static String[] name(String text, int number) {
    if (text.startsWith("'")) {
      StringBuilder name = new StringBuilder();
      int i = 1;
      while (true) {
        int quote = text.indexOf('\'', i);
        if (quote < 0) {
          throw error(number, "a quoted name is never closed: " + text);
        }
        name.append(text, i, quote);
        if (quote + 1 < text.length() && text.charAt(quote + 1) == '\'') {
          name.append('\'');
          i = quote + 2;
        } else {
          return new String[] {name.toString(), text.substring(quote + 1)};
        }
      }
    }
    int end = text.indexOf(" =");
    String name = end < 0 ? text : text.substring(0, end);
    if (name.isEmpty() || !name.matches("[\\p{L}_][\\p{L}\\p{N}_.-]*")) {
      throw error(number, "a name with spaces or symbols must be quoted: " + name);
    }
    return new String[] {name, end < 0 ? "" : text.substring(end)};
  }

  private static int indentation(String line, int number) {
    int tabs = 0;
    while (tabs < line.length() && line.charAt(tabs) == '\t') {
      tabs++;
    }
    if (Character.isWhitespace(line.charAt(tabs))) {
      throw error(number, "indentation must be tabs only");
    }
    return tabs;
  }

  private static IllegalArgumentException error(int line, String message) {
    return new IllegalArgumentException("line " + line + ": " + message);
  }
}
