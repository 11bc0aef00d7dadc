package com.usageintel.transforms.clean;

import java.text.Normalizer;

/**
 * The key categorical values are compared by (contract section 7): NFD, combining marks removed,
 * lower-cased, then everything outside {@code [a-z0-9]} removed. {@code VW-ID4}, {@code vw id.4}
 * and {@code VW ID.4} all have the key {@code vwid4}; {@code Škoda} has {@code skoda}.
 */
public final class MatchKey {
  private MatchKey() {}

  public static String of(String text) {
    String decomposed =
        isAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFD);
    StringBuilder key = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      // Combining marks, and letters with no decomposition such as ł or ß, fall outside
      // [a-z0-9] and are dropped with everything else there.
      char lower = Character.toLowerCase(decomposed.charAt(i));
      if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
        key.append(lower);
      }
    }
    return key.toString();
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
