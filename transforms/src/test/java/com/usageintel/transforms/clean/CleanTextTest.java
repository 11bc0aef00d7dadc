package com.usageintel.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract section 2 "common steps" and section 7 "Whitespace means Unicode whitespace". */
class CleanTextTest {

  static Stream<Arguments> cleaning() {
    return Stream.of(
        Arguments.of("  Audi  e-tron ", "Audi e-tron"),
        Arguments.of("\u00A0UK\u00A0", "UK"),
        Arguments.of("\tVW\t\tID.4\n", "VW ID.4"),
        Arguments.of("a\u00A0b", "a b"),
        Arguments.of("a \u2003 b", "a b"),
        Arguments.of("\u3000x\u3000", "x"),
        Arguments.of("line\r\nbreak", "line break"),
        Arguments.of("u 00123", "u 00123"),
        Arguments.of("", ""),
        Arguments.of(" \t\u00A0 ", ""));
  }

  @ParameterizedTest
  @MethodSource("cleaning")
  void trimsAndCollapsesUnicodeWhitespace(String raw, String expected) {
    assertEquals(expected, CleanText.clean(raw));
  }

  @Test
  void returnsCleanTextItself() {
    String clean = "VW ID.4";
    assertSame(clean, CleanText.clean(clean));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "   ", "nan", "NaN", "NAN", "na", "NA", "Na", "n/a", "N/A", "N/a", "null", "NULL",
        "Null", "none", "None", "NONE", "unknown", "Unknown", "UNKNOWN", "uNkNoWn", "-", "?",
        " n/a ", "\u00A0null\u00A0", "\tNone\t"
      })
  void recognisesNullLikeSpellingsInAnyCase(String raw) {
    assertTrue(CleanText.isNullLike(raw));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"nana", "n.a.", "n / a", "nil", "0", "--", "??", "unknown user", "\u2014", "nul"})
  void keepsEverythingElse(String raw) {
    assertFalse(CleanText.isNullLike(raw));
  }
}
