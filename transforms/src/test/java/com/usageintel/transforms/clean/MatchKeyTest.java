package com.usageintel.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Contract sections 2 and 7: the match key categorical values are compared by. */
class MatchKeyTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
          VW-ID4          | vwid4
          vw id.4         | vwid4
          VW ID.4         | vwid4
          Škoda Enyaq     | skodaenyaq
          SkodaEnyaq      | skodaenyaq
          España          | espana
          Citroën C4      | citroenc4
          U.K.            | uk
          Lock/Unlock     | lockunlock
          'a n d r o i d' | android
          # Letters without a decomposition are dropped, not transliterated.
          Łódź            | odz
          Straße          | strae
          # NFD, not NFKD: full-width letters have no canonical decomposition.
          ＶＷ            | ''
          ''              | ''
          """)
  void keyIsDecomposedLowerCaseLettersAndDigits(String text, String key) {
    assertEquals(key, MatchKey.of(text));
  }
}
