package com.usageintel.transforms.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * Round trips that do not lean on the values' own {@code equals}: a field that a coder and
 * {@code equals} both leave out would pass an equality check, so tests compare the fields one by
 * one through their accessors, and the bytes of a second round trip.
 */
public final class CoderChecks {
  private CoderChecks() {}

  /**
   * Encodes, decodes and encodes again; the two encodings must be the same bytes (a field that
   * encode writes but decode drops, or reads into the wrong place, changes them). For coders that
   * write in a deterministic order only.
   */
  public static <T> T roundTripWithSameBytes(Coder<T> coder, T value) throws Exception {
    byte[] first = CoderUtils.encodeToByteArray(coder, value);
    T decoded = CoderUtils.decodeFromByteArray(coder, first);
    assertArrayEquals(first, CoderUtils.encodeToByteArray(coder, decoded),
        "the decoded value encodes to the bytes it was decoded from");
    return decoded;
  }

  /** Every field of {@code actual} is that of {@code expected}, read through its accessor. */
  public static void assertSameFields(String where, EventTally expected, EventTally actual) {
    assertEquals(expected.events(), actual.events(), where + ": events");
    assertEquals(expected.errorEvents(), actual.errorEvents(), where + ": errorEvents");
    assertEquals(expected.knownFlagEvents(), actual.knownFlagEvents(), where + ": knownFlagEvents");
    assertEquals(expected.sessionMinutesSum(), actual.sessionMinutesSum(),
        where + ": sessionMinutesSum");
    assertEquals(expected.sessionCount(), actual.sessionCount(), where + ": sessionCount");
    assertEquals(expected.ratingSum(), actual.ratingSum(), where + ": ratingSum");
    assertEquals(expected.ratingCount(), actual.ratingCount(), where + ": ratingCount");
    assertEquals(expected.firstDateSk(), actual.firstDateSk(), where + ": firstDateSk");
    assertArrayEquals(expected.users().toArray(), actual.users().toArray(), where + ": users");
  }
}
