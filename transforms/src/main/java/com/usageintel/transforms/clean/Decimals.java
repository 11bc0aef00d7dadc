package com.usageintel.transforms.clean;

import java.math.BigDecimal;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The contract's number grammar (section 7): {@code [+-]?digits[.digits]}, with {@code .5} and
 * {@code 5.} accepted. The grammar is checked here first because Double.parseDouble and
 * BigDecimal also take exponents, and the former {@code NaN}, {@code Infinity} and hex.
 */
final class Decimals {
  private Decimals() {}

  /**
   * The exact value of a cleaned text, or NULL when it is not a number. With {@code
   * acceptDecimalComma}, a single {@code ,} in place of the {@code .} is the decimal separator.
   */
  static @Nullable BigDecimal parse(String text, boolean acceptDecimalComma) {
    int length = text.length();
    int position = 0;
    if (position < length && (text.charAt(0) == '+' || text.charAt(0) == '-')) {
      position++;
    }
    int digitCount = 0;
    int separatorAt = -1;
    for (; position < length; position++) {
      char c = text.charAt(position);
      if (c >= '0' && c <= '9') {
        digitCount++;
      } else if (separatorAt < 0 && (c == '.' || (c == ',' && acceptDecimalComma))) {
        separatorAt = position;
      } else {
        return null;
      }
    }
    if (digitCount == 0) {
      return null;
    }
    if (separatorAt >= 0 && text.charAt(separatorAt) == ',') {
      text = text.substring(0, separatorAt) + '.' + text.substring(separatorAt + 1);
    }
    return new BigDecimal(text);
  }
}
