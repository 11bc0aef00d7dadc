package com.usageintel.pipeline.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Text and data made safe for an HTML page. Every value that reaches the page may come from a
 * user's CSV (unmapped regions, features, raw samples), so none is ever written unescaped.
 */
final class Html {
  private static final ObjectMapper SCRIPT_SAFE_JSON = scriptSafeJson();

  private Html() {}

  /** Text for an element's content or a quoted attribute value. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * JSON for the inside of a {@code <script>} element: {@code <}, {@code >} and {@code &} are
   * written as \\u escapes, so no value can close the element ({@code </script>}) or open a
   * comment ({@code <!--}) that changes how the browser finds its end.
   */
  static String scriptJson(Object value) {
    try {
      return SCRIPT_SAFE_JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report's data as JSON", e);
    }
  }

  private static ObjectMapper scriptSafeJson() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.getFactory().setCharacterEscapes(new CharacterEscapes() {
      private static final long serialVersionUID = 1L;
      private final int[] escapes = escapes();

      private int[] escapes() {
        int[] codes = CharacterEscapes.standardAsciiEscapesForJSON();
        codes['<'] = CharacterEscapes.ESCAPE_STANDARD;
        codes['>'] = CharacterEscapes.ESCAPE_STANDARD;
        codes['&'] = CharacterEscapes.ESCAPE_STANDARD;
        return codes;
      }

      @Override
      public int[] getEscapeCodesForAscii() {
        return escapes;
      }

      @Override
      public SerializableString getEscapeSequence(int ch) {
        return null;
      }
    });
    return mapper;
  }
}
