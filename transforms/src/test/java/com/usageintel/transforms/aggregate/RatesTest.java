package com.usageintel.transforms.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Contract section 5 (error rate, average) and the rounding rule of section 7. */
class RatesTest {

  @ParameterizedTest(name = "{0}/{1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock = """
          # 100/32 = 3.125 exactly: the half rounds away from zero
          1    | 32   | 3.13
          # 100/8 = 12.5, written with two decimals
          1    | 8    | 12.50
          # 200/3 = 66.666...
          2    | 3    | 66.67
          # 100/3 = 33.333...
          1    | 3    | 33.33
          0    | 5    | 0.00
          5    | 5    | 100.00
          # 100/400 = 0.25
          1    | 400  | 0.25
          # 100/800 = 0.125, a half again
          1    | 800  | 0.13
          # 100/1600 = 0.0625: below the half at the second decimal
          1    | 1600 | 0.06
          # 700/16 = 43.75, exact at two decimals
          7    | 16   | 43.75
          """)
  void roundsTheExactPercentageHalfAwayFromZero(long errors, long known, String expected) {
    // Compared with equals, so the scale must be 2 as well: 12.50, not 12.5.
    assertEquals(new BigDecimal(expected), Rates.errorRatePct(errors, known));
  }

  @Test
  void halfThatIsNotExactInBinaryStillRoundsUp() {
    // 100 × 201/20000 = 1.005 exactly, so 1.01; the double nearest 1.005 is 1.00499999999999989...,
    // which any rounding of the binary value would take down to 1.00.
    assertEquals(new BigDecimal("1.01"), Rates.errorRatePct(201, 20_000));
    // 100 × 1/200000 = 0.0005, far below half of the second decimal: 0.00.
    assertEquals(new BigDecimal("0.00"), Rates.errorRatePct(1, 200_000));
  }

  @Test
  void noKnownFlagIsNull() {
    assertNull(Rates.errorRatePct(0, 0));
    assertNull(Rates.errorRatePct(3, 0));
  }

  @Test
  void meanIsNullWithoutValues() {
    assertNull(Rates.mean(0, 0));
    // 30 / 4 = 7.5
    assertEquals(7.5, Rates.mean(30, 4));
    // 10 / 3 = 3.333...
    assertEquals(3.3333333, Rates.mean(10, 3), 1e-6);
  }
}
