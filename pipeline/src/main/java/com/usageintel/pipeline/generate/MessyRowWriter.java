package com.usageintel.pipeline.generate;

import java.util.SplittableRandom;

/**
 * Writes an event as one raw CSV row, dirtied the way the original file is: null-like values,
 * aliases and odd spellings, impossible durations, ratings as words, other timestamp forms
 * ({@link MessyTimestamps}). Rates
 * are per row and follow the original file.
 */
final class MessyRowWriter {
  private static final double MISSING_USER_ID = 0.0005;
  private static final double LOWER_CASE_USER_ID = 0.006;
  private static final double PADDED_USER_ID = 0.006;

  private static final double MISSING_REGION = 0.057;
  private static final double REGION_ALIAS = 0.06;
  private static final double UNMAPPED_REGION = 0.001;
  private static final double MISSING_CAR = 0.002;
  private static final double CAR_VARIANT = 0.07;
  private static final double MISSING_FEATURE = 0.029;
  private static final double FEATURE_VARIANT = 0.05;
  private static final double PLATFORM_VARIANT = 0.08;
  private static final double MISSING_STATUS = 0.035;
  private static final double STATUS_VARIANT = 0.06;
  private static final double MISSING_VERSION = 0.029;
  private static final double VERSION_VARIANT = 0.10;

  private static final double MISSING_SESSION = 0.05;
  private static final double ZERO_SESSION = 0.003;
  private static final double NEGATIVE_SESSION = 0.002;
  /** Sessions of 600 minutes and more: an app left open. */
  private static final double EXTREME_SESSION = 0.003;
  private static final double DECIMAL_COMMA_SESSION = 0.003;

  private static final double SPELLED_ERROR_FLAG = 0.01;

  private static final double MISSING_RATING = 0.044;
  private static final double RATING_AS_WORD = 0.01;
  private static final double RATING_WITH_DECIMAL = 0.01;
  private static final double RATING_OUT_OF_RANGE = 0.001;

  private static final byte[][] NULL_LIKE = bytes("", "NaN", "na", "null", "unknown", "N/A");
  private static final WeightedChoice NULL_LIKE_SHARES = new WeightedChoice(35, 20, 10, 10, 10, 15);
  private static final byte[][] UNMAPPED_REGIONS = bytes("Austria", "Switzerland");
  private static final byte[][] ERROR_SPELLED = bytes("True", "1.0", "yes");
  private static final byte[][] NO_ERROR_SPELLED = bytes("False", "0.0", "no");
  private static final byte[][] RATING_WORDS = bytes("one", "two", "three", "four", "five");

  /** How a near-duplicate differs from the row it repeats, beyond the usual noise of a fresh write. */
  private enum Change {
    FEATURE_SPELLING,
    MISSING_REGION,
    MISSING_CAR,
    MISSING_SESSION,
    MISSING_RATING,
    MISSING_VERSION,
    MISSING_STATUS,
    NONE
  }

  /** A different spelling of the feature is the commonest difference. */
  private static final Change[] NEAR_DUPLICATE_CHANGES = {
    Change.FEATURE_SPELLING,
    Change.FEATURE_SPELLING,
    Change.FEATURE_SPELLING,
    Change.MISSING_REGION,
    Change.MISSING_CAR,
    Change.MISSING_SESSION,
    Change.MISSING_RATING,
    Change.MISSING_VERSION,
    Change.MISSING_STATUS
  };

  private final Fleet fleet;
  private final MessyTimestamps timestamps;

  MessyRowWriter(Fleet fleet, UsageCalendar calendar) {
    this.fleet = fleet;
    this.timestamps = new MessyTimestamps(calendar);
  }

  /** Writes a freshly sampled event, recording its timestamp form on it. */
  void write(SampledEvent event, SplittableRandom random, RowBuffer out) {
    event.timestampForm = MessyTimestamps.pickForm(random);
    write(event, Change.NONE, random, out);
  }

  /**
   * Writes the same event again as a second system might have logged it: same user, instant and
   * feature, but a different spelling or a missing field, so the survivor rule has work to do.
   */
  void writeNearDuplicate(SampledEvent original, SplittableRandom random, RowBuffer out) {
    write(original, NEAR_DUPLICATE_CHANGES[random.nextInt(NEAR_DUPLICATE_CHANGES.length)], random, out);
  }

  private void write(SampledEvent event, Change change, SplittableRandom random, RowBuffer out) {
    writeUserId(event.user, random, out);
    out.append(',');
    writeRegion(event.region, change == Change.MISSING_REGION, random, out);
    out.append(',');
    writeCategory(event.car.spelling, MISSING_CAR, CAR_VARIANT, change == Change.MISSING_CAR, random, out);
    out.append(',');
    if (change == Change.FEATURE_SPELLING) {
      out.append(event.feature.spelling.variant(random));
    } else {
      writeCategory(event.feature.spelling, MISSING_FEATURE, FEATURE_VARIANT, false, random, out);
    }
    out.append(',');
    writeSession(event.sessionTenthsOfMinute, change == Change.MISSING_SESSION, random, out);
    out.append(',');
    writeErrorFlag(event.error, random, out);
    out.append(',');
    writeRating(event.rating, change == Change.MISSING_RATING, random, out);
    out.append(',');
    writeCategory(
        event.version.spelling, MISSING_VERSION, VERSION_VARIANT, change == Change.MISSING_VERSION, random, out);
    out.append(',');
    writeCategory(event.platform.spelling, 0, PLATFORM_VARIANT, false, random, out);
    out.append(',');
    writeCategory(
        event.status.spelling, MISSING_STATUS, STATUS_VARIANT, change == Change.MISSING_STATUS, random, out);
    out.append(',');
    if (event.timestampForm == TimestampForm.MISSING) {
      writeNullLike(random, out);
    } else {
      timestamps.write(event, out);
    }
    out.append('\n');
  }

  private void writeUserId(int user, SplittableRandom random, RowBuffer out) {
    byte[] userId = fleet.userId(user);
    double draw = random.nextDouble();
    if (draw < MISSING_USER_ID) {
      writeNullLike(random, out);
    } else if (draw < MISSING_USER_ID + LOWER_CASE_USER_ID) {
      out.appendLowerCase(userId);
    } else if (draw < MISSING_USER_ID + LOWER_CASE_USER_ID + PADDED_USER_ID) {
      out.append(' ');
      out.append(userId);
      out.append(' ');
    } else {
      out.append(userId);
    }
  }

  private void writeRegion(Region region, boolean forceMissing, SplittableRandom random, RowBuffer out) {
    if (!forceMissing && random.nextDouble() < UNMAPPED_REGION) {
      out.append(UNMAPPED_REGIONS[random.nextInt(UNMAPPED_REGIONS.length)]);
    } else {
      writeCategory(region.spelling, MISSING_REGION, REGION_ALIAS, forceMissing, random, out);
    }
  }

  private static void writeCategory(
      Spelling spelling,
      double missingRate,
      double variantRate,
      boolean forceMissing,
      SplittableRandom random,
      RowBuffer out) {
    double draw = random.nextDouble();
    if (forceMissing || draw < missingRate) {
      writeNullLike(random, out);
    } else if (draw < missingRate + variantRate) {
      out.append(spelling.variant(random));
    } else {
      out.append(spelling.canonical());
    }
  }

  private static void writeSession(int tenths, boolean forceMissing, SplittableRandom random, RowBuffer out) {
    double draw = random.nextDouble();
    double zeroBelow = MISSING_SESSION + ZERO_SESSION;
    double negativeBelow = zeroBelow + NEGATIVE_SESSION;
    double extremeBelow = negativeBelow + EXTREME_SESSION;
    if (forceMissing || draw < MISSING_SESSION) {
      writeNullLike(random, out);
    } else if (draw < zeroBelow) {
      out.append('0');
    } else if (draw < negativeBelow) {
      out.append('-');
      out.appendTenths(1 + random.nextInt(300), '.');
    } else if (draw < extremeBelow) {
      out.appendTenths(6_000 + random.nextInt(9_000), '.');
    } else if (draw < extremeBelow + DECIMAL_COMMA_SESSION) {
      out.append('"');
      out.appendTenths(tenths, ',');
      out.append('"');
    } else {
      out.appendTenths(tenths, '.');
    }
  }

  private static void writeErrorFlag(boolean error, SplittableRandom random, RowBuffer out) {
    if (random.nextDouble() < SPELLED_ERROR_FLAG) {
      byte[][] spellings = error ? ERROR_SPELLED : NO_ERROR_SPELLED;
      out.append(spellings[random.nextInt(spellings.length)]);
    } else {
      out.append(error ? '1' : '0');
    }
  }

  private static void writeRating(int stars, boolean forceMissing, SplittableRandom random, RowBuffer out) {
    double draw = random.nextDouble();
    double wordBelow = MISSING_RATING + RATING_AS_WORD;
    double decimalBelow = wordBelow + RATING_WITH_DECIMAL;
    if (forceMissing || draw < MISSING_RATING) {
      writeNullLike(random, out);
    } else if (draw < wordBelow) {
      out.append(RATING_WORDS[stars - 1]);
    } else if (draw < decimalBelow) {
      out.append((char) ('0' + stars));
      out.append('.');
      out.append('0');
    } else if (draw < decimalBelow + RATING_OUT_OF_RANGE) {
      out.append(random.nextBoolean() ? '0' : '6');
    } else {
      out.append((char) ('0' + stars));
    }
  }

  private static void writeNullLike(SplittableRandom random, RowBuffer out) {
    out.append(NULL_LIKE[NULL_LIKE_SHARES.pick(random)]);
  }

  private static byte[][] bytes(String... values) {
    byte[][] encoded = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      encoded[i] = Spelling.csvField(values[i]);
    }
    return encoded;
  }
}
